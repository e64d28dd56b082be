/**
 * Speaking to an endpoint older than the report: a 1.1 report (rendition, storyboard_pdq) that an endpoint refuses
 * by its schema is resent as 1, without what 1 cannot carry. Nothing the old endpoint could store is lost, and
 * each medium that lost a hash says so in its `error`.
 */
import { REPORT_SCHEMA_ID, type MediaEntry, type Report } from './report';

const DROPPED = 'storyboard hashes not sent: the endpoint accepts flagpost.report/1 only';
/** The report format's limit on `error`. */
const MAX_ERROR = 500;

export function downgradeToVersion1(report: Report): Report {
  return { ...report, schema: REPORT_SCHEMA_ID, media: report.media.map(withoutVersion11) };
}

function withoutVersion11({ rendition: _rendition, ...medium }: MediaEntry): MediaEntry {
  const hashes = medium.hashes.filter((hash) => hash.algorithm !== 'storyboard_pdq');
  if (hashes.length === medium.hashes.length) return medium;
  const error = medium.error ? `${medium.error}; ${DROPPED}` : DROPPED;
  return { ...medium, hashes, error: error.slice(0, MAX_ERROR) };
}
