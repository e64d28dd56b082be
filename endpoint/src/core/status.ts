import { ApiError } from '../errors.ts';
import type { EndpointStatus, Report } from '../shared.ts';
import { RETRACTED, type ReportState, type Storage } from '../storage/types.ts';
import { hashListEntries } from './intake.ts';

/** The review workflow. A report can be withdrawn by its reporter until a decision is final. */
export const nextStatuses: Record<EndpointStatus, readonly EndpointStatus[]> = {
  received: ['under_review', 'rejected', 'withdrawn'],
  under_review: ['forwarded', 'rejected', 'withdrawn'],
  forwarded: ['actioned', 'rejected', 'withdrawn'],
  actioned: [],
  rejected: [],
  withdrawn: [],
};

/**
 * Who may make which move: withdrawing is the reporter's alone (POST /v1/reports/{id}/withdraw),
 * and it is all a reporter may do. Reviewers (the page, the CLI) make every other move.
 */
export type Actor = 'reporter' | 'reviewer';
export const movesFor = (by: Actor, status: EndpointStatus): EndpointStatus[] =>
  nextStatuses[status].filter((next) => (next === 'withdrawn') === (by === 'reporter'));

/** The bounds the extension reads them with (utils/pipeline/track.ts). */
export const MAX_NOTE = 2000;
export const MAX_OUTCOME = 500;

export interface StatusChange {
  id: string;
  status: EndpointStatus;
  by: Actor;
  note?: string;
  outcome?: string;
  /** The status the reviewer saw when deciding (a page's form): a report no longer in it is refused, not moved on a stale view. */
  seen?: EndpointStatus;
  /** For the audit log: which token (never its secret) and name acted; the role alone when unknown. */
  who?: { tokenId?: string; name: string };
}

/** Why a move was refused: the bulk page lists each report's reason, so it travels as data, not only as a sentence. */
export type Refusal = 'forbidden' | 'transition' | 'withdrawn' | 'stale';

/** A refused move; `from` is the status the report had. */
export class MoveRefused extends ApiError {
  constructor(readonly reason: Refusal, readonly from: EndpointStatus, to: EndpointStatus, by: Actor) {
    super(reason === 'forbidden' ? 403 : 409, { forbidden: 'forbidden', transition: 'invalid_transition', withdrawn: 'withdrawn', stale: 'stale' }[reason], refusalMessage(reason, from, to, by));
  }
}

/** The workflow's own sentence for a refusal (English, as the API answers it). */
export function refusalMessage(reason: Refusal, from: EndpointStatus, to: EndpointStatus, by: Actor = 'reviewer'): string {
  if (reason === 'forbidden') return 'status: only its reporter can withdraw a report';
  if (reason === 'stale') return `status: the report changed since you loaded the page (it is now ${from}); nothing was written, reload it and decide again`;
  if (reason === 'withdrawn') return 'status: its reporter withdrew this report; reviewers can no longer change it, nor its note or outcome';
  const allowed = movesFor(by, from);
  const article = /^[aeiu]/.test(from) ? 'an' : 'a';
  return `status: ${article} ${from} report cannot become ${to}${allowed.length ? ` (it can become: ${allowed.join(', ')})` : ' (its status is final)'}`;
}

/** What changeStatus did: `changed` is false when the report already was so (nothing written, no audit entry). */
export type StatusResult = ReportState & { changed: boolean };

/**
 * Moves a report along the workflow. Setting the status it already has only updates note/outcome;
 * with neither (or the same ones) it writes nothing, so a form posted twice leaves no trace the second time.
 * The write is compare-and-set, so a reviewer and a withdrawing reporter cannot both win; the loser
 * re-reads and is judged against the new status.
 */
export async function changeStatus(storage: Storage, change: StatusChange, now: () => Date): Promise<StatusResult> {
  if (change.note !== undefined && change.note.length > MAX_NOTE) throw new ApiError(422, 'invalid_note', `note: at most ${MAX_NOTE} characters`);
  if (change.outcome !== undefined && change.outcome.length > MAX_OUTCOME) {
    throw new ApiError(422, 'invalid_outcome', `outcome: at most ${MAX_OUTCOME} characters`);
  }
  const note = change.note?.trim() || undefined;
  const outcome = change.outcome?.trim() || undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await storage.reportState(change.id);
    if (!current) throw new ApiError(404, 'not_found', 'id: no such report');
    // The withdrawal is the reporter's last word: a reviewer's note or outcome must not be written over it.
    if (change.by === 'reviewer' && current.status === 'withdrawn') throw new MoveRefused('withdrawn', current.status, change.status, change.by);
    if (change.status === current.status && (note ?? current.note) === current.note && (outcome ?? current.outcome) === current.outcome) {
      return { ...current, changed: false };
    }
    if (change.seen && change.seen !== current.status) throw new MoveRefused('stale', current.status, change.status, change.by);
    if (change.status !== current.status && change.by === 'reviewer' && change.status === 'withdrawn') {
      throw new MoveRefused('forbidden', current.status, change.status, change.by);
    }
    if (change.status !== current.status && !movesFor(change.by, current.status).includes(change.status)) {
      throw new MoveRefused('transition', current.status, change.status, change.by);
    }
    const at = now().toISOString();
    const actor = { role: change.by, ...(change.who ?? { name: change.by }) };
    const retracts = RETRACTED.includes(change.status) && !RETRACTED.includes(current.status);
    // The stored body never changes, so it can be read before the compare-and-set.
    const hashEntries = retracts ? hashListEntries(JSON.parse((await storage.reportBody(change.id))!) as Report) : undefined;
    if (await storage.updateStatus({ id: change.id, expected: current.status, status: change.status, note, outcome, at, actor, hashEntries })) {
      return { ...current, status: change.status, updatedAt: at, note: note ?? current.note, outcome: outcome ?? current.outcome, changed: true };
    }
  }
  throw new ApiError(503, 'busy', 'status: the report is changing too often; try again', { 'Retry-After': '1' });
}

/** The reporter's view of a report (GET /v1/reports/{id}): empty fields left out. */
export function statusAnswer(state: ReportState) {
  return {
    id: state.id,
    status: state.status,
    updatedAt: state.updatedAt,
    ...(state.outcome ? { outcome: state.outcome } : {}),
    ...(state.note ? { note: state.note } : {}),
  };
}
