/**
 * Folding per-frame PDQF features into a TMK signature (tmk/cpp/algo/tmkfv.cpp ingestFrameFeature and
 * finishFrameFeatureIngest). Streaming: one frame at a time, so a caller never holds all frames.
 *
 * Frame t (0, 1, 2, … — the index of the frame after resampling to 15 fps, which is the time base):
 * - pure average += the RAW feature;
 * - f = feature / ‖feature‖ (a zero feature stays zero);
 * - for each period T: cos[T][0] += f, and for j = 1..m−1 with θ = 2π·j·t/T (in double):
 *   cos[T][j] += f·cos θ, sin[T][j] += f·sin θ.
 * At the end: pure average /= frame count; every cos/sin block is L2-normalised, then scaled by sqrt(a_j).
 * With no frames everything stays zero. Accumulators are float32 like the reference's, with each update
 * done in double and rounded once (the reference's float += float·double).
 */
import type { TmkSignature } from './format';
import {
  POULLOT_FOURIER_COEFFICIENTS,
  POULLOT_PERIODS,
  TMK_ALGORITHM_PDQF,
  TMK_FEATURE_DIM,
  TMK_FRAMES_PER_SECOND,
} from './params';
import { l2NormalizeInPlace, scaleInPlace } from './vec';

export interface TmkAccumulatorOptions {
  periods?: readonly number[];
  fourierCoefficients?: readonly number[];
  featureDim?: number;
  framesPerSecond?: number;
}

export class TmkAccumulator {
  private readonly periods: Int32Array;
  private readonly coefficients: Float32Array;
  private readonly d: number;
  private readonly fps: number;
  private readonly sum: Float32Array;
  private readonly cos: Float32Array;
  private readonly sin: Float32Array;
  private readonly normalized: Float32Array;
  private readonly unit: Float64Array;
  private count = 0;
  private finished = false;

  constructor(options: TmkAccumulatorOptions = {}) {
    this.periods = Int32Array.from(options.periods ?? POULLOT_PERIODS);
    this.coefficients = Float32Array.from(options.fourierCoefficients ?? POULLOT_FOURIER_COEFFICIENTS);
    this.d = options.featureDim ?? TMK_FEATURE_DIM;
    this.fps = options.framesPerSecond ?? TMK_FRAMES_PER_SECOND;
    if (this.periods.some((p) => p < 1)) throw new RangeError('tmk: periods must be positive');
    const size = this.periods.length * this.coefficients.length * this.d;
    this.sum = new Float32Array(this.d);
    this.cos = new Float32Array(size);
    this.sin = new Float32Array(size);
    this.normalized = new Float32Array(this.d);
    this.unit = new Float64Array(this.d);
  }

  /** Frames ingested so far; also the time index the next {@link push} gets. */
  get frameCount(): number {
    return this.count;
  }

  /** Adds the next resampled frame's feature, at time index {@link frameCount}. */
  push(feature: ArrayLike<number>): void {
    this.ingest(feature, this.count);
  }

  /**
   * ingestFrameFeature(feature, t). The reference's hasher always passes t = frames so far (see push);
   * an explicit t is for feeding a sparse or re-timed sequence.
   */
  ingest(feature: ArrayLike<number>, t: number): void {
    if (this.finished) throw new Error('tmk: ingest after finish');
    const { d, sum, cos, sin, normalized, periods, coefficients } = this;
    if (feature.length !== d) throw new RangeError(`tmk: frame feature has ${feature.length} values, expected ${d}`);
    for (let k = 0; k < d; k++) {
      const v = feature[k]!;
      if (!Number.isFinite(v)) throw new RangeError(`tmk: frame feature value ${k} is not finite`);
      sum[k] = sum[k]! + v;
      normalized[k] = v;
    }
    l2NormalizeInPlace(normalized);
    // The same float values as doubles: the loops below read each one 124 times, and a Float32Array read costs a
    // conversion every time.
    const unit = this.unit;
    for (let k = 0; k < d; k++) unit[k] = normalized[k]!;
    const m = coefficients.length;
    for (let i = 0; i < periods.length; i++) {
      const T = periods[i]!;
      const base0 = i * m * d;
      for (let k = 0; k < d; k++) cos[base0 + k] = cos[base0 + k]! + unit[k]!;
      let j = 1;
      // Two coefficients a pass share each load of the feature. Each sum still gets its own float += float·double.
      for (; j + 1 < m; j += 2) {
        const c1 = Math.cos((2.0 * Math.PI * j * t) / T);
        const s1 = Math.sin((2.0 * Math.PI * j * t) / T);
        const c2 = Math.cos((2.0 * Math.PI * (j + 1) * t) / T);
        const s2 = Math.sin((2.0 * Math.PI * (j + 1) * t) / T);
        const b1 = (i * m + j) * d;
        const b2 = b1 + d;
        for (let k = 0; k < d; k++) {
          const f = unit[k]!;
          cos[b1 + k] = cos[b1 + k]! + f * c1;
          sin[b1 + k] = sin[b1 + k]! + f * s1;
          cos[b2 + k] = cos[b2 + k]! + f * c2;
          sin[b2 + k] = sin[b2 + k]! + f * s2;
        }
      }
      for (; j < m; j++) {
        const arg = (2.0 * Math.PI * j * t) / T;
        const c = Math.cos(arg);
        const s = Math.sin(arg);
        const base = (i * m + j) * d;
        for (let k = 0; k < d; k++) {
          cos[base + k] = cos[base + k]! + unit[k]! * c;
          sin[base + k] = sin[base + k]! + unit[k]! * s;
        }
      }
    }
    this.count++;
  }

  /** finishFrameFeatureIngest, then the signature. The accumulator cannot be used afterwards. */
  finish(): TmkSignature {
    if (this.finished) throw new Error('tmk: finish called twice');
    this.finished = true;
    const { d, sum, cos, sin, periods, coefficients } = this;
    if (this.count > 0) {
      const n = Math.fround(this.count);
      for (let k = 0; k < d; k++) sum[k] = sum[k]! / n;
      const m = coefficients.length;
      for (let i = 0; i < periods.length; i++) {
        for (let j = 0; j < m; j++) {
          const at = (i * m + j) * d;
          const weight = Math.fround(Math.sqrt(coefficients[j]!));
          l2NormalizeInPlace(cos, at, d);
          l2NormalizeInPlace(sin, at, d);
          scaleInPlace(cos, weight, at, d);
          scaleInPlace(sin, weight, at, d);
        }
      }
    }
    return {
      algorithm: TMK_ALGORITHM_PDQF,
      framesPerSecond: this.fps,
      frameFeatureCount: this.count,
      periods: this.periods,
      fourierCoefficients: this.coefficients,
      pureAverage: sum,
      cos,
      sin,
    };
  }
}

/** A whole signature from the features of the resampled frames, in order. */
export function tmkFromFeatures(features: Iterable<ArrayLike<number>>, options?: TmkAccumulatorOptions): TmkSignature {
  const accumulator = new TmkAccumulator(options);
  for (const feature of features) accumulator.push(feature);
  return accumulator.finish();
}
