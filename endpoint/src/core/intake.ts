import { ApiError } from '../errors.ts';
import { describeIssues, Report } from '../shared.ts';
import type { Storage } from '../storage/types.ts';
import { canonicalJson } from './canonical-json.ts';
import { sha256Hex } from './crypto.ts';
import { UNSTORABLE_MESSAGE, unstorableTextAt } from './storable-text.ts';
import type { MediaGroups } from './media-groups.ts';
import { trustedPdqRefs } from './pdq-checks.ts';
import type { TmkGroups } from './tmk-groups.ts';
import { tmkSignaturesOf, withTmkStoredApart } from './tmk-intake.ts';

export interface Receipt {
  id: string;
  status: 'received';
  receivedAt: string;
}

const MAX_KEY_LENGTH = 100;

/**
 * POST /v1/reports, whatever the transport: validate, store once, answer. The Idempotency-Key is
 * the report id; a replay of the same body gets the first receipt (200) and never a second record.
 */
export async function receiveReport(
  deps: { storage: Storage; groups: MediaGroups; tmkGroups: TmkGroups; now: () => Date; config?: { hashQuotaPerDay: number } },
  input: { body: unknown; idempotencyKey: string | undefined; tokenId: string },
): Promise<{ created: boolean; receipt: Receipt }> {
  const key = input.idempotencyKey?.trim();
  if (!key) throw new ApiError(400, 'idempotency_key_required', 'Idempotency-Key: required; send the report id');
  if (key.length > MAX_KEY_LENGTH) throw new ApiError(400, 'idempotency_key_invalid', `Idempotency-Key: at most ${MAX_KEY_LENGTH} characters`);
  const parsed = Report.safeParse(input.body);
  if (!parsed.success) throw new ApiError(422, 'invalid_report', describeIssues(parsed.error));
  const report = parsed.data;
  const unstorable = unstorableTextAt(report);
  if (unstorable) throw new ApiError(422, 'invalid_report', `${unstorable}: ${UNSTORABLE_MESSAGE}`);
  if (key !== report.id) throw new ApiError(400, 'idempotency_key_mismatch', 'Idempotency-Key: must equal the report id');

  const bodySha256 = sha256Hex(canonicalJson(input.body));
  const receivedAt = deps.now().toISOString();
  const trusted = trustedPdqRefs(report.media);
  const tmk = tmkSignaturesOf(report);
  const result = await deps.storage.insertReport({
    report: withTmkStoredApart(report, tmk), tokenId: input.tokenId, bodySha256, receivedAt, hashes: hashListEntries(report, trusted),
    hashQuotaPerDay: deps.config?.hashQuotaPerDay,
    groupableRefs: trusted,
    tmk,
  });
  // Grouped by passes after the answer (the export waits for them): waiting here cost each report a
  // pass of its own, five round trips and a commit. Also for a replay, whose first pass may have failed.
  if (trusted.size) deps.groups.soon();
  if (tmk.length) deps.tmkGroups.soon();
  if (result.created) return { created: true, receipt: { id: report.id, status: 'received', receivedAt } };
  const { existing } = result;
  if (existing.tokenId !== input.tokenId || existing.bodySha256 !== bodySha256) {
    throw new ApiError(409, 'idempotency_conflict', 'Idempotency-Key: this id was already used for a different report');
  }
  return { created: false, receipt: { id: report.id, status: 'received', receivedAt: existing.receivedAt } };
}

/**
 * What GET /v1/hashes will list for this report: its permalink's SHA-256 and its media hashes,
 * once each; PDQ only for the media `trustedPdqRefs` lets through.
 */
export function hashListEntries(report: Report, trusted = trustedPdqRefs(report.media)): { algorithm: string; value: string }[] {
  const entries = new Map<string, { algorithm: string; value: string }>();
  const add = (algorithm: string, value: string) => entries.set(`${algorithm}:${value}`, { algorithm, value });
  add('url_sha256', sha256Hex(report.target.url));
  for (const medium of report.media) {
    for (const hash of medium.hashes) {
      // Frame lists are matched by their own tools, not listed hash by hash; a TMK signature (263 KB)
      // is no list entry either: researchers get it from the export (routes/tmk-export.ts).
      if (hash.algorithm === 'vpdq' || hash.algorithm === 'storyboard_pdq' || hash.algorithm === 'tmk') continue;
      if (hash.algorithm === 'pdq' && !trusted.has(medium.ref)) continue;
      add(hash.algorithm, hash.value);
    }
  }
  return [...entries.values()];
}
