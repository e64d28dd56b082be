/**
 * The decoder-independent half of vPDQ (facebook/ThreatExchange vpdq/cpp): which frames are hashed, how
 * a decoded YUV frame becomes the RGB the reference hashes, and the output format. Pure functions only,
 * so the unit tests and the bench run them in Node.
 */
import { PDQ_LUMA_TABLES, PdqHasher } from './pdq';

export interface VpdqFrame {
  frame: number;
  quality: number;
  value: string;
  ts: number;
}

/**
 * filehasher.cpp: keep a frame when frameNumber % frameMod == 0, frameMod = int(secondsPerHash × fps),
 * and 0 becomes 1 (so 0 s/hash, or a video under 1 fps, hashes every frame). At 29.97 fps this is 29.
 */
export function frameModFor(frameRate: number, secondsPerHash: number): number {
  return Math.trunc(secondsPerHash * frameRate) || 1;
}

export function isHashedFrame(frameNumber: number, frameMod: number): boolean {
  return frameNumber % frameMod === 0;
}

/**
 * hasher.h: timestamp = float(frameNumber) / float(frameRate), in C++ float, printed with 3 decimals
 * (`std::fixed`, so an exact tie rounds to even, which `toFixed` would not). Not the frame's pts.
 */
export function vpdqTimestamp(frameNumber: number, frameRate: number): string {
  const seconds = Math.fround(Math.fround(frameNumber) / Math.fround(frameRate));
  const scaled = seconds * 1000; // exact whenever it matters: a tie needs a short binary fraction
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5) return ((floor % 2 === 0 ? floor : floor + 1) / 1000).toFixed(3);
  return seconds.toFixed(3);
}

/** The reference's output lines, `frame,quality,hex,ts`, for comparing with its files. */
export function vpdqLines(frames: readonly VpdqFrame[]): string[] {
  return frames.map((f) => `${f.frame},${f.quality},${f.value},${f.ts.toFixed(3)}`);
}

/** One line of a reference file back into a frame. */
export function parseVpdqLine(line: string): VpdqFrame {
  const [frame, quality, value, ts] = line.trim().split(',');
  if (!frame || !quality || !value || !ts) throw new Error(`not a vPDQ line: ${line}`);
  return { frame: Number(frame), quality: Number(quality), value, ts: Number(ts) };
}

// ---------------------------------------------------------------------------------------------------------------
// YUV → RGB24, the way the reference's sws_scale does it

/**
 * The reference converts with sws_scale at the native size. For yuv420p → rgb24 with no scaling and an
 * even height, libswscale takes its "unscaled" yuv2rgb path, which on x86-64 (Debian FFmpeg 5.1) is the
 * SSSE3 routine of libswscale/x86/yuv_2_rgb.asm: 16-bit fixed point, pmulhw (a·b >> 16, floored), chroma
 * nearest (one U/V sample per 2×2 pixels), and ALWAYS the default BT.601 matrix (sws_scale is never told
 * the stream's colour space, so HD BT.709 video is converted as BT.601 too). The coefficients are
 * ff_yuv2rgb_c_init_tables' with contrast/saturation 1.0 and brightness 0. H.264 decoding itself is
 * bit-exact by specification, so with this the RGB — and the hash — can match the reference exactly.
 */
function swscaleCoefficients(fullRange: boolean) {
  // ff_yuv2rgb_coeffs[SWS_CS_DEFAULT] (ITU-R BT.601): crv, cbu, -cgu, -cgv in 16.16 fixed point.
  let [crv, cbu, cgu, cgv] = [104597, 132201, -25675, -53279];
  let cy = 1 << 16;
  let oy = 0;
  if (fullRange) {
    [crv, cbu, cgu, cgv] = [crv, cbu, cgu, cgv].map((c) => Math.trunc((c * 224) / 255)) as [number, number, number, number];
  } else {
    cy = Math.trunc((cy * 255) / 219);
    oy = 16 << 16;
  }
  const roundToInt16 = (f: number) => Math.max(-0x7fff, Math.min(0x7fff, Math.floor((f + 0x8000) / 0x10000)));
  return {
    y: roundToInt16(cy * 8192),
    vr: roundToInt16(crv * 8192),
    ub: roundToInt16(cbu * 8192),
    ug: roundToInt16(cgu * 8192),
    vg: roundToInt16(cgv * 8192),
    yOffset: roundToInt16(oy * 8),
  };
}

const COEFFICIENTS = { limited: swscaleCoefficients(false), full: swscaleCoefficients(true) };

/** pmulhw: signed 16 × 16 → high 16 bits (floor). */
const mulhi = (a: number, b: number) => Math.floor((a * b) / 65536);
/** paddsw then packuswb: saturate to 0..255 (the 16-bit saturation can never bind at these magnitudes). */
const clamp8 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);

/** A decoded frame's planes: Y full size; U and V at half size (4:2:0), each with its own stride. */
export interface YuvPlanes {
  width: number;
  height: number;
  y: Uint8Array;
  yStride: number;
  u: Uint8Array;
  v: Uint8Array;
  /** Byte offset of U/V sample (cx, cy) is cx·uvStep + cy·uvStride (+ uOffset/vOffset); NV12 interleaves with step 2. */
  uvStride: number;
  uvStep: number;
  uOffset: number;
  vOffset: number;
  fullRange: boolean;
}

/** Writes tightly packed RGB24 into `out` (width × height × 3). */
export function yuv420ToRgb24(p: YuvPlanes, out: Uint8Array): void {
  const k = p.fullRange ? COEFFICIENTS.full : COEFFICIENTS.limited;
  let o = 0;
  for (let row = 0; row < p.height; row++) {
    const yRow = row * p.yStride;
    const cRow = (row >> 1) * p.uvStride;
    for (let col = 0; col < p.width; col++) {
      const c = cRow + (col >> 1) * p.uvStep;
      const u = (p.u[p.uOffset + c]! << 3) - 1024;
      const v = (p.v[p.vOffset + c]! << 3) - 1024;
      const y = mulhi((p.y[yRow + col]! << 3) - k.yOffset, k.y);
      out[o++] = clamp8(y + mulhi(v, k.vr));
      out[o++] = clamp8(y + mulhi(u, k.ug) + mulhi(v, k.vg));
      out[o++] = clamp8(y + mulhi(u, k.ub));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// YUV → PDQ luma in one pass (what the hasher uses; yuv420ToRgb24 above is the same conversion, kept as the
// readable statement of it and as the tests' yardstick)

/**
 * Every term of the conversion depends on one 8-bit sample, so each is a 256-entry table: the luma term of Y,
 * and the red, green and blue chroma terms of U and V. A pixel's R is then clamp8(y[Y] + red[V]), etc.; the
 * clamp and PDQ's per-channel luma weight are one more table each (CLAMPED_LUMA), indexed by the unclamped
 * value + CLAMP_OFFSET (folded into the chroma tables). Exactly yuv420ToRgb24's values, then exactly PDQ's luma
 * of them (checked for every Y, U, V in tests/hash/vpdq.test.ts), without writing or reading an RGB frame:
 * about twice as fast as the two passes.
 */
const CLAMP_OFFSET = 768; // unclamped R, G, B lie in about [-280, 540]
function lumaTermTables(fullRange: boolean) {
  const k = fullRange ? COEFFICIENTS.full : COEFFICIENTS.limited;
  const table = (term: (v: number) => number) => Int32Array.from({ length: 256 }, (_, v) => term(v));
  const chroma = (v: number) => (v << 3) - 1024;
  return {
    y: table((v) => mulhi((v << 3) - k.yOffset, k.y)),
    red: table((v) => CLAMP_OFFSET + mulhi(chroma(v), k.vr)),
    greenU: table((u) => CLAMP_OFFSET + mulhi(chroma(u), k.ug)),
    greenV: table((v) => mulhi(chroma(v), k.vg)),
    blue: table((u) => CLAMP_OFFSET + mulhi(chroma(u), k.ub)),
  };
}
const LUMA_TERMS = { limited: lumaTermTables(false), full: lumaTermTables(true) };
const CLAMPED_LUMA = (() => {
  const clamped = (weights: Float64Array) =>
    Float64Array.from({ length: 2 * CLAMP_OFFSET + 256 }, (_, i) => weights[clamp8(i - CLAMP_OFFSET)]!);
  return { r: clamped(PDQ_LUMA_TABLES.r), g: clamped(PDQ_LUMA_TABLES.g), b: clamped(PDQ_LUMA_TABLES.b) };
})();

/** PDQ's float luma of the RGB that yuv420ToRgb24 makes, written row-major into `out` (width × height). */
export function yuv420ToLuma(p: YuvPlanes, out: Float32Array): void {
  const t = p.fullRange ? LUMA_TERMS.full : LUMA_TERMS.limited;
  const { y: yTerm, red, greenU, greenV, blue } = t;
  const { r: lumaR, g: lumaG, b: lumaB } = CLAMPED_LUMA;
  const { y: yPlane, u: uPlane, v: vPlane, width, uvStep } = p;
  const f32 = Math.fround;
  const pairs = width >> 1;
  for (let row = 0, o = 0; row < p.height; row++) {
    let yi = row * p.yStride;
    let ui = p.uOffset + (row >> 1) * p.uvStride;
    let vi = p.vOffset + (row >> 1) * p.uvStride;
    // Two pixels share one chroma sample.
    for (let pair = 0; pair < pairs; pair++, ui += uvStep, vi += uvStep, yi += 2, o += 2) {
      const u = uPlane[ui]!;
      const v = vPlane[vi]!;
      const r = red[v]!;
      const g = greenU[u]! + greenV[v]!;
      const b = blue[u]!;
      const y0 = yTerm[yPlane[yi]!]!;
      const y1 = yTerm[yPlane[yi + 1]!]!;
      out[o] = f32(lumaR[y0 + r]! + lumaG[y0 + g]!) + lumaB[y0 + b]!;
      out[o + 1] = f32(lumaR[y1 + r]! + lumaG[y1 + g]!) + lumaB[y1 + b]!;
    }
    if (width & 1) {
      const u = uPlane[ui]!;
      const v = vPlane[vi]!;
      const y0 = yTerm[yPlane[yi]!]!;
      out[o++] = f32(lumaR[y0 + red[v]!]! + lumaG[y0 + greenU[u]! + greenV[v]!]!) + lumaB[y0 + blue[u]!]!;
    }
  }
}

/** Hashes frames one at a time at their native size (vPDQ has no 512×512 squash), reusing its buffers. */
export class VpdqFrameHasher {
  private readonly pdq = new PdqHasher();

  hashYuv(planes: YuvPlanes, frameNumber: number, frameRate: number): VpdqFrame {
    const { hash, quality } = this.pdq.hashLumaFilled(planes.width, planes.height, (luma) => yuv420ToLuma(planes, luma));
    return { frame: frameNumber, quality, value: hash, ts: Number(vpdqTimestamp(frameNumber, frameRate)) };
  }

  hashRgb(
    pixels: Uint8Array | Uint8ClampedArray,
    width: number,
    height: number,
    channels: 3 | 4,
    frameNumber: number,
    frameRate: number,
  ): VpdqFrame {
    const { hash, quality } = this.pdq.hash(pixels, width, height, channels, { squash: false });
    return { frame: frameNumber, quality, value: hash, ts: Number(vpdqTimestamp(frameNumber, frameRate)) };
  }
}
