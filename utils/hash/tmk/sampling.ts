/**
 * Which decoded frames feed TMK, and how they become 64×64 RGB, as the reference does it — so that a
 * browser decode (WebCodecs) can pick the same frames. Pure functions, no decoding here.
 *
 * The reference (tmk/cpp/hashing/filehasher.cpp hashVideoFile) does not resample itself: it pipes
 *
 *   ffmpeg -loglevel warning -hide_banner -stats -nostdin -i FILE -s 64:64 -an -f rawvideo -c:v rawvideo
 *          -pix_fmt rgb24 -r 15 pipe:1
 *
 * and hashes every 64·64·3-byte frame it reads, at time index 0, 1, 2, … Note: `-r 15` as an OUTPUT option,
 * not the `fps=15` filter. The two pick different frames: with Debian's FFmpeg 5.1 `-r 15` is the CLI's
 * constant-frame-rate sync ("vsync cfr": rawvideo output has no timestamps, so vsync auto means cfr), which
 * lets the output drift up to 1.1 frames behind before it drops a frame, so from a 30 fps source it outputs
 * frames 0 1 2 3 5 7 9 … (not 0 2 4 …). {@link ffmpegCfrSourceFrames} reproduces it; the unit tests hold it
 * to sequences measured with ffmpeg 5.1.9.
 *
 * Scaling (`-s 64:64`): the CLI inserts one `scale` filter, libswscale with the CLI's default flags
 * (SWS_BICUBIC), straight from the decoded YUV to 64×64 rgb24 — aspect ratio NOT kept, BT.601 matrix unless
 * the stream says otherwise. Before it, the CLI's autorotation (on by default) applies the display matrix
 * (see {@link ffmpegAutorotation}), so the frame hashed is the upright one.
 */
import { TMK_FRAME_DIM, TMK_FRAMES_PER_SECOND } from './params';

/** The reference's ffmpeg arguments (after the ffmpeg path) for a file, as filehasher.cpp builds them. */
export function tmkReferenceFfmpegArgs(inputFile: string): string[] {
  const side = String(TMK_FRAME_DIM);
  return [
    '-loglevel', 'warning', '-hide_banner', '-stats', '-nostdin',
    '-i', inputFile,
    '-s', `${side}:${side}`,
    '-an', '-f', 'rawvideo', '-c:v', 'rawvideo', '-pix_fmt', 'rgb24',
    '-r', String(TMK_FRAMES_PER_SECOND),
    'pipe:1',
  ];
}

/** Bytes of one frame on that pipe (64·64 RGB triples). */
export function tmkFrameBytes(): number {
  return TMK_FRAME_DIM * TMK_FRAME_DIM * 3;
}

/** A rational number of seconds, [numerator, denominator], like FFmpeg's AVRational. */
export type Rational = readonly [number, number];

export interface CfrSourceOptions {
  /**
   * Seconds per unit of `pts` (default [1, 1_000_000]: WebCodecs microseconds). Pass the container's
   * timescale (e.g. [1, 15360]) when the exact timestamps are at hand: the rule compares against thresholds,
   * and microsecond rounding can move a frame that sits exactly on one.
   */
  timeBase?: Rational;
  /**
   * The input file's start time in `pts` units: ffmpeg shifts every stream by the EARLIEST start of all
   * streams (audio too), so a video starting after its audio keeps that gap. Default: the first frame's pts.
   */
  startPts?: number;
  /**
   * Whether the file has only this one stream (no audio, no other track). ffmpeg then uses "vscfr", which does
   * not duplicate the first frame to fill a gap before it. Default false (most videos carry audio).
   */
  singleStream?: boolean;
  /**
   * A frame's duration in `pts` units (the container's sample duration, ffmpeg's pkt_duration). Default: the
   * median spacing of `pts`, which is it for a constant-rate source.
   */
  frameDuration?: number;
}

/**
 * ffmpeg 5.1's `-r 15` CFR sync (fftools/ffmpeg.c do_video_out), replayed on the presentation timestamps of
 * the decoded frames (integers in `timeBase`, presentation order). Returns, for each 15 fps output frame, the
 * index of the source frame it is (a frame can appear 0, 1 or several times). For each source frame:
 *
 *   x  = (pts − start)·15 rounded to 1/65536, nudged 2⁻¹⁷ away from 0 (the CLI's "avoid exact midpoints")
 *   duration = lrint(frame duration · 15) if that is > 0, else min(15 / frame rate, 1)
 *   d0 = x − next, d = d0 + duration                     (next: output frames written so far)
 *   if d0 < 0 < d: d0 = 0                                (clip a slightly late frame onto the grid)
 *   vscfr, first frame, d0 ≥ 0.5: next = lrint(x), d = duration, d0 = 0
 *   d < −1.1: drop;  d > 1.1: write lrint(d) frames, the first lrint(d0 − 0.6) of them copies of the
 *   PREVIOUS frame if d0 > 1.1;  otherwise write 1.
 * At the end the last frame is repeated median(last three "previous copies" counts) times (0 for steady input).
 */
export function ffmpegCfrSourceFrames(pts: readonly number[], options: CfrSourceOptions = {}): number[] {
  const n = pts.length;
  if (n === 0) return [];
  for (let i = 0; i < n; i++) {
    if (!Number.isSafeInteger(pts[i])) throw new RangeError(`tmk: frame timestamps must be integers (frame ${i})`);
    if (i > 0 && !(pts[i]! > pts[i - 1]!)) throw new RangeError(`tmk: frame timestamps must increase (frame ${i})`);
  }
  const [num, den] = options.timeBase ?? [1, 1_000_000];
  const start = options.startPts ?? pts[0]!;
  const fps = TMK_FRAMES_PER_SECOND;
  const frameDuration = options.frameDuration ?? (n > 1 ? medianSpacing(pts) : den / num / fps);
  // Both in output frames (1/15 s). The duration is computed in double, then lrintf'd, as the CLI does.
  const rounded = lrint((frameDuration * num * fps) / den);
  const duration0 = rounded > 0 ? rounded : Math.min((frameDuration * num * fps) / den, 1);
  const out: number[] = [];
  const lastPrevCopies = [0, 0, 0];
  let next = 0;
  for (let i = 0; i < n; i++) {
    const scaled = rescaleToSixteenthBits(pts[i]! - start, num, den);
    let x = scaled + Math.sign(scaled) / (1 << 17);
    let duration = duration0;
    let d0 = x - next;
    let d = d0 + duration;
    if (d0 < 0 && d > 0) {
      x = next;
      duration += d0;
      d0 = 0;
    }
    if (options.singleStream && out.length === 0 && d0 >= 0.5) {
      d = duration;
      d0 = 0;
      next = lrint(x);
    }
    let count = 1;
    let prevCopies = 0;
    if (d < -1.1) count = 0;
    else if (d > 1.1) {
      count = lrint(d);
      if (d0 > 1.1) prevCopies = lrint(d0 - 0.6);
    }
    prevCopies = Math.min(prevCopies, count);
    lastPrevCopies.unshift(prevCopies);
    lastPrevCopies.length = 3;
    for (let k = 0; k < count; k++) out.push(k < prevCopies && i > 0 ? i - 1 : i);
    next += count;
  }
  const [a, b, c] = lastPrevCopies as [number, number, number];
  const tail = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c)); // mid_pred
  for (let k = 0; k < tail; k++) out.push(n - 1);
  return out;
}

/**
 * av_rescale_q(t, num/den, 1/(15·2¹⁶)) / 2¹⁶: t seconds·15 to the nearest 1/65536 (ties away from zero), in
 * exact integer arithmetic (BigInt: t·num·983040 passes 2⁵³ for long videos in microseconds).
 */
function rescaleToSixteenthBits(t: number, num: number, den: number): number {
  const a = BigInt(t) * BigInt(num) * BigInt(TMK_FRAMES_PER_SECOND * 65536);
  const d = BigInt(den);
  const q = a >= 0n ? (2n * a + d) / (2n * d) : -((-2n * a + d) / (2n * d));
  return Number(q) / 65536;
}

/**
 * Source frame for each output frame of a constant-rate source: `frameCount` frames at `frameRate` frames a
 * second ([30, 1], or [30000, 1001] for 29.97), timestamps exact multiples of the frame duration.
 */
export function ffmpegCfrSourceFramesConstant(
  frameCount: number,
  frameRate: Rational,
  options: Pick<CfrSourceOptions, 'singleStream'> = {},
): number[] {
  const [rateNum, rateDen] = frameRate;
  const pts = Array.from({ length: frameCount }, (_, i) => i * rateDen);
  return ffmpegCfrSourceFrames(pts, { ...options, timeBase: [1, rateNum], startPts: 0, frameDuration: rateDen });
}

function medianSpacing(pts: readonly number[]): number {
  const gaps = pts.slice(1).map((p, i) => p - pts[i]!).sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]!;
}

/** C lrint/lrintf in the default rounding mode: to nearest, ties to even. */
function lrint(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

// ---------------------------------------------------------------------------------------------------------------
// Rotation

export type Autorotation = 'none' | 'clock' | 'cclock' | 'rotate180' | 'other';

/**
 * What the ffmpeg CLI's autorotation does for a stream's display rotation, given as ffprobe prints it
 * (`side_data rotation`, degrees counter-clockwise, e.g. −90 for a phone held upright): θ = −rotation mod 360;
 * θ ≈ 90 → transpose=clock, ≈ 180 → hflip+vflip, ≈ 270 → transpose=cclock, anything else but 0 → a `rotate`
 * filter (arbitrary angle; a browser decode can not match it exactly). Mirrored matrices add flips (not modelled).
 */
export function ffmpegAutorotation(rotationDegrees: number): Autorotation {
  const theta = (((-rotationDegrees % 360) + 360) % 360);
  const near = (x: number) => Math.abs(theta - x) < 1;
  if (near(90)) return 'clock';
  if (near(180)) return 'rotate180';
  if (near(270)) return 'cclock';
  if (theta < 1 || theta > 359) return 'none';
  return 'other';
}

/**
 * Applies an autorotation to a square RGB frame (side × side × 3), returning a new array. ffmpeg rotates
 * BEFORE scaling; rotating the 64×64 result instead is the same picture (scaling is separable), though not
 * bit-exact through libswscale's rounding. 'clock': out[r][c] = in[side−1−c][r].
 */
export function rotateSquareRgb(rgb: Uint8Array, side: number, rotation: Exclude<Autorotation, 'other'>): Uint8Array {
  if (rgb.length < side * side * 3) throw new RangeError(`tmk: ${rgb.length} bytes is too few for ${side}×${side} RGB`);
  if (rotation === 'none') return rgb.slice(0, side * side * 3);
  const out = new Uint8Array(side * side * 3);
  // Along an output row the source pixel moves by a fixed step: up a column (clock), down one (cclock) or back
  // along a row (rotate180). Offsets, not coordinate pairs: nothing is allocated per pixel.
  const rowBytes = side * 3;
  const step = rotation === 'clock' ? -rowBytes : rotation === 'cclock' ? rowBytes : -3;
  for (let r = 0, to = 0; r < side; r++) {
    let from = rotation === 'clock' ? (side - 1) * rowBytes + r * 3
      : rotation === 'cclock' ? (side - 1 - r) * 3
        : (side - 1 - r) * rowBytes + (side - 1) * 3;
    for (let c = 0; c < side; c++, from += step, to += 3) {
      out[to] = rgb[from]!;
      out[to + 1] = rgb[from + 1]!;
      out[to + 2] = rgb[from + 2]!;
    }
  }
  return out;
}
