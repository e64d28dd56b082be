/**
 * Near-duplicate search over PDQ hashes (256 bits). Matching is "Hamming distance <= 31", as the
 * GIFCT hash-sharing database and ThreatExchange use it.
 *
 * Multi-index hashing (Norouzi et al.): the hash is cut into 16 chunks of 16 bits. If two hashes
 * differ in at most 31 bits, by pigeonhole at least one chunk differs in at most 1 bit
 * (floor(31 / 16) = 1). So the candidates are the hashes sharing a chunk value with the query, or a
 * value one bit away: 16 chunks × 17 probes, each a bucket of ~N/65536 hashes. Every candidate is then
 * checked exactly (8 × 32-bit popcounts), so the answer equals a full scan's, only ~100× cheaper.
 *
 * Storage is flat typed arrays: the hashes as 8 uint32 words each, and per chunk a bucket table
 * (`heads`, 65,536 entries) with an intrusive linked list through `next`. 1,000,000 hashes take
 * about 100 MB and no per-hash objects.
 */
import { PDQ_MATCH_DISTANCE, pdqWords, popcount32 } from '../shared.ts';

/**
 * PDQ sets a bit where a DCT coefficient is above the median of the 256: a real hash has 128 bits
 * set (every one of the 211 reference hashes in shared/fixtures/pdq does, even at quality 3). One
 * far from that (all zeros, all ones) was not made by PDQ, whatever quality the client declares.
 * The window is wide so that no real hash, nor a near-duplicate 31 bits away, is ever refused.
 */
export const PDQ_MIN_BITS = 64;
export const PDQ_MAX_BITS = 192;
/**
 * Candidates one lookup checks at most. Real collections put ~N/65,536 hashes in a bucket; a
 * client sending 100,000 hashes that share chunks would otherwise make every later lookup check
 * all of them (and grouping quadratic). Past the cap the answer is the nearest among the
 * candidates checked, which share an exact chunk with the query first.
 */
export const PDQ_MAX_CANDIDATES = 10_000;

const WORDS = 8;
const CHUNKS = 16;
const BUCKETS = 1 << 16;

export interface Match {
  /** Position in insertion order. */
  index: number;
  distance: number;
}

export class PdqIndex {
  private words = new Uint32Array(WORDS * 1024);
  private next = new Int32Array(CHUNKS * 1024);
  private readonly heads = new Int32Array(CHUNKS * BUCKETS).fill(-1);
  private seen = new Uint32Array(1024);
  private stamp = 0;
  size = 0;
  /** Candidates the last lookup checked: what the cap bounds. */
  examined = 0;

  constructor(private readonly maxCandidates = PDQ_MAX_CANDIDATES) {}

  add(hex: string): number {
    const i = this.size;
    this.grow(i + 1);
    pdqWords(hex, this.words, i * WORDS);
    for (let c = 0; c < CHUNKS; c++) {
      const bucket = c * BUCKETS + this.chunk(i, c);
      this.next[i * CHUNKS + c] = this.heads[bucket]!;
      this.heads[bucket] = i;
    }
    this.size++;
    return i;
  }

  /** The closest stored hash within `radius` (at most 31; ties go to the earliest), or undefined. */
  nearest(hex: string, radius = PDQ_MATCH_DISTANCE): Match | undefined {
    if (radius > 2 * CHUNKS - 1) throw new Error(`the index answers radii up to ${2 * CHUNKS - 1}`);
    const query = pdqWords(hex);
    const stamp = this.nextStamp();
    let best: Match | undefined;
    let examined = 0;
    // Exact chunk values first, in every chunk, then the one-bit neighbours: if the cap is
    // reached, what was checked is what most likely holds the nearest hash.
    search: for (let flip = -1; flip < 16; flip++) {
      for (let c = 0; c < CHUNKS; c++) {
        const value = (query[c >> 1]! >>> (c & 1 ? 0 : 16)) & 0xffff;
        const probe = flip < 0 ? value : value ^ (1 << flip);
        for (let i = this.heads[c * BUCKETS + probe]!; i >= 0; i = this.next[i * CHUNKS + c]!) {
          if (this.seen[i] === stamp) continue;
          this.seen[i] = stamp;
          if (++examined > this.maxCandidates) break search;
          const d = this.distance(query, i, best ? best.distance : radius);
          if (d <= radius && (!best || d < best.distance || (d === best.distance && i < best.index))) best = { index: i, distance: d };
        }
      }
    }
    this.examined = Math.min(examined, this.maxCandidates);
    return best;
  }

  /** The same answer by brute force: the baseline the bench compares against. */
  nearestByScan(hex: string, radius = PDQ_MATCH_DISTANCE): Match | undefined {
    const query = pdqWords(hex);
    let best: Match | undefined;
    for (let i = 0; i < this.size; i++) {
      const d = this.distance(query, i, best ? best.distance : radius);
      if (d <= radius && (!best || d < best.distance)) best = { index: i, distance: d };
    }
    return best;
  }

  /** Hamming distance, giving up (returning limit + 1) as soon as it exceeds `limit`. */
  private distance(query: Uint32Array, i: number, limit: number): number {
    const base = i * WORDS;
    let d = 0;
    for (let w = 0; w < WORDS; w++) {
      d += popcount32((query[w]! ^ this.words[base + w]!) >>> 0);
      if (d > limit) return limit + 1;
    }
    return d;
  }

  private chunk(i: number, c: number): number {
    return (this.words[i * WORDS + (c >> 1)]! >>> (c & 1 ? 0 : 16)) & 0xffff;
  }

  private nextStamp(): number {
    if (++this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }

  private grow(n: number): void {
    if (n <= this.seen.length) return;
    const capacity = Math.max(n, this.seen.length * 2);
    const words = new Uint32Array(capacity * WORDS);
    words.set(this.words);
    const next = new Int32Array(capacity * CHUNKS);
    next.set(this.next);
    const seen = new Uint32Array(capacity);
    seen.set(this.seen);
    this.words = words;
    this.next = next;
    this.seen = seen;
  }
}
