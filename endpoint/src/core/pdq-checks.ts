import { PDQ_MAX_BITS, PDQ_MIN_BITS } from '../pdq/index.ts';
import { hammingDistance, PDQ_MATCH_DISTANCE, PDQ_MIN_QUALITY, pdqWords, popcount32 } from '../shared.ts';
import type { MediaEntry } from '../shared.ts';

/**
 * Server-side checks on the PDQ hashes a client declares. The endpoint never sees the media, so
 * it cannot recompute them; it can refuse to list or group what cannot be a useful PDQ hash.
 * The report itself is always stored as sent: these only decide what reaches the hash list and
 * the media groups.
 */

/** At most this many media of one report go into one near-duplicate group (and the hash list). */
export const MAX_NEAR_DUPLICATES_PER_REPORT = 3;

const bitsSet = (hex: string) => pdqWords(hex).reduce((sum, word) => sum + popcount32(word), 0);

/** Quality at least 50 (Meta's advice; the client's word), and a bit count PDQ can produce (ours). */
export function usablePdq(hex: string, quality: number): boolean {
  if (quality < PDQ_MIN_QUALITY) return false;
  const bits = bitsSet(hex);
  return bits >= PDQ_MIN_BITS && bits <= PDQ_MAX_BITS;
}

/**
 * The refs of a report's media whose PDQ may be listed and grouped: usable, and not the fourth
 * or later of one report's media within 31 bits of each other. One report naming fifty copies of
 * one picture would otherwise count as fifty sightings. At most 50 media a report: 1,225 comparisons.
 */
export function trustedPdqRefs(media: readonly MediaEntry[]): Set<string> {
  const kept: { ref: string; hex: string }[] = [];
  for (const medium of media) {
    const pdq = medium.hashes.find((h) => h.algorithm === 'pdq');
    if (!pdq || !usablePdq(pdq.value, pdq.quality)) continue;
    const near = kept.filter((k) => hammingDistance(k.hex, pdq.value) <= PDQ_MATCH_DISTANCE).length;
    if (near < MAX_NEAR_DUPLICATES_PER_REPORT) kept.push({ ref: medium.ref, hex: pdq.value });
  }
  return new Set(kept.map((k) => k.ref));
}
