import { vpdqMatch, type VpdqMatchFrame } from '../shared.ts';
import type { Driver } from './driver.ts';

/**
 * "The same video by vPDQ" (issue 19), found when asked, not stored: the intake keeps vPDQ only in
 * the report's body, and a frame list has no SQL index. Two videos are the same when, by the
 * reference's brute-force rule (utils/hash/vpdq-match.ts: frames of quality ≥ 50, a frame found when
 * a frame of the other is closer than 31 bits), at least VPDQ_SAME_VIDEO_PERCENT of EACH video's good
 * frames are found in the other. The percentage is python-threatexchange's default query threshold
 * (vpdq_util.py, VPDQ_QUERY_MATCH_THRESHOLD_PERCENT = 80); its index threshold (0) would make a short
 * clip "the same video" as the long one it was cut from, but not the other way round, so a group
 * would depend on which report it was opened from. Asked of both directions, the relation is symmetric.
 */
export const VPDQ_SAME_VIDEO_PERCENT = 80;

/**
 * Bodies read per round trip. A body is at most the request body limit (a vPDQ of 36,000 frames is
 * about 3.6 MB), so fewer than the 5,000 PDQs a PDQ search reads at once; memory stays bounded.
 */
const VPDQ_SCAN_CHUNK = 100;
/** A stored body is JSON.stringify(report): only those with a vPDQ hash are read at all (a LIKE pattern). */
export const HAS_VPDQ = '%"algorithm":"vpdq"%';

/** The frame list of each vPDQ hash of a stored report body (none for a body without vPDQ). */
export function vpdqVideosOf(body: string): VpdqMatchFrame[][] {
  const report = JSON.parse(body) as { media?: { hashes?: { algorithm: string; frames?: VpdqMatchFrame[] }[] }[] };
  return (report.media ?? []).flatMap((m) => (m.hashes ?? []).flatMap((h) => (h.algorithm === 'vpdq' && h.frames ? [h.frames] : [])));
}

/** Whether two videos are the same by the rule above. */
export function isSameVideoByVpdq(a: readonly VpdqMatchFrame[], b: readonly VpdqMatchFrame[]): boolean {
  const { queryMatchPct, targetMatchPct } = vpdqMatch(a, b);
  return queryMatchPct >= VPDQ_SAME_VIDEO_PERCENT && targetMatchPct >= VPDQ_SAME_VIDEO_PERCENT;
}

/**
 * The reports (this one included, when its vPDQ has a good frame) with a video that is the same as
 * one of `reportId`'s by vPDQ, at most `max`, in id order. Empty for an unknown report or one without vPDQ.
 */
export async function reportsSameVideoByVpdq(db: Driver, reportId: string, max: number): Promise<string[]> {
  const [own] = await db.all<{ body: string }>('SELECT body FROM reports WHERE id = ?', [reportId]);
  const videos = own ? vpdqVideosOf(own.body) : [];
  if (!videos.length) return [];
  const ids: string[] = [];
  for (let after = ''; ids.length < max;) {
    const rows = await db.all<{ id: string; body: string }>(
      'SELECT id, body FROM reports WHERE id > ? AND body LIKE ? ORDER BY id LIMIT ?', [after, HAS_VPDQ, VPDQ_SCAN_CHUNK]);
    for (const row of rows) {
      if (ids.length >= max) break;
      if (vpdqVideosOf(row.body).some((theirs) => videos.some((ours) => isSameVideoByVpdq(ours, theirs)))) ids.push(row.id);
    }
    if (rows.length < VPDQ_SCAN_CHUNK) break;
    after = rows[rows.length - 1]!.id;
  }
  return ids;
}
