/**
 * The `.tmk` file: a TMK+PDQF video signature as the reference writes it (tmk/cpp: io/tmkiotypes.h,
 * algo/tmkfv.cpp writeToOutputStream / readFromInputStream). Little-endian, no padding:
 *
 *   32-byte header  "TMK1" "FVEC" "PDQF", int32 framesPerSecond, numPeriods P, numFourierCoefficients m,
 *                   frameFeatureDimension d, frameFeatureCount (frames after resampling; informational)
 *   P int32         periods
 *   m float32       Fourier coefficients
 *   d float32       pure-average feature (level 1)
 *   P·m·d float32   cosine features, period-major, then coefficient, then feature index
 *   P·m·d float32   sine features, same layout
 *
 * With the reference's parameters (P 4, m 32, d 256) that is 263,344 bytes.
 */
import { TMK_ALGORITHM_PDQF } from './params';

export interface TmkSignature {
  /** Frame-feature algorithm tag from the header; always 'PDQF' for files this module reads. */
  algorithm: string;
  framesPerSecond: number;
  /** How many resampled frames were ingested. Informational: scores do not use it. */
  frameFeatureCount: number;
  periods: Int32Array;
  fourierCoefficients: Float32Array;
  /** Mean of the raw (unnormalised) frame features: the level-1 feature. */
  pureAverage: Float32Array;
  /** P·m·d, index ((period · m) + coefficient) · d + k. Each d-block has norm sqrt(a_coefficient). */
  cos: Float32Array;
  /** Same layout as cos. The coefficient-0 blocks are all zero (sin 0 = 0). */
  sin: Float32Array;
}

export const TMK_HEADER_BYTES = 32;
const PROJECT_MAGIC = 'TMK1';
const FILE_TYPE_MAGIC = 'FVEC';
/**
 * Sanity bounds on the header's dimensions, so a corrupt header gets a clear error instead of a huge
 * allocation. Generous: the reference uses 4 × 32 × 256.
 */
const MAX_PERIODS = 64;
const MAX_COEFFICIENTS = 1024;
const MAX_FEATURE_DIM = 4096;
/** A period in frames: 2^20 at 15 a second is 19 hours; the reference's longest is 14,653. */
const MAX_TMK_PERIOD = 1 << 20;

export class TmkFormatError extends Error {
  override name = 'TmkFormatError';
}

/** Byte length of a .tmk with these dimensions. */
export function tmkByteLength(numPeriods: number, numCoefficients: number, featureDim: number): number {
  return TMK_HEADER_BYTES + 4 * (numPeriods + numCoefficients + featureDim + 2 * numPeriods * numCoefficients * featureDim);
}

function magicAt(view: DataView, offset: number): string {
  let s = '';
  for (let i = 0; i < 4; i++) s += String.fromCharCode(view.getUint8(offset + i));
  return s;
}

/** Printable form of a 4-byte tag for error messages (a binary tag would garble them). */
function printable(tag: string): string {
  return /^[\x20-\x7e]{4}$/.test(tag) ? `"${tag}"` : `0x${[...tag].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Parses a .tmk. Throws TmkFormatError saying what is wrong on: too short, wrong magic, an algorithm other
 * than PDQF (the only one the reference knows), dimensions out of range, a length that does not match the
 * header (truncated, or trailing bytes), or a non-finite number.
 */
export function readTmk(bytes: Uint8Array): TmkSignature {
  if (bytes.length < TMK_HEADER_BYTES) {
    throw new TmkFormatError(`not a .tmk file: ${bytes.length} bytes is shorter than the ${TMK_HEADER_BYTES}-byte header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const project = magicAt(view, 0);
  const fileType = magicAt(view, 4);
  const algorithm = magicAt(view, 8);
  if (project !== PROJECT_MAGIC || fileType !== FILE_TYPE_MAGIC) {
    throw new TmkFormatError(
      `not a .tmk file: header starts ${printable(project)} ${printable(fileType)}, expected "${PROJECT_MAGIC}" "${FILE_TYPE_MAGIC}"`,
    );
  }
  if (algorithm !== TMK_ALGORITHM_PDQF) {
    throw new TmkFormatError(`unsupported .tmk frame-feature algorithm ${printable(algorithm)} (only "${TMK_ALGORITHM_PDQF}")`);
  }
  const framesPerSecond = view.getInt32(12, true);
  const numPeriods = view.getInt32(16, true);
  const numCoefficients = view.getInt32(20, true);
  const featureDim = view.getInt32(24, true);
  const frameFeatureCount = view.getInt32(28, true);
  checkRange('framesPerSecond', framesPerSecond, 1, 1000);
  checkRange('number of periods', numPeriods, 0, MAX_PERIODS);
  checkRange('number of Fourier coefficients', numCoefficients, 0, MAX_COEFFICIENTS);
  checkRange('frame-feature dimension', featureDim, 1, MAX_FEATURE_DIM);
  checkRange('frame count', frameFeatureCount, 0, 0x7fffffff);
  const expected = tmkByteLength(numPeriods, numCoefficients, featureDim);
  if (bytes.length !== expected) {
    throw new TmkFormatError(
      `.tmk length ${bytes.length} does not match its header (${numPeriods}×${numCoefficients}×${featureDim} needs ${expected} bytes): ` +
        (bytes.length < expected ? 'truncated' : 'trailing bytes'),
    );
  }
  let offset = TMK_HEADER_BYTES;
  const periods = new Int32Array(numPeriods);
  for (let i = 0; i < numPeriods; i++, offset += 4) {
    periods[i] = view.getInt32(offset, true);
    // Scoring tries every offset of each period: a corrupt one in the billions would never finish.
    if (periods[i]! < 1 || periods[i]! > MAX_TMK_PERIOD) throw new TmkFormatError(`.tmk period ${i} is ${periods[i]}, outside 1..${MAX_TMK_PERIOD}`);
  }
  const floats = (n: number, what: string): Float32Array => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++, offset += 4) {
      const v = view.getFloat32(offset, true);
      if (!Number.isFinite(v)) throw new TmkFormatError(`.tmk ${what} holds a non-finite number at index ${i}`);
      out[i] = v;
    }
    return out;
  };
  const fourierCoefficients = floats(numCoefficients, 'Fourier coefficients');
  // Weights of the Fourier terms: level 2 divides by their sum, and a zero or negative weight has no meaning.
  const nonPositive = fourierCoefficients.findIndex((weight) => !(weight > 0));
  if (nonPositive >= 0) throw new TmkFormatError(`.tmk Fourier coefficient ${nonPositive} is ${fourierCoefficients[nonPositive]}, must be positive`);
  const pureAverage = floats(featureDim, 'pure-average feature');
  const cos = floats(numPeriods * numCoefficients * featureDim, 'cosine features');
  const sin = floats(numPeriods * numCoefficients * featureDim, 'sine features');
  return { algorithm, framesPerSecond, frameFeatureCount, periods, fourierCoefficients, pureAverage, cos, sin };
}

function checkRange(what: string, value: number, min: number, max: number): void {
  if (value < min || value > max) throw new TmkFormatError(`.tmk header: ${what} ${value} is outside ${min}..${max}`);
}

/** Serialises a signature byte-for-byte as the reference writes it. Throws on inconsistent dimensions. */
export function writeTmk(signature: TmkSignature): Uint8Array {
  const { periods, fourierCoefficients, pureAverage, cos, sin } = signature;
  const P = periods.length;
  const m = fourierCoefficients.length;
  const d = pureAverage.length;
  if (cos.length !== P * m * d || sin.length !== P * m * d) {
    throw new TmkFormatError(`tmk: cos/sin features hold ${cos.length}/${sin.length} floats, expected ${P}×${m}×${d} = ${P * m * d}`);
  }
  if (!/^[\x20-\x7e]{4}$/.test(signature.algorithm)) throw new TmkFormatError(`tmk: algorithm tag must be 4 ASCII characters`);
  const bytes = new Uint8Array(tmkByteLength(P, m, d));
  const view = new DataView(bytes.buffer);
  const tags = PROJECT_MAGIC + FILE_TYPE_MAGIC + signature.algorithm;
  for (let i = 0; i < 12; i++) view.setUint8(i, tags.charCodeAt(i));
  [signature.framesPerSecond, P, m, d, signature.frameFeatureCount].forEach((v, i) => view.setInt32(12 + 4 * i, v, true));
  let offset = TMK_HEADER_BYTES;
  for (const p of periods) {
    view.setInt32(offset, p, true);
    offset += 4;
  }
  for (const block of [fourierCoefficients, pureAverage, cos, sin]) {
    // The floats' own bytes where the machine is little-endian like the file (every platform a browser runs
    // on): one copy instead of 65,000 DataView calls, which a video worker (new for each video) makes in
    // cold code, about 10 ms.
    if (LITTLE_ENDIAN) bytes.set(new Uint8Array(block.buffer, block.byteOffset, block.byteLength), offset);
    else block.forEach((v, i) => view.setFloat32(offset + 4 * i, v, true));
    offset += block.byteLength;
  }
  return bytes;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
