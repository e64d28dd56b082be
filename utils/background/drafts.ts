/**
 * A report from the moment its dialog opens to the moment its media are all hashed. The dialog never
 * waits for hashing: the draft is kept here under its id, each medium is written down as soon as it is
 * done, progress is pushed to the dialog a few times a second, and Send works at any time. Sent while a
 * video is still hashing, the report is stored as 'hashing' and queued by its last medium
 * (queue.settleMedium). Everything is persisted (session storage before Send, the reports store after):
 * a service worker stopped mid-hash resumes the media not done on its next start, and a medium is never
 * written twice, so the report is delivered once.
 */
import { t } from '../i18n';
import type { RequestOf, ResponseOf } from '../messages';
import type { MediaProgress, ReportForm } from '../domain';
import { buildReport, type ClientInfo } from '../pipeline/build-report';
import type { HashMediaOptions } from '../pipeline/hash-media';
import { HASHING_CANCELLED, HASHING_GAVE_UP, isSettled, MAX_HASHING_STARTS, unhashedEntry, withSettled } from '../pipeline/media-state';
import type { Queue } from '../pipeline/queue';
import { timed } from '../timing';
import { preparingBoundMs, preparingTimedOut, STEP_TIMEOUT_MS, StepTimeout, stepTimedOut, withinStep } from '../pipeline/prepare-bounds';
import type { ExtractedPost } from '../platforms/types';
import { Report, type MediaEntry, type Reporter } from '../schema/report';
import { describeIssues } from '../schema/zod';
import type { VideoLimits } from '../hash/video-decode';
import { deleteDraft, getDraft, listDrafts, saveDraft, type Draft } from '../store/drafts';
import { getReport, reportsWithStatus, updateReport, type StoredReport } from '../store/reports';
import { keyedSerialQueue, serialQueue } from '../serial';
import { mediaConsent, NOT_AGREED } from './media-consent';
import { deleteStaleBatches } from './batch';
import type { FetchScope, HashableMedium } from '../domain';

/** At most a few progress messages a second per dialog: a decoder reports every frame. A settled medium goes at once. */
export const PROGRESS_INTERVAL_MS = 250;
/**
 * Send waits this long for hashing to finish before storing the report as 'hashing': pictures and short
 * videos are in the report sent at once; only a long video leaves it waiting.
 */
export const SUBMIT_WAIT_MS = 2000;
/** A draft whose dialog went without a word (tab closed) is forgotten after this long. */
export const DRAFT_TTL_MS = 6 * 3600_000;
/** The alarm that wakes a stopped worker while a draft is being hashed (a held report has the queue's). */
export const DRAFTS_ALARM = 'flagpost-drafts';
/** Chrome's shortest alarm period: a stopped worker is back within half a minute. */
export const DRAFTS_WAKE_MINUTES = 0.5;

type Tab = NonNullable<Draft['tab']>;

export interface DraftContext {
  reporter: Reporter;
  client: ClientInfo;
  goodFaithStatement: string;
  videoLimits: VideoLimits;
}

export interface DraftDeps {
  hashMedia: (media: HashableMedium[], options: HashMediaOptions) => Promise<MediaEntry[]>;
  /** Finds the streams the page could not name (utils/background/locate-streams.ts), once, when the draft is made. */
  locate: (post: ExtractedPost, tab: Tab | undefined) => Promise<HashableMedium[]>;
  /** A failed medium's `error` in words the reporter can act on (a CDN that wants the site's cookies). */
  explain: (platform: ExtractedPost['platform'], entry: MediaEntry) => MediaEntry;
  queue: Pick<Queue, 'submit' | 'hold' | 'settleMedium'>;
  /** Read at each use: Settings may change while a dialog is open. */
  context: () => Promise<DraftContext>;
  /** Sends 'report.progress' to the dialog's frame. */
  push: (tab: Tab, payload: RequestOf<'report.progress'>) => Promise<unknown>;
  /** Keeps the service worker awake while hashing runs; returns the function that lets it rest. */
  keepAlive: () => () => void;
  /**
   * On while any hashing runs: an alarm (DRAFTS_ALARM) that wakes the worker should the browser stop it, so
   * that `resume` carries on, or ends at the bound, without waiting for the user's next click.
   */
  wakeUpWhileHashing?: (on: boolean) => void;
  now?: () => number;
  submitWaitMs?: number;
  /** The bounds of utils/pipeline/prepare-bounds.ts unless a test gives shorter ones. */
  boundMs?: typeof preparingBoundMs;
  locateMs?: number;
}

interface Job {
  controller: AbortController;
  progress: MediaProgress;
  /** Settles when hashing has ended, however it ended. */
  done: Promise<void>;
}

interface PushState {
  timer?: ReturnType<typeof setTimeout>;
  last: number;
  withMedia: boolean;
  /** The pushes sent so far, one after the other. */
  sent: Promise<void>;
}

export function createDrafts(deps: DraftDeps) {
  const now = deps.now ?? (() => Date.now());
  const boundMsOf = deps.boundMs ?? preparingBoundMs;
  const jobs = new Map<string, Job>();
  const pushes = new Map<string, PushState>();
  /** One change at a time per report: a medium done, Send, Stop and Close each read then write its state. */
  const serialized = keyedSerialQueue();
  const resuming = serialQueue();

  /** Writes a finished medium where the report is now: the held report once sent, else the draft. */
  function settle(id: string, index: number, entry: MediaEntry): Promise<void> {
    return serialized(id, async () => {
      if (await deps.queue.settleMedium(id, index, entry)) return;
      // Sent already and not held (or deleted from the popup): a draft left by a stopped worker goes.
      if (await getReport(id)) return deleteDraft(id);
      const draft = await getDraft(id);
      const media = draft && withSettled(draft.media, index, entry);
      if (!draft || !media) return;
      await saveDraft({ ...draft, media });
      schedulePush(id, true);
    });
  }

  /** Every medium of the report not done yet gets `error` (the user stopped hashing, or the bound was reached). */
  async function settleRest(id: string, error: string): Promise<void> {
    const media = (await getDraft(id))?.media ?? (await getReport(id))?.report.media ?? [];
    await Promise.all(media.map((entry, index) => (isSettled(entry) ? undefined : settle(id, index, { ...entry, error }))));
  }

  function schedulePush(id: string, withMedia = false): void {
    const state = pushes.get(id) ?? { last: 0, withMedia: false, sent: Promise.resolve() };
    pushes.set(id, state);
    state.withMedia ||= withMedia;
    const push = () => {
      clearTimeout(state.timer);
      state.timer = undefined;
      state.last = now();
      const media = state.withMedia;
      state.withMedia = false;
      if (!jobs.has(id)) pushes.delete(id); // the last push of this hashing
      state.sent = state.sent.then(() => pushNow(id, media)).catch(warn); // in order: a later state never arrives first
    };
    // A medium settled: the dialog hears it at once (a post has a few media; the throttle is for the decoder's
    // frames), else "hashed" would show up to PROGRESS_INTERVAL_MS late (bench/video-report.bench.ts).
    if (withMedia) return push();
    if (state.timer) return;
    state.timer = setTimeout(push, Math.max(0, state.last + PROGRESS_INTERVAL_MS - now()));
  }

  async function pushNow(id: string, withMedia: boolean): Promise<void> {
    const draft = await getDraft(id);
    if (!draft?.tab) return;
    const progress = jobs.get(id)?.progress ?? draft.media.map(() => null);
    // Nobody answers: the tab was closed or the frame navigated, and the dialog went with it, unsent.
    await deps.push(draft.tab, { id, progress, ...(withMedia ? { media: draft.media } : {}) }).catch(() => discard(id));
  }

  function discard(id: string): Promise<void> {
    return serialized(id, async () => {
      if (await getReport(id)) return;
      jobs.get(id)?.controller.abort(new Error(HASHING_CANCELLED));
      await deleteDraft(id);
    });
  }

  /**
   * Hashes the media of `media` not done yet; `starts` counts this start (a stopped worker's start is one more).
   * `located`: the media as located when the draft was made (a storyboard's sheets); without it, by their URLs.
   * Hashing ends by the bound counted from `boundFrom` (the draft's creation, or the user's agreement to fetch:
   * utils/pipeline/prepare-bounds.ts), a restarted worker's too.
   */
  function startJob(
    id: string, boundFrom: string, media: MediaEntry[], starts: number, platform: ExtractedPost['platform'], located?: HashableMedium[],
    scope?: FetchScope,
  ): void {
    const pending = media.flatMap((entry, index) => (isSettled(entry) ? [] : [index]));
    if (jobs.has(id) || !pending.length) return;
    let ended = () => {};
    const job: Job = { controller: new AbortController(), progress: media.map(() => null), done: new Promise((resolve) => (ended = resolve)) };
    jobs.set(id, job);
    deps.wakeUpWhileHashing?.(true);
    const rest = deps.keepAlive();
    const settleOne = (local: number, entry: MediaEntry) => settle(id, pending[local]!, deps.explain(platform, entry));
    const settleAll = (entries: MediaEntry[]) => Promise.all(entries.map((entry, local) => settleOne(local, entry)));

    async function run(): Promise<void> {
      if (starts > MAX_HASHING_STARTS) {
        // The same medium keeps stopping the browser's worker: give up on it rather than loop forever.
        await settleAll(pending.map((index) => ({ ...media[index]!, error: HASHING_GAVE_UP })));
        return;
      }
      const { videoLimits } = await deps.context();
      const boundMs = boundMsOf(media.map((entry) => entry.kind), videoLimits);
      let timer: ReturnType<typeof setTimeout> | undefined;
      // Not the media's goodwill: at the bound every medium not done gets its error, whatever its step is doing.
      const bound = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), Date.parse(boundFrom) + boundMs - now())));
      const hashing = timed('prepare', () => deps.hashMedia(
        pending.map((index) => located?.[index] ?? { kind: media[index]!.kind, sourceUrl: media[index]!.sourceUrl }),
        {
          signal: job.controller.signal,
          videoLimits,
          scope,
          onProgress: (local, { done, total }) => {
            job.progress[pending[local]!] = { done, total };
            schedulePush(id);
          },
          onDone: (local, entry) => void settleOne(local, entry).catch(warn),
        },
      ));
      const entries = await Promise.race([hashing, bound]).finally(() => clearTimeout(timer));
      if (entries !== 'expired') return void (await settleAll(entries));
      const reason = preparingTimedOut(boundMs);
      job.controller.abort(new Error(reason));
      await settleRest(id, reason);
    }
    void run()
      .catch(warn)
      .finally(() => {
        rest();
        jobs.delete(id);
        if (!jobs.size) deps.wakeUpWhileHashing?.(false);
        ended();
        schedulePush(id, true);
      });
  }

  async function resumeOnce(): Promise<void> {
    for (const draft of await listDrafts()) {
      if (jobs.has(draft.id)) continue;
      if ((await getReport(draft.id)) || Date.parse(draft.createdAt) < now() - DRAFT_TTL_MS) {
        await deleteDraft(draft.id);
        continue;
      }
      if (draft.media.every(isSettled) || draft.awaitingConsent) continue;
      const starts = draft.hashingStarts + 1;
      await saveDraft({ ...draft, hashingStarts: starts });
      startJob(draft.id, draft.hashingFrom ?? draft.createdAt, draft.media, starts, draft.post.platform, draft.located, draft.scope);
    }
    // The batches' records go with their drafts' bound: nothing else deletes a record whose frame never closed.
    await deleteStaleBatches(now() - DRAFT_TTL_MS);
    for (const record of await reportsWithStatus(['hashing'])) {
      if (jobs.has(record.id)) continue;
      const starts = (record.hashingStarts ?? 1) + 1;
      const updated = await updateReport(record.id, (r) => (r.status === 'hashing' ? { ...r, hashingStarts: starts } : undefined));
      if (updated) startJob(record.id, updated.report.createdAt, updated.report.media, starts, updated.report.target.platform, updated.located, updated.scope);
    }
  }

  /** The post's media located, within the locate step's bound: past it, those that needed locating say so. */
  function locateWithin(post: ExtractedPost, tab: Tab | undefined): Promise<HashableMedium[]> {
    const ms = deps.locateMs ?? STEP_TIMEOUT_MS.locate;
    return withinStep(deps.locate(post, tab), ms, '').catch((error: unknown) => {
      if (!(error instanceof StepTimeout)) throw error;
      return post.media.map(({ locate, ...medium }) => (locate && !medium.error ? { ...medium, error: stepTimedOut('finding the video', ms) } : medium));
    });
  }

  function answer(record: StoredReport): ResponseOf<'report.submit'> {
    return { id: record.id, status: record.status, ...(record.lastError ? { reason: record.lastError } : {}) };
  }

  return {
    /**
     * Makes the draft under the dialog's `id` and starts hashing; answers at once (within the locate step's
     * bound) with what the dialog needs to build its preview. Asked again with the same id (its answer was lost
     * with a stopped worker), it answers with the draft made the first time, whose hashing goes on or resumes.
     * Media off the platforms' hosts wait for the user's agreement (`confirmFetch`: their URLs, see allowFetch).
     * `pageOrigin`: the reporting page's origin as the browser names the sender.
     */
    prepare(id: string, post: ExtractedPost, tab: Tab | undefined, pageOrigin?: string): Promise<ResponseOf<'report.prepare'>> {
      return serialized(id, async () => {
        const { reporter, client, videoLimits } = await deps.context();
        const answer = (draft: Draft, confirmFetch: string[]) => ({
          draft: { id, createdAt: draft.createdAt, observedAt: draft.observedAt, media: draft.media },
          reporter, client, boundMs: boundMsOf(draft.media.map((entry) => entry.kind), videoLimits), confirmFetch,
        });
        if (await getReport(id)) throw new Error(t('draftGone')); // sent already: this dialog has nothing more to prepare
        const existing = await getDraft(id);
        if (existing) {
          if (existing.awaitingConsent) return answer(existing, mediaConsent(existing.located ?? [], pageOrigin).confirmFetch);
          startJob(id, existing.hashingFrom ?? existing.createdAt, existing.media, existing.hashingStarts, existing.post.platform, existing.located, existing.scope);
          return answer(existing, []);
        }
        const at = new Date(now()).toISOString();
        const consent = mediaConsent(await locateWithin(post, tab), pageOrigin);
        const { located } = consent;
        // A medium located with an `error` (a stream the page never loaded, a refused address) is settled from the start.
        const media = located.map((medium, index) => ({ ...unhashedEntry(medium, index), ...(medium.error ? { error: medium.error } : {}) }));
        const waiting = consent.confirmFetch.length > 0;
        const draft: Draft = {
          id, createdAt: at, observedAt: at, post, media, located, hashingStarts: 1, ...(tab ? { tab } : {}),
          scope: consent.scope, ...(waiting ? { awaitingConsent: true } : {}),
        };
        await saveDraft(draft);
        if (!waiting) startJob(id, at, draft.media, draft.hashingStarts, post.platform, located, draft.scope);
        return answer(draft, consent.confirmFetch);
      });
    },

    /** The user saw the URLs the dialog listed and agreed: hashing starts, its bound counted from now. */
    allowFetch(id: string): Promise<void> {
      return serialized(id, async () => {
        const draft = await getDraft(id);
        if (!draft?.awaitingConsent) return;
        const { awaitingConsent: _agreed, ...rest } = draft;
        const agreed: Draft = { ...rest, hashingFrom: new Date(now()).toISOString() };
        await saveDraft(agreed);
        startJob(id, agreed.hashingFrom!, agreed.media, agreed.hashingStarts, agreed.post.platform, agreed.located, agreed.scope);
      });
    },

    /**
     * Validates and stores the report: queued at once, or held as 'hashing' while a medium is not done.
     * With the post it reports, the first time only.
     */
    async submit(id: string, form: ReportForm): Promise<{ result: ResponseOf<'report.submit'>; post?: ExtractedPost }> {
      // Outside the per-report chain: the media that finish meanwhile are written through it.
      const running = jobs.get(id);
      if (running && !running.controller.signal.aborted) await waitAtMost(running.done, deps.submitWaitMs ?? SUBMIT_WAIT_MS);
      return serialized(id, async () => {
        const existing = await getReport(id);
        if (existing) return { result: answer(existing) }; // Send pressed twice: one report
        const kept = await getDraft(id);
        if (!kept) throw new Error(t('draftGone'));
        // Sent without agreeing to fetch: those media are reported unfetched, with the reason.
        const draft = kept.awaitingConsent
          ? { ...kept, media: kept.media.map((entry) => (isSettled(entry) ? entry : { ...entry, error: NOT_AGREED })) }
          : kept;
        const { reporter, client, goodFaithStatement } = await deps.context();
        const checked = timed('build', () => Report.safeParse(buildReport({ draft, post: draft.post, form, reporter, goodFaithStatement, client })));
        if (!checked.success) throw new Error(describeIssues(checked.error));
        const hashing = !checked.data.media.every(isSettled);
        if (hashing) {
          const held = await deps.queue.hold(checked.data, draft.hashingStarts, { located: draft.located, scope: draft.scope });
          await deleteDraft(id);
          return { result: answer(held), post: draft.post };
        }
        const stored = deps.queue.submit(checked.data);
        await stored.then(() => deleteDraft(id), () => undefined);
        return { result: answer(await stored), post: draft.post };
      });
    },

    /** Stops hashing: the media not done are kept with the error "hashing cancelled"; Send then goes at once. */
    async stopHashing(id: string): Promise<void> {
      jobs.get(id)?.controller.abort(new Error(HASHING_CANCELLED));
      await settleRest(id, HASHING_CANCELLED);
    },

    /** The dialog closed without sending: stop hashing and forget the draft. A sent report keeps hashing. */
    discard,

    /** At a worker's start (and on its wake-up alarm): hashing that a stopped worker left unfinished starts again. */
    resume(): Promise<void> {
      return resuming(resumeOnce);
    },
  };
}

async function waitAtMost(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function warn(error: unknown): void {
  console.warn('Flagpost:', error);
}

export type Drafts = ReturnType<typeof createDrafts>;
