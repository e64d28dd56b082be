import { randomBytes } from 'node:crypto';
import { PdqIndex } from '../src/pdq/index.ts';

export interface LookupResult {
  stored: number;
  buildSeconds: number;
  queries: number;
  found: number;
  index: { median: number; p99: number; max: number };
  scan: { median: number; p99: number; max: number };
}

function flip(hex: string, bits: number): string {
  const digits = hex.split('').map((d) => parseInt(d, 16));
  const chosen = new Set<number>();
  while (chosen.size < bits) chosen.add(randomBytes(1)[0]!);
  for (const k of chosen) digits[k >> 2]! ^= 1 << (k & 3);
  return digits.map((d) => d.toString(16)).join('');
}

const stats = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, p99: sorted[Math.floor(sorted.length * 0.99)]!, max: sorted[sorted.length - 1]! };
};

/** Near-duplicate lookups (distance <= 31) among `stored` random PDQ hashes: the index, and a full scan for comparison. */
export function benchLookup(stored: number, queries: number): LookupResult {
  const index = new PdqIndex();
  const planted: string[] = [];
  const t0 = performance.now();
  const pool = randomBytes(32 * 4096);
  for (let i = 0; i < stored; i++) {
    if (i % 4096 === 0) randomBytes(32 * 4096).copy(pool);
    const hex = pool.toString('hex', (i % 4096) * 32, (i % 4096) * 32 + 32);
    index.add(hex);
    if (i % Math.floor(stored / queries) === 0 && planted.length < queries / 2) planted.push(hex);
  }
  const buildSeconds = (performance.now() - t0) / 1000;
  // Half near-duplicates of stored hashes (1–31 bits off), half hashes with no match at all.
  const probes = [
    ...planted.map((h, i) => flip(h, 1 + (i % 31))),
    ...Array.from({ length: queries - planted.length }, () => randomBytes(32).toString('hex')),
  ];
  const timeEach = (lookup: (q: string) => unknown) => probes.map((q) => {
    const start = performance.now();
    lookup(q);
    return performance.now() - start;
  });
  const found = probes.filter((q) => index.nearest(q)).length;
  return {
    stored,
    buildSeconds,
    queries: probes.length,
    found,
    index: stats(timeEach((q) => index.nearest(q))),
    scan: stats(timeEach((q) => index.nearestByScan(q))),
  };
}
