/**
 * Which rendition of an adaptive stream (HLS variant, DASH representation) is hashed. vPDQ of a small
 * rendition drifts from the full-size one (fewer pixels, more compression); a large one costs decode time
 * and bytes. The rule is one constant, set from the ladder measurements (how far each rendition's vPDQ
 * lands from the 1080p one).
 */

import type { Rendition } from '../schema/report';

export type { Rendition };

/** The smallest rendition whose shorter side is at least this many pixels, else the largest. */
export const MIN_SHORT_SIDE_PX = 360;

export function chooseRendition<R extends Rendition>(renditions: readonly R[]): R {
  if (renditions.length === 0) throw new Error('the stream lists no video rendition');
  const shortSide = (r: R) => (r.width && r.height ? Math.min(r.width, r.height) : undefined);
  // Larger first: by shorter side, then bitrate (a ladder may repeat a size at two bitrates).
  const bySize = [...renditions].sort(
    (a, b) => (shortSide(b) ?? 0) - (shortSide(a) ?? 0) || (b.bitrate ?? 0) - (a.bitrate ?? 0),
  );
  const bigEnough = bySize.filter((r) => (shortSide(r) ?? 0) >= MIN_SHORT_SIDE_PX);
  if (bigEnough.length > 0) {
    // The smallest of them: the lowest bitrate at the smallest qualifying size.
    const smallest = shortSide(bigEnough.at(-1)!);
    return bigEnough.filter((r) => shortSide(r) === smallest).at(-1)!;
  }
  // No size known at all: the highest bitrate; otherwise the largest.
  return bySize[0]!;
}
