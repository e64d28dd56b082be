/**
 * The reference's float vector helpers (tmk/cpp/lib/vec.cpp), emulated exactly: every operation is a C++
 * `float` operation, i.e. done in double and rounded to float (exact for +, −, ×, ÷ and sqrt of floats, see
 * utils/hash/pdq.ts). Written here rather than taken from a library because the point is the reference's
 * rounding and summation order, which a BLAS-style library does not promise.
 */
const f32 = Math.fround;

/** computeNorm: sqrt of the float running sum of squares. */
export function norm(u: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < u.length; i++) sum = f32(sum + f32(u[i]! * u[i]!));
  return f32(Math.sqrt(sum));
}

/** computeDot: float running sum, i = 0..n−1. */
export function dot(u: ArrayLike<number>, v: ArrayLike<number>, uOffset = 0, vOffset = 0, n = u.length): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum = f32(sum + f32(u[uOffset + i]! * v[vOffset + i]!));
  return sum;
}

/** computeCosSim: 0 when both are zero (and NaN when only one is, as in the reference). */
export function cosineSimilarity(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const nu = norm(u);
  const nv = norm(v);
  if (nu === 0 && nv === 0) return 0;
  return f32(dot(u, v) / f32(nu * nv));
}

/** L2NormalizeVector on u[offset, offset+n): divides by the norm unless it is 0 (a zero vector stays zero). */
export function l2NormalizeInPlace(u: Float32Array, offset = 0, n = u.length): void {
  const part = u.subarray(offset, offset + n);
  const length = norm(part);
  if (length > 0) for (let i = 0; i < n; i++) part[i] = part[i]! / length;
}

/** scalarMultiply on u[offset, offset+n). */
export function scaleInPlace(u: Float32Array, s: number, offset = 0, n = u.length): void {
  for (let i = offset; i < offset + n; i++) u[i] = u[i]! * s;
}
