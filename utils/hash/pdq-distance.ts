/**
 * When two PDQ hashes are "the same picture": the one rule the extension (on-screen matching, vPDQ) and the
 * endpoint (grouping, intake checks; through endpoint/src/shared.ts) both follow. A leaf: imports nothing.
 */

/** GIFCT's and Meta's PDQ match threshold: at most this many differing bits out of 256. */
export const PDQ_MATCH_DISTANCE = 31;
/** Meta's advice: hashes of quality below 50 (flat, featureless images) match too much to be used. */
export const PDQ_MIN_QUALITY = 50;

const PDQ_WORDS = 8;
const PDQ_HEX = /^[0-9a-f]{64}$/i;

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** 64 hex digits (either case) → 8 words, most significant first. Throws a TypeError on anything else. */
export function pdqWords(hex: string, into = new Uint32Array(PDQ_WORDS), offset = 0): Uint32Array {
  if (!PDQ_HEX.test(hex)) throw new TypeError(`not a PDQ hash (64 hex digits): ${hex.slice(0, 80)}`);
  for (let w = 0; w < PDQ_WORDS; w++) into[offset + w] = parseInt(hex.slice(w * 8, w * 8 + 8), 16) >>> 0;
  return into;
}

/** Differing bits between two hashes as words (pdqWords). */
export function wordsDistance(a: Uint32Array, b: Uint32Array): number {
  let bits = 0;
  for (let w = 0; w < PDQ_WORDS; w++) bits += popcount32((a[w]! ^ b[w]!) >>> 0);
  return bits;
}

/** Differing bits between two 64-hex-digit PDQ hashes (case-insensitive); a TypeError on anything else. */
export function hammingDistance(hexA: string, hexB: string): number {
  return wordsDistance(pdqWords(hexA), pdqWords(hexB));
}
