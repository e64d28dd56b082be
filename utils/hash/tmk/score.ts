/**
 * Comparing two TMK+PDQF signatures, as the reference's query tools do (tmk/cpp/algo/tmkfv.cpp
 * computeLevel1Score / computeLevel2Score, used by tmk-query and tmk-two-level-score):
 *
 * - level 1: cosine similarity of the pure-average features, in [−1, 1]. Cheap; a filter.
 * - level 2: the time-aligned score, in [0, 1] for related videos. For each period T and each offset
 *   0..T−1 (δ = 2π·offset/T), with u/v the two videos' features and a_j the Fourier weights,
 *     K_δ = u_c0·v_c0 + Σ_{j≥1} cos(jδ)(u_cj·v_cj + u_sj·v_sj) + sin(jδ)(u_sj·v_cj − u_cj·v_sj)
 *   the best offset of each period gives one value; the score is the largest over the periods divided by
 *   a_0 + 2·Σ_{j≥1} a_j, which is what a video scores against itself.
 *
 * Arithmetic: the dot products and K_δ follow the reference's float operations (including its incremental
 * cos(jδ)/sin(jδ) recurrence), so the scores come out as the reference prints them, not just close.
 */
import type { TmkSignature } from './format';
import { TMK_LEVEL1_THRESHOLD, TMK_LEVEL2_THRESHOLD } from './params';
import { cosineSimilarity, dot } from './vec';

const f32 = Math.fround;

export interface TmkScores {
  level1: number;
  level2: number;
}

/**
 * Why two signatures cannot be compared (different algorithm, frame rate, periods, coefficients or feature
 * dimension), or null when they can. Mirrors areCompatible, whose coefficient check is a relative 1e-6.
 */
export function tmkIncompatibility(a: TmkSignature, b: TmkSignature): string | null {
  if (a.algorithm !== b.algorithm) return `algorithm ${a.algorithm} != ${b.algorithm}`;
  if (a.framesPerSecond !== b.framesPerSecond) return `frames per second ${a.framesPerSecond} != ${b.framesPerSecond}`;
  if (a.periods.length !== b.periods.length) return `period count ${a.periods.length} != ${b.periods.length}`;
  for (let i = 0; i < a.periods.length; i++) {
    if (a.periods[i] !== b.periods[i]) return `period[${i}] ${a.periods[i]} != ${b.periods[i]}`;
  }
  if (a.fourierCoefficients.length !== b.fourierCoefficients.length) {
    return `Fourier coefficient count ${a.fourierCoefficients.length} != ${b.fourierCoefficients.length}`;
  }
  for (let j = 0; j < a.fourierCoefficients.length; j++) {
    const ca = a.fourierCoefficients[j]!;
    const cb = b.fourierCoefficients[j]!;
    const m = Math.max(Math.abs(ca), Math.abs(cb));
    if (m > 0 && Math.abs((ca - cb) / m) > 1e-6) return `Fourier coefficient ${j} ${ca} != ${cb}`;
  }
  if (a.pureAverage.length !== b.pureAverage.length) {
    return `frame-feature dimension ${a.pureAverage.length} != ${b.pureAverage.length}`;
  }
  return null;
}

function assertCompatible(a: TmkSignature, b: TmkSignature): void {
  const why = tmkIncompatibility(a, b);
  if (why) throw new Error(`tmk: signatures cannot be compared: ${why}`);
}

/** Level 1: cosine similarity of the pure-average features. */
export function tmkLevel1Score(a: TmkSignature, b: TmkSignature): number {
  assertCompatible(a, b);
  return cosineSimilarity(a.pureAverage, b.pureAverage);
}

/** a_0 + 2·Σ_{j≥1} a_j in float (computePairScoreNormalizer); 1 when there are no coefficients. */
export function pairScoreNormalizer(coefficients: ArrayLike<number>): number {
  if (coefficients.length === 0) return 1;
  let sum = f32(coefficients[0]!);
  for (let j = 1; j < coefficients.length; j++) sum = f32(sum + 2 * coefficients[j]!);
  return sum;
}

export interface TmkPeriodAlignment {
  period: number;
  /** Best offset modulo the period, in frames at the signature's frame rate. */
  offset: number;
  /** K_δ at that offset (not normalised). */
  value: number;
}

/**
 * findPairOffsetsModuloPeriods: for each period, the offset with the largest K_δ (the first one on a tie).
 * Empty when there are no periods or coefficients.
 */
export function tmkBestOffsets(a: TmkSignature, b: TmkSignature): TmkPeriodAlignment[] {
  assertCompatible(a, b);
  const P = a.periods.length;
  const m = a.fourierCoefficients.length;
  const d = a.pureAverage.length;
  if (P === 0 || m === 0) return [];
  const out: TmkPeriodAlignment[] = [];
  const sumCos = new Float64Array(m); // dotCosCos + dotSinSin, per coefficient (float values)
  const diffSin = new Float64Array(m); // dotSinCos − dotCosSin
  for (let i = 0; i < P; i++) {
    let dotCosCos0 = 0;
    for (let j = 0; j < m; j++) {
      const at = (i * m + j) * d;
      const cc = dot(a.cos, b.cos, at, at, d);
      const ss = dot(a.sin, b.sin, at, at, d);
      const sc = dot(a.sin, b.cos, at, at, d);
      const cs = dot(a.cos, b.sin, at, at, d);
      if (j === 0) dotCosCos0 = cc;
      sumCos[j] = f32(cc + ss);
      diffSin[j] = f32(sc - cs);
    }
    const period = a.periods[i]!;
    let best = -Infinity;
    let bestOffset = 0;
    for (let offset = 0; offset < period; offset++) {
      const value = kDelta(offset, period, dotCosCos0, sumCos, diffSin, m);
      if (offset === 0 || value > best) {
        best = value;
        bestOffset = offset;
      }
    }
    out.push({ period, offset: bestOffset, value: best });
  }
  return out;
}

/**
 * K_δ for one offset, as the reference evaluates it: cos(jδ), sin(jδ) by the float recurrence
 * (Numerical Recipes' incremental rotation with α = 2 sin²(δ/2), β = sin δ), not by calling cos/sin per j.
 */
function kDelta(
  offset: number,
  period: number,
  dotCosCos0: number,
  sumCos: Float64Array,
  diffSin: Float64Array,
  m: number,
): number {
  // `float delta = 2.0 * pi * (float)offset / (float)period`: double arithmetic, rounded once to float.
  const delta = f32((2.0 * Math.PI * offset) / period);
  let kd = dotCosCos0;
  let cosJd = 1;
  let sinJd = 0;
  const beta = f32(Math.sin(delta));
  let alpha = f32(Math.sin(delta / 2));
  alpha = f32(2 * f32(alpha * alpha));
  for (let j = 1; j < m; j++) {
    const nCos = f32(f32(alpha * cosJd) + f32(beta * sinJd));
    const nSin = f32(f32(alpha * sinJd) - f32(beta * cosJd));
    cosJd = f32(cosJd - nCos);
    sinJd = f32(sinJd - nSin);
    kd = f32(kd + f32(cosJd * sumCos[j]!));
    kd = f32(kd + f32(sinJd * diffSin[j]!));
  }
  return kd;
}

/** Level 2: the best K_δ over all periods and offsets, normalised so a video scores 1 against itself. */
export function tmkLevel2Score(a: TmkSignature, b: TmkSignature): number {
  const alignments = tmkBestOffsets(a, b);
  // computeMax of an empty vector is 0.
  const best = alignments.length === 0 ? 0 : Math.max(...alignments.map((x) => x.value));
  return f32(best / pairScoreNormalizer(a.fourierCoefficients));
}

/** Both scores. Level 2 is always computed (the reference skips it under a level-1 threshold). */
export function tmkScores(a: TmkSignature, b: TmkSignature): TmkScores {
  return { level1: tmkLevel1Score(a, b), level2: tmkLevel2Score(a, b) };
}

/** The reference's default decision: level 1 ≥ 0.7 and level 2 ≥ 0.7 (tmk-query prints pairs at ≥). */
export function isTmkMatch(scores: TmkScores, level1Threshold = TMK_LEVEL1_THRESHOLD, level2Threshold = TMK_LEVEL2_THRESHOLD): boolean {
  return scores.level1 >= level1Threshold && scores.level2 >= level2Threshold;
}
