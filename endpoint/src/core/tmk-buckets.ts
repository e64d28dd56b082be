import { TMK_FEATURE_DIM } from '../shared.ts';

/**
 * The level-1 prefilter of TMK grouping: locality-sensitive hashing of the level-1 vector (the
 * pure-average PDQF feature) into bucket keys that live in an indexed column (tmk_buckets), so finding
 * a new video's neighbours is a few index seeks whatever the number of stored videos.
 *
 * Why this scheme: level 1 is a cosine, and random-hyperplane hashing (SimHash, Charikar 2002) is the
 * LSH family of the cosine: one hyperplane puts two vectors on the same side with probability
 * 1 − θ/π, θ their angle. A key is the sign pattern of BITS hyperplanes (one band); a video gets
 * BANDS keys, and two videos are candidates when they share at least one. With 40 bands of 10 bits
 * (400 fixed hyperplanes, drawn once from a seeded generator so every process and every restart
 * computes the same keys), the chance that a pair becomes candidates is, by its level-1 score:
 *
 *   level 1    0.70   0.75   0.80   0.90   0.95   | unrelated: 0.0   0.2
 *   candidate  89 %   95 %   98.6 % 99.99 % ~100% |            3.8 % 12 %
 *
 * That is the recall trade-off: a pair just over the 0.7 threshold is missed about one time in nine;
 * re-uploads and re-encodes of one video (level 1 ≥ 0.9 in the fixtures and the reference's
 * examples) are found. More bits per band would fill buckets less (cheaper) and miss more pairs
 * near the threshold; more bands would find more and cost more seeks.
 *
 * The search is bounded whatever is stored (core/tmk-groups.ts): each band reads at most
 * `perBucket` of its newest rows, the candidates sharing the most bands are scored at level 1, and
 * level 2 (the expensive, time-aligned score) runs on the few best that pass level 1. A bucket
 * crowded with unrelated videos therefore hides its older members: a match older than the newest
 * `perBucket` of every bucket it shares is missed. With keys spread evenly that begins past about
 * perBucket · 2^BITS = 32,768 stored videos; the groups stay correct (never a false match), only
 * some matches against old videos go unfound.
 *
 * The hyperplanes and key layout are part of the stored data: changing BANDS, BITS or the seed
 * changes every key, so tmk_buckets would have to be rebuilt from tmk_signatures.level1.
 */
export const TMK_BANDS = 40;
export const TMK_BAND_BITS = 10;
const SEED = 0x746d6b31; // "tmk1"

let hyperplanes: Float64Array | undefined;

/** mulberry32: small, fast, and the same on every platform (Math.random is neither seeded nor stable). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gaussian coordinates (Box–Muller), so every direction of a hyperplane's normal is equally likely. */
function planes(): Float64Array {
  if (hyperplanes) return hyperplanes;
  const random = mulberry32(SEED);
  const out = new Float64Array(TMK_BANDS * TMK_BAND_BITS * TMK_FEATURE_DIM);
  for (let i = 0; i < out.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const phi = 2 * Math.PI * random();
    out[i] = r * Math.cos(phi);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(phi);
  }
  return (hyperplanes = out);
}

/** The BANDS bucket keys of a level-1 vector: band · 2^BITS + the band's sign pattern. */
export function tmkBucketKeys(level1: ArrayLike<number>): number[] {
  if (level1.length !== TMK_FEATURE_DIM) throw new Error(`tmk: level-1 vector has ${level1.length} values, expected ${TMK_FEATURE_DIM}`);
  const normals = planes();
  const keys: number[] = [];
  for (let band = 0; band < TMK_BANDS; band++) {
    let bits = 0;
    for (let b = 0; b < TMK_BAND_BITS; b++) {
      const at = (band * TMK_BAND_BITS + b) * TMK_FEATURE_DIM;
      let side = 0;
      for (let k = 0; k < TMK_FEATURE_DIM; k++) side += normals[at + k]! * level1[k]!;
      if (side >= 0) bits |= 1 << b;
    }
    keys.push(band * (1 << TMK_BAND_BITS) + bits);
  }
  return keys;
}
