/**
 * Whether a signature has the reference's parameters (15 fps, Poullot's periods and Fourier weights, 256-float
 * PDQF): only such signatures compare with the GIFCT database's, and with each other. A receiver (the reference
 * endpoint) refuses others rather than keep hashes nobody can match.
 */
import type { TmkSignature } from './format';
import { POULLOT_FOURIER_COEFFICIENTS, POULLOT_PERIODS, TMK_ALGORITHM_PDQF, TMK_FEATURE_DIM, TMK_FRAMES_PER_SECOND } from './params';
import { tmkIncompatibility } from './score';

/** The shape every reference signature has; its features are never read (tmkIncompatibility compares shapes). */
const REFERENCE_SHAPE: TmkSignature = {
  algorithm: TMK_ALGORITHM_PDQF,
  framesPerSecond: TMK_FRAMES_PER_SECOND,
  frameFeatureCount: 0,
  periods: Int32Array.from(POULLOT_PERIODS),
  fourierCoefficients: Float32Array.from(POULLOT_FOURIER_COEFFICIENTS),
  pureAverage: new Float32Array(TMK_FEATURE_DIM),
  cos: new Float32Array(0),
  sin: new Float32Array(0),
};

/** Why `signature` cannot be compared with the reference's signatures, or null when it can. */
export function referenceIncompatibility(signature: TmkSignature): string | null {
  return tmkIncompatibility(signature, REFERENCE_SHAPE);
}
