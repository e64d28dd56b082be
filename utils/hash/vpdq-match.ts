/**
 * Brute-force vPDQ video matching, as the reference `match-hashes-brute` (vpdq/cpp matchTwoHash.cpp):
 * drop frames with quality < 50, then the percentage of query frames that have SOME target frame within
 * distance < 31 (strictly less), and the same the other way round. No de-duplication (python-threatexchange
 * de-duplicates first and uses <= 31; its figures can differ slightly).
 */
import { PDQ_MATCH_DISTANCE, PDQ_MIN_QUALITY, pdqWords, wordsDistance } from './pdq-distance';

export interface VpdqMatchFrame {
  quality: number;
  /** 64 hex chars. */
  value: string;
}

export interface VpdqMatchResult {
  /** Percent of the query's good frames found in the target. */
  queryMatchPct: number;
  /** Percent of the target's good frames found in the query. */
  targetMatchPct: number;
}

export interface VpdqMatchOptions {
  /** A frame pair matches when its Hamming distance is strictly below this. */
  distance?: number;
  /** Frames with a lower quality are ignored. */
  quality?: number;
}

export function vpdqMatch(
  query: readonly VpdqMatchFrame[],
  target: readonly VpdqMatchFrame[],
  { distance = PDQ_MATCH_DISTANCE, quality = PDQ_MIN_QUALITY }: VpdqMatchOptions = {},
): VpdqMatchResult {
  const q = words(query.filter((f) => f.quality >= quality));
  const t = words(target.filter((f) => f.quality >= quality));
  // Like the reference: with no good frame on either side, nothing matches.
  if (q.length === 0 || t.length === 0) return { queryMatchPct: 0, targetMatchPct: 0 };
  return {
    queryMatchPct: (found(q, t, distance) * 100) / q.length,
    targetMatchPct: (found(t, q, distance) * 100) / t.length,
  };
}

/** How many of `from` have a hash in `to` closer than `distance`. */
function found(from: Uint32Array[], to: Uint32Array[], distance: number): number {
  return from.filter((a) => to.some((b) => wordsDistance(a, b) < distance)).length;
}

function words(frames: readonly VpdqMatchFrame[]): Uint32Array[] {
  return frames.map(({ value }) => pdqWords(value));
}
