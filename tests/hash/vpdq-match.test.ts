/**
 * vpdqMatch vs the reference brute matcher. expected-match-d31-q50.tsv was computed on the upstream
 * sample hashes, which hash EVERY frame (`-r 0`): so it is reproduced here from those same files. (One
 * frame a second gives coarser percentages: 7 frames per pattern video cannot express 99.51 %.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseVpdqLine } from '../../utils/hash/video-vpdq';
import { vpdqMatch } from '../../utils/hash/vpdq-match';

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/vpdq');

/** A hash whose first `bits` bits are flipped from all zeros. */
const flipped = (bits: number) => {
  const words = Array.from({ length: 8 }, (_, i) => {
    const n = Math.max(0, Math.min(32, bits - 32 * i));
    return (n === 32 ? 0xffffffff : (2 ** n - 1) * 2 ** (32 - n)) >>> 0;
  });
  return words.map((w) => w.toString(16).padStart(8, '0')).join('');
};
const frame = (bits: number, quality = 100) => ({ quality, value: flipped(bits) });

describe('vpdqMatch', () => {
  test('a match is a distance strictly below 31, like match-hashes-brute', () => {
    expect(vpdqMatch([frame(0)], [frame(30)])).toEqual({ queryMatchPct: 100, targetMatchPct: 100 });
    expect(vpdqMatch([frame(0)], [frame(31)])).toEqual({ queryMatchPct: 0, targetMatchPct: 0 });
    expect(vpdqMatch([frame(0)], [frame(40)], { distance: 41 }).queryMatchPct).toBe(100);
  });

  test('both directions: the percentage of each side found in the other', () => {
    // query = 2 frames, both in target; target = 4 frames, 2 of them far from both query frames.
    const query = [frame(0), frame(100)];
    const target = [frame(1), frame(101), frame(200), frame(256)];
    expect(vpdqMatch(query, target)).toEqual({ queryMatchPct: 100, targetMatchPct: 50 });
    expect(vpdqMatch(target, query)).toEqual({ queryMatchPct: 50, targetMatchPct: 100 });
  });

  test('frames with quality below 50 do not count on either side; none left means 0 %', () => {
    expect(vpdqMatch([frame(0), frame(150, 49)], [frame(0)])).toEqual({ queryMatchPct: 100, targetMatchPct: 100 });
    expect(vpdqMatch([frame(0, 49)], [frame(0)])).toEqual({ queryMatchPct: 0, targetMatchPct: 0 });
    expect(vpdqMatch([], [frame(0)])).toEqual({ queryMatchPct: 0, targetMatchPct: 0 });
  });

  test('rejects anything that is not a 64-hex-digit hash', () => {
    expect(() => vpdqMatch([{ quality: 100, value: 'abc' }], [frame(0)])).toThrow('not a PDQ hash');
  });
});

test('reproduces expected-match-d31-q50.tsv from the upstream every-frame sample hashes', () => {
  const hashes = (name: string) =>
    readFileSync(path.join(FIXTURES, 'sample-hashes', `${name}.txt`), 'utf8').trim().split('\n').map(parseVpdqLine);
  const rows = readFileSync(path.join(FIXTURES, 'expected-match-d31-q50.tsv'), 'utf8').trim().split('\n').slice(1);
  expect(rows).toHaveLength(28);
  for (const row of rows) {
    const [query, target, queryPct, targetPct] = row.split('\t') as [string, string, string, string];
    const got = vpdqMatch(hashes(query), hashes(target));
    expect([got.queryMatchPct.toFixed(2), got.targetMatchPct.toFixed(2)], row).toEqual([queryPct, targetPct]);
  }
});
