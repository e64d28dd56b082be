/**
 * TMK+PDQF signatures from the reference (../shared/fixtures/tmk, see its README): the .tmk format
 * round-trips byte for byte, malformed files get clear errors, and scoring every pair reproduces the
 * reference's `tmk-two-level-score --c1 -1 --c2 -1` (expected-scores.tsv).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readTmk, tmkByteLength, TmkFormatError, writeTmk } from '../../../utils/hash/tmk/format';
import { POULLOT_FOURIER_COEFFICIENTS, POULLOT_PERIODS } from '../../../utils/hash/tmk/params';
import {
  isTmkMatch, pairScoreNormalizer, tmkBestOffsets, tmkIncompatibility, tmkScores,
} from '../../../utils/hash/tmk/score';

const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures/tmk');
const HASHES = path.join(FIXTURES, 'sample-hashes');
const NAMES = readdirSync(HASHES).filter((f) => f.endsWith('.tmk')).sort();
const bytesOf = (name: string) => new Uint8Array(readFileSync(path.join(HASHES, name)));
const signatures = new Map(NAMES.map((name) => [name, readTmk(bytesOf(name))]));
const expected = readFileSync(path.join(FIXTURES, 'expected-scores.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [a, b, level1, level2] = line.split('\t');
    return { a: a!, b: b!, level1: Number(level1), level2: Number(level2) };
  });

describe('.tmk format', () => {
  test('the shared files are 263,344 bytes with the reference parameters', () => {
    expect(NAMES).toHaveLength(7);
    expect(tmkByteLength(4, 32, 256)).toBe(263_344);
    for (const [name, sig] of signatures) {
      expect(bytesOf(name).length, name).toBe(263_344);
      expect(sig.algorithm).toBe('PDQF');
      expect(sig.framesPerSecond).toBe(15);
      expect([...sig.periods]).toEqual(POULLOT_PERIODS);
      expect([...sig.fourierCoefficients]).toEqual([...Float32Array.from(POULLOT_FOURIER_COEFFICIENTS)]);
      expect(sig.pureAverage).toHaveLength(256);
      expect(sig.cos).toHaveLength(4 * 32 * 256);
    }
    expect(signatures.get('chair-19-sd-bar.tmk')!.frameFeatureCount).toBe(284);
  });

  test('read then write gives back the same bytes', () => {
    for (const name of NAMES) expect(Buffer.from(writeTmk(readTmk(bytesOf(name)))).equals(Buffer.from(bytesOf(name))), name).toBe(true);
  });

  test('malformed files get a clear error', () => {
    const good = bytesOf(NAMES[0]!);
    const withBytes = (edit: (b: Uint8Array) => void, length = good.length) => {
      const copy = new Uint8Array(length);
      copy.set(good.subarray(0, Math.min(length, good.length)));
      edit(copy);
      return copy;
    };
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(10), /shorter than the 32-byte header/],
      [withBytes((b) => b.set([0x50, 0x4b, 3, 4], 0)), /not a \.tmk file: header starts "PK\\x03\\x04"|not a \.tmk file: header starts 0x504b0304/],
      [withBytes((b) => b.set([...'FEAT'].map((c) => c.charCodeAt(0)), 4)), /"FEAT", expected "TMK1" "FVEC"/],
      [withBytes((b) => b.set([...'ABCD'].map((c) => c.charCodeAt(0)), 8)), /unsupported .* algorithm "ABCD"/],
      [withBytes(() => {}, good.length - 4), /truncated/],
      [withBytes(() => {}, good.length + 1), /trailing bytes/],
      [withBytes((b) => new DataView(b.buffer).setInt32(16, -1, true)), /number of periods -1 is outside/],
      [withBytes((b) => new DataView(b.buffer).setInt32(24, 1 << 30, true)), /frame-feature dimension/],
      [withBytes((b) => new DataView(b.buffer).setInt32(32, 0, true)), /period 0 is 0/],
      // A period in the billions would make scoring try every one of its offsets.
      [withBytes((b) => new DataView(b.buffer).setInt32(36, 2147483647, true)), /period 1 is 2147483647, outside 1\.\.1048576/],
      // Level 2 divides by the weights' sum: a zero weight is a corrupt file, not a score of Infinity.
      [withBytes((b) => new DataView(b.buffer).setFloat32(32 + 16 + 4 * 3, 0, true)), /Fourier coefficient 3 is 0, must be positive/],
      [withBytes((b) => new DataView(b.buffer).setFloat32(32 + 16 + 128, NaN, true)), /pure-average feature holds a non-finite/],
    ];
    for (const [bytes, message] of cases) {
      expect(() => readTmk(bytes)).toThrow(TmkFormatError);
      expect(() => readTmk(bytes)).toThrow(message);
    }
  });

  test('writing refuses inconsistent dimensions', () => {
    const sig = signatures.get(NAMES[0]!)!;
    expect(() => writeTmk({ ...sig, sin: sig.sin.subarray(1) })).toThrow(/cos\/sin features hold/);
  });
});

describe('scores (tmk-two-level-score)', () => {
  test('every pair of the shared hashes reproduces expected-scores.tsv', () => {
    expect(expected).toHaveLength(21);
    for (const row of expected) {
      const scores = tmkScores(signatures.get(row.a)!, signatures.get(row.b)!);
      expect(Math.abs(scores.level1 - row.level1), `${row.a} ${row.b} level 1`).toBeLessThan(0.01);
      expect(Math.abs(scores.level2 - row.level2), `${row.a} ${row.b} level 2`).toBeLessThan(0.01);
      // The float emulation lands on the printed 6 decimals, not just within 0.01.
      expect(scores.level1.toFixed(6), `${row.a} ${row.b} level 1 exact`).toBe(row.level1.toFixed(6));
      expect(scores.level2.toFixed(6), `${row.a} ${row.b} level 2 exact`).toBe(row.level2.toFixed(6));
    }
  });

  test('a signature scores 1 against itself at offset 0', () => {
    const sig = signatures.get('pattern-sd-grey-bar.tmk')!;
    const scores = tmkScores(sig, sig);
    expect(scores.level1).toBeCloseTo(1, 5);
    expect(scores.level2).toBeCloseTo(1, 5);
    expect(tmkBestOffsets(sig, sig).map((x) => x.offset)).toEqual([0, 0, 0, 0]);
  });

  test('scores are symmetric and the 0.7/0.7 decision matches the related pairs only', () => {
    const a = signatures.get('chair-19-sd-bar.tmk')!;
    const b = signatures.get('chair-20-sd-bar.tmk')!;
    const ab = tmkScores(a, b);
    const ba = tmkScores(b, a);
    expect(ba.level1).toBeCloseTo(ab.level1, 6);
    expect(ba.level2).toBeCloseTo(ab.level2, 6);
    const matches = expected.filter((row) => isTmkMatch(row)).map((row) => `${row.a} ${row.b}`);
    expect(matches).toEqual([
      'chair-19-sd-bar.tmk chair-20-sd-bar.tmk',
      'pattern-sd-grey-bar.tmk pattern-sd-with-small-logo-bar.tmk',
    ]);
  });

  test('the normaliser is a_0 + 2·Σa_j, and incompatible signatures are refused', () => {
    expect(pairScoreNormalizer(POULLOT_FOURIER_COEFFICIENTS)).toBeCloseTo(1.929196, 6);
    expect(pairScoreNormalizer([])).toBe(1);
    const sig = signatures.get(NAMES[0]!)!;
    expect(tmkIncompatibility(sig, sig)).toBeNull();
    expect(tmkIncompatibility(sig, { ...sig, framesPerSecond: 30 })).toMatch(/frames per second 15 != 30/);
    expect(tmkIncompatibility(sig, { ...sig, periods: Int32Array.from([1, 2, 3, 4]) })).toMatch(/period\[0\]/);
    expect(() => tmkScores(sig, { ...sig, pureAverage: new Float32Array(8) })).toThrow(/cannot be compared: frame-feature dimension/);
  });
});
