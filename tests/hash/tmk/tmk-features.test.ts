/**
 * TMK+PDQF feature maths on small synthetic inputs, and the whole decoder-independent pipeline against the
 * reference: frames decoded by Debian's ffmpeg with the reference's own command line → PDQF → aggregation
 * must give the reference's .tmk byte for byte (skipped when no ffmpeg is installed).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { pdqHash } from '../../../utils/hash/pdq';
import { TmkAccumulator, tmkFromFeatures } from '../../../utils/hash/tmk/aggregate';
import { pdqfFeature } from '../../../utils/hash/tmk/feature';
import { readTmk, writeTmk } from '../../../utils/hash/tmk/format';
import { POULLOT_FOURIER_COEFFICIENTS, POULLOT_PERIODS } from '../../../utils/hash/tmk/params';
import { tmkFrameBytes, tmkReferenceFfmpegArgs } from '../../../utils/hash/tmk/sampling';
import { tmkBestOffsets, tmkScores } from '../../../utils/hash/tmk/score';

const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures');
const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;

/** A deterministic 64×64 RGB frame (a smooth gradient plus a seeded pattern), so features are non-trivial. */
function frame(seed: number): Uint8Array {
  const rgb = new Uint8Array(64 * 64 * 3);
  let x = seed * 2654435761;
  for (let i = 0; i < rgb.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const p = Math.floor(i / 3);
    rgb[i] = ((p % 64) * 2 + Math.floor(p / 64) * seed + (x >>> 26)) & 0xff;
  }
  return rgb;
}

describe('PDQF frame feature', () => {
  test('is the 16×16 DCT that PDQ thresholds at its median', () => {
    const rgb = frame(3);
    const feature = pdqfFeature(rgb);
    expect(feature).toHaveLength(256);
    const sorted = [...feature].sort((a, b) => a - b);
    const median = sorted[127]!; // Torben's median of 256 values is the lower middle one
    const bits = [...feature].map((v) => (v > median ? 1 : 0));
    // Hash256 hex: word i (bits 16i..16i+15) printed from word 15 down to word 0.
    let hex = '';
    for (let i = 15; i >= 0; i--) {
      let word = 0;
      for (let j = 0; j < 16; j++) word |= bits[i * 16 + j]! << j;
      hex += word.toString(16).padStart(4, '0');
    }
    expect(hex).toBe(pdqHash(rgb, 64, 64, 3).hash);
  });

  test('a flat frame has a zero feature, and alpha is ignored', () => {
    expect([...pdqfFeature(new Uint8Array(64 * 64 * 3).fill(128))].every((v) => Math.abs(v) < 1e-3)).toBe(true);
    const rgb = frame(5);
    const rgba = new Uint8Array(64 * 64 * 4);
    for (let p = 0; p < 64 * 64; p++) rgba.set([rgb[3 * p]!, rgb[3 * p + 1]!, rgb[3 * p + 2]!, p & 0xff], 4 * p);
    expect(pdqfFeature(rgba, 64, 64, 4)).toEqual(pdqfFeature(rgb));
  });

  test('a frame smaller than 5 px is refused', () => {
    expect(() => pdqfFeature(new Uint8Array(4 * 4 * 3), 4, 4)).toThrow(/too small/);
  });
});

describe('TMK aggregation', () => {
  const P = [5, 7];
  const a = [0.5, 0.3, 0.2];
  const d = 4;
  const features = [
    [1, 2, 3, 4],
    [-1, 0, 2, 0],
    [0, 0, 0, 0],
    [3, -2, 1, 1],
  ];

  test('pure average is the mean of the raw features; cos/sin follow 2πjt/T on the normalised ones', () => {
    const sig = tmkFromFeatures(features, { periods: P, fourierCoefficients: a, featureDim: d });
    expect(sig.frameFeatureCount).toBe(4);
    expect([...sig.pureAverage]).toEqual([0.75, 0, 1.5, 1.25]);
    const unit = features.map((f) => {
      const n = Math.hypot(...f);
      return n > 0 ? f.map((v) => v / n) : f;
    });
    for (let i = 0; i < P.length; i++) {
      for (let j = 0; j < a.length; j++) {
        for (const [which, fn] of [['cos', Math.cos], ['sin', Math.sin]] as const) {
          const raw = Array.from({ length: d }, (_, k) =>
            unit.reduce((s, f, t) => s + f[k]! * (j === 0 && which === 'cos' ? 1 : fn((2 * Math.PI * j * t) / P[i]!)), 0),
          );
          const n = Math.hypot(...raw);
          const want = raw.map((v) => (n > 0 ? (v / n) * Math.sqrt(a[j]!) : 0));
          const got = sig[which].subarray((i * a.length + j) * d, (i * a.length + j + 1) * d);
          for (let k = 0; k < d; k++) expect(got[k], `${which} P${P[i]} j${j} k${k}`).toBeCloseTo(want[k]!, 6);
        }
      }
    }
    // Coefficient 0 has no sine term; every other block has norm sqrt(a_j).
    expect([...sig.sin.subarray(0, d)]).toEqual([0, 0, 0, 0]);
    expect(Math.hypot(...sig.cos.subarray(d, 2 * d))).toBeCloseTo(Math.sqrt(a[1]!), 6);
  });

  test('a time-shifted copy scores 1 at level 2 with the shift as best offset; level 1 ignores order', () => {
    const frames = Array.from({ length: 40 }, (_, t) => pdqfFeature(frame(t + 1)));
    const whole = tmkFromFeatures(frames);
    const shifted = new TmkAccumulator();
    frames.forEach((f, t) => shifted.ingest(f, t + 9)); // the same frames, 9 frames later
    const shiftedSig = shifted.finish();
    const reversed = tmkFromFeatures([...frames].reverse());
    const s = tmkScores(whole, shiftedSig);
    expect(s.level1).toBeCloseTo(1, 5);
    expect(s.level2).toBeGreaterThan(0.99); // not exactly 1: the reference's float cos/sin recurrence
    // K_δ peaks near the offset that undoes the shift, T − 9, in every period; 32 coefficients make a broad
    // peak (about T/32 wide), so only roughly there.
    tmkBestOffsets(whole, shiftedSig).forEach((x, i) => {
      expect(Math.abs(x.offset - (POULLOT_PERIODS[i]! - 9))).toBeLessThan(POULLOT_PERIODS[i]! / 64);
    });
    const r = tmkScores(whole, reversed);
    expect(r.level1).toBeCloseTo(1, 5); // same frames, same average
    expect(r.level2).toBeLessThan(0.9); // different order
  });

  test('no frames gives an all-zero signature; misuse is refused', () => {
    const empty = new TmkAccumulator().finish();
    expect(empty.frameFeatureCount).toBe(0);
    expect(empty.pureAverage.every((v) => v === 0) && empty.cos.every((v) => v === 0)).toBe(true);
    expect(writeTmk(empty)).toHaveLength(263_344);
    const acc = new TmkAccumulator();
    expect(() => acc.push(new Float32Array(10))).toThrow(/10 values, expected 256/);
    expect(() => acc.push(new Float32Array(256).fill(NaN))).toThrow(/not finite/);
    acc.finish();
    expect(() => acc.push(new Float32Array(256))).toThrow(/after finish/);
    expect(POULLOT_FOURIER_COEFFICIENTS).toHaveLength(32);
  });
});

describe.skipIf(!hasFfmpeg)('against the reference, frames from Debian ffmpeg', () => {
  // The two shortest sample videos; the others match too (see the report), they only take longer.
  for (const [video, tmk] of <[string, string][]>[
    ['pattern-sd-grey-bar', 'pattern-sd-grey-bar.tmk'],
    ['test-padded-dimensions', 'test-padded-dimensions.local.tmk'],
  ]) {
    test(`${video}: the reference's ffmpeg command → PDQF → TMK gives its .tmk byte for byte`, () => {
      const input = path.join(FIXTURES, 'vpdq/videos', `${video}.mp4`);
      const raw = execFileSync('ffmpeg', tmkReferenceFfmpegArgs(input), { maxBuffer: 1 << 28 });
      const size = tmkFrameBytes();
      const acc = new TmkAccumulator();
      for (let o = 0; o + size <= raw.length; o += size) acc.push(pdqfFeature(raw.subarray(o, o + size)));
      const ours = acc.finish();
      const reference = new Uint8Array(readFileSync(path.join(FIXTURES, 'tmk/sample-hashes', tmk)));
      const scores = tmkScores(ours, readTmk(reference));
      expect(scores.level1).toBeGreaterThanOrEqual(0.99);
      expect(scores.level2).toBeGreaterThanOrEqual(0.99);
      expect(Buffer.from(writeTmk(ours)).equals(Buffer.from(reference))).toBe(true);
    }, 60_000);
  }
});
