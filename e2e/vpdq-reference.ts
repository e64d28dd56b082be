/**
 * The reference vPDQ of the shared sample videos (../shared/fixtures/vpdq/README.md) and the reference's own
 * test of a match: the same frame numbers and timestamps, Hamming < 31 wherever both qualities are >= 50.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { hammingDistance } from '../utils/hash/pdq-distance';
import { parseVpdqLine, type VpdqFrame } from '../utils/hash/video-vpdq';

export const VPDQ_FIXTURES = path.resolve(__dirname, '../../shared/fixtures/vpdq');

/** A reference file's frames, e.g. `local-ffmpeg5.1-r1/<video>.txt` (one frame a second). */
export const readReferenceVpdq = (file: string): VpdqFrame[] =>
  readFileSync(path.join(VPDQ_FIXTURES, file), 'utf8').trim().split('\n').map(parseVpdqLine);

/** Frame numbers and timestamps equal; Hamming < 31 where both qualities are >= 50. Returns the figures. */
export function compareWithReference(ours: VpdqFrame[], reference: VpdqFrame[]) {
  expect(ours.map((f) => [f.frame, f.ts])).toEqual(reference.map((f) => [f.frame, f.ts]));
  const distances = ours
    .map((f, i) => ({ f, r: reference[i]! }))
    .filter(({ f, r }) => f.quality >= 50 && r.quality >= 50)
    .map(({ f, r }) => hammingDistance(f.value, r.value));
  expect(Math.max(...distances)).toBeLessThan(31);
  return {
    frames: ours.length,
    identical: ours.filter((f, i) => f.value === reference[i]!.value && f.quality === reference[i]!.quality).length,
    compared: distances.length,
    maxHamming: Math.max(...distances),
    meanHamming: Number((distances.reduce((a, b) => a + b, 0) / distances.length).toFixed(2)),
    maxQualityDelta: Math.max(...ours.map((f, i) => Math.abs(f.quality - reference[i]!.quality))),
  };
}
