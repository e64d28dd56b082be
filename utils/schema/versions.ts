/**
 * Speaking to an endpoint older than the report: a 1.1 report (rendition, storyboard_pdq, tmk) that an endpoint
 * refuses by its schema is resent as 1, without what 1 cannot carry. Nothing the old endpoint could store is lost,
 * and each medium that lost a hash says so in its `error`.
 */
import { MAX_MEDIUM_ERROR_LENGTH } from './limits';
import { REPORT_SCHEMA_ID, schemaIdFor, type MediaEntry, type MediaHash, type Report } from './report';

/** The hashes of 1.1 that 1 has no place for, each with the words its medium's `error` gets when it goes. */
const VERSION_11_HASHES = { storyboard_pdq: 'storyboard hashes', tmk: 'TMK' } as const satisfies Partial<Record<MediaHash['algorithm'], string>>;
type Version11Hash = keyof typeof VERSION_11_HASHES;
const ONLY_VERSION_1 = 'the endpoint accepts flagpost.report/1 only';

export function downgradeToVersion1(report: Report): Report {
  const stripped = withoutHashes(report, Object.keys(VERSION_11_HASHES) as Version11Hash[], ONLY_VERSION_1);
  return { ...stripped, schema: REPORT_SCHEMA_ID, media: stripped.media.map(({ rendition: _rendition, ...medium }) => medium) };
}

/**
 * The report without these hashes; each medium that had one says "<what> not sent: <why>" in its `error`.
 * Also used when an endpoint no longer lists "tmk" in `GET /v1` `hashes` (utils/endpoint/deliver.ts).
 */
export function withoutHashes(report: Report, algorithms: readonly Version11Hash[], why: string): Report {
  return { ...report, media: report.media.map((medium) => withoutMediumHashes(medium, algorithms, why)) };
}

function withoutMediumHashes(medium: MediaEntry, algorithms: readonly Version11Hash[], why: string): MediaEntry {
  const dropped = algorithms.filter((algorithm) => medium.hashes.some((hash) => hash.algorithm === algorithm));
  if (!dropped.length) return medium;
  const hashes = medium.hashes.filter((hash) => !(dropped as string[]).includes(hash.algorithm));
  const note = `${dropped.map((algorithm) => VERSION_11_HASHES[algorithm]).join(' and ')} not sent: ${why}`;
  const error = medium.error ? `${medium.error}; ${note}` : note;
  return { ...medium, hashes, error: error.slice(0, MAX_MEDIUM_ERROR_LENGTH) };
}

/**
 * A 1.2 report for an endpoint that does not accept 1.2: a post's outbound links go (an older endpoint has no place
 * for them; the post itself is all it ever got) and the report says the version its media need. An account report
 * has no older form: null, and the extension keeps it and tells the user (utils/endpoint/deliver.ts).
 */
export function withoutVersion12(report: Report): Report | null {
  const { kind, account: _account, outLinks: _outLinks, ...target } = report.target;
  if (kind === 'account') return null;
  return { ...report, target, schema: schemaIdFor(report.media) };
}
