/**
 * TMK+PDQF parameters as the reference fixes them (facebook/ThreatExchange tmk/cpp: algo/tmkfv.cpp,
 * hashing/bufferhashers.h, bin/tmk_default_thresholds.h). Every .tmk in the GIFCT database uses these, and two
 * signatures only compare when they agree (see areCompatible in score.ts).
 */

/** Frames per second every video is resampled to before hashing (TMK_DEFAULT_RESAMPLE_FPS). */
export const TMK_FRAMES_PER_SECOND = 15;

/** PDQF frames are scaled (by ffmpeg, in the reference) to this square before the feature is taken. */
export const TMK_FRAME_DIM = 64;

/** PDQF: the 16×16 DCT of a frame's luma, unquantised. */
export const TMK_FEATURE_DIM = 256;

/** The algorithm tag of PDQF in the file header. The reference knows no other. */
export const TMK_ALGORITHM_PDQF = 'PDQF';

/** Poullot et al.'s periods, in frames at 15 fps (makePoullotPeriods): primes, so offsets alias rarely. */
export const POULLOT_PERIODS: readonly number[] = [2731, 4391, 9767, 14653];

/**
 * Poullot's Fourier weights a_j for m = 32, β = 32: a_0 = (I_0(β) − e^−β) / (2 sinh β), a_j = I_j(β) / sinh β
 * (modified Bessel functions). The reference tabulates them as C++ float literals; these are the same
 * literals, so Float32Array rounds them to the same floats.
 */
export const POULLOT_FOURIER_COEFFICIENTS: readonly number[] = [
  0.0708041893112, 0.13937789309, 0.132897260304, 0.122765735552, 0.109878684888, 0.09529606433, 0.0800986647852,
  0.0652590650356, 0.0515478238322, 0.0394851531195, 0.0293374252025, 0.0211492623679, 0.0147973073245,
  0.0100512818746, 0.0066306408014, 0.00424947117334, 0.0026467615764, 0.00160270959695, 0.000943882629639,
  0.000540841638603, 0.000301633183798, 0.000163800158855, 8.66454753015e-5, 4.46626303151e-5, 2.24429442235e-5,
  1.09982139799e-5, 5.25823487999e-6, 2.45358229988e-6, 1.11781474895e-6, 4.97406489221e-7, 2.16265487234e-7,
  9.19087006565e-8,
];

/** Default match thresholds of the reference's tools (DEFAULT_LEVEL_1/2_THRESHOLD): a match needs both. */
export const TMK_LEVEL1_THRESHOLD = 0.7;
export const TMK_LEVEL2_THRESHOLD = 0.7;
