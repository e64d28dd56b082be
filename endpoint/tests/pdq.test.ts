import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MediaGroups } from '../src/core/media-groups.ts';
import { trustedPdqRefs, usablePdq } from '../src/core/pdq-checks.ts';
import { PdqIndex } from '../src/pdq/index.ts';
import { hammingDistance as hammingHex, popcount32 } from '../src/shared.ts';
import { flipBits, randomPdq } from './support/reports.ts';

/** Hashes made by Meta's C++ reference from ThreatExchange's test images (../shared/fixtures/pdq). */
const fixtures = readFileSync(new URL('../../../shared/fixtures/pdq/expected-cpp.tsv', import.meta.url), 'utf8')
  .trim().split('\n').slice(1).map((line) => {
    const [file, hash, quality] = line.split('\t');
    return { file: file!, hash: hash!, quality: Number(quality) };
  });

describe('PDQ index', () => {
  it('counts bits', () => {
    expect([0, 1, 0xff, 0x80000000, 0xffffffff].map(popcount32)).toEqual([0, 1, 8, 1, 32]);
    expect(hammingHex('0'.repeat(64), 'f'.repeat(64))).toBe(256);
  });

  it('finds a hash 31 bits away and nothing 32 bits away, however the bits are spread', () => {
    const base = randomPdq();
    for (const offset of [0, 5, 64, 200]) {
      const index = new PdqIndex();
      index.add(flipBits(base, 31, offset));
      index.add(flipBits(base, 32, offset + 40));
      expect(index.nearest(base), `offset ${offset}`).toEqual({ index: 0, distance: 31 });
      expect(index.nearest(base, 30)).toBeUndefined();
    }
    // The hardest case for the index: 2 flips in 15 of the 16 chunks and 1 in the last (31 bits),
    // so only the one-bit probe of one chunk can find it.
    const digits = base.split('').map((d) => parseInt(d, 16));
    for (let chunk = 0; chunk < 16; chunk++) {
      digits[chunk * 4]! ^= 1;
      if (chunk < 15) digits[chunk * 4 + 1]! ^= 1;
    }
    const spread = digits.map((d) => d.toString(16)).join('');
    expect(hammingHex(base, spread)).toBe(31);
    const index = new PdqIndex();
    index.add(spread);
    expect(index.nearest(base)).toEqual({ index: 0, distance: 31 });
  });

  it('answers exactly as a full scan does', () => {
    const index = new PdqIndex();
    const stored = Array.from({ length: 20_000 }, randomPdq);
    stored.forEach((h) => index.add(h));
    for (let i = 0; i < 200; i++) {
      const query = i % 2 ? flipBits(stored[(i * 97) % stored.length]!, i % 40, i) : randomPdq();
      expect(index.nearest(query)).toEqual(index.nearestByScan(query));
    }
  });

  it('groups the reference edits of one photo, and not its rotations or other photos', () => {
    const groups = new MediaGroups();
    const usable = fixtures.filter((f) => f.quality >= 50);
    const assigned = groups.assign(usable.map((f, i) => ({ mediaId: i + 1, pdq: f.hash, quality: f.quality, groupId: null })));
    const groupOf = (file: string) => assigned[usable.findIndex((f) => f.file === file)]!.groupId;
    const bridge = groupOf('images/bridge-mods/aaa-orig.jpg');
    for (const f of usable.filter((f) => f.file.startsWith('images/bridge-mods/') || f.file.startsWith('images/modes/'))) {
      expect(groupOf(f.file), f.file).toBe(bridge);
    }
    expect(groupOf('images/dih/bridge-2-rotate-90.jpg')).not.toBe(bridge);
    expect(groupOf('images/labelme-subset/q0122.jpg')).not.toBe(groupOf('images/labelme-subset/q0291.jpg'));
    // Quality under 50 is never matched (Meta's advice): no group at all.
    expect(groups.assign([{ mediaId: 999, pdq: fixtures.find((f) => f.quality < 50)!.hash, quality: 3, groupId: null }])).toEqual([]);
  });
});

describe('server-side checks on declared PDQ hashes', () => {
  const medium = (ref: string, pdq: string, quality = 90) => ({
    ref, kind: 'image' as const, sourceUrl: `https://pbs.twimg.com/media/${ref}`, hashes: [{ algorithm: 'pdq' as const, value: pdq, quality }],
  });

  it('lists and groups only hashes PDQ could have made, whatever quality the client declares', () => {
    for (const f of fixtures) expect(usablePdq(f.hash, 100), f.file).toBe(true);
    expect(usablePdq('0'.repeat(64), 100)).toBe(false);
    expect(usablePdq('f'.repeat(64), 100)).toBe(false);
    expect(usablePdq(fixtures[0]!.hash, 49)).toBe(false);
    expect(new MediaGroups().assign([{ mediaId: 1, pdq: '0'.repeat(64), quality: 100, groupId: null }])).toEqual([]);
  });

  it('takes at most three near-duplicate media of one report, and every distinct picture', () => {
    const base = randomPdq();
    const copies = Array.from({ length: 6 }, (_, i) => medium(`copy${i}`, flipBits(base, i * 3, i)));
    const other = medium('other', flipBits(base, 100));
    expect([...trustedPdqRefs([...copies, other])]).toEqual(['copy0', 'copy1', 'copy2', 'other']);
  });

  it('groups 100,000 copies of one hash at the cost of one index entry', () => {
    const groups = new MediaGroups();
    const pdq = randomPdq();
    const media = Array.from({ length: 100_000 }, (_, i) => ({ mediaId: i + 1, pdq, quality: 90, groupId: null }));
    const assigned = groups.assign(media);
    expect(new Set(assigned.map((a) => a.groupId))).toEqual(new Set(['g1']));
    expect(groups.size).toBe(1);
    expect(groups.examined).toBeLessThanOrEqual(1);
  });

  it('checks a bounded number of candidates however many hashes share a bucket', () => {
    const cap = 1_000;
    const index = new PdqIndex(cap);
    const base = randomPdq();
    // 5,000 distinct hashes that all share their first 16-bit chunk with the query.
    for (let i = 0; i < 5_000; i++) index.add(base.slice(0, 4) + randomPdq().slice(4));
    index.nearest(base);
    expect(index.examined).toBe(cap);
    // Under the cap the answer is the exact one.
    const small = new PdqIndex(cap);
    for (let i = 0; i < 500; i++) small.add(base.slice(0, 4) + randomPdq().slice(4));
    small.add(flipBits(base, 10));
    expect(small.nearest(base)).toEqual({ index: 500, distance: 10 });
  });
});
