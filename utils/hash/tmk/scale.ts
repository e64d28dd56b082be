/**
 * A decoded 4:2:0 frame → the 64×64 RGB24 picture the TMK reference hashes, written to come as close as we can
 * to what its ffmpeg pipe (`-s 64:64 -pix_fmt rgb24`, see sampling.ts) makes with libswscale:
 *
 * - SWS_BICUBIC: the cubic kernel with B = 0, C = 0.6 (swscale's defaults), stretched by src/dst when shrinking
 *   (so every source pixel contributes: a plain 4-tap cubic would alias badly from 720 rows to 64);
 * - centre-aligned sample positions (source x = (i + ½)·src/dst − ½), edges clamped;
 * - separable: horizontal then vertical, each rounded to 8 bits as swscale's output stage does;
 * - chroma scaled from its own 4:2:0 plane straight to the output geometry: 32 samples wide (swscale drops
 *   horizontal chroma resolution for packed RGB without SWS_FULL_CHR_H_INT — one U/V per pixel pair) and 64 high;
 * - the BT.601 matrix (sws is never told the stream's colour space), limited range unless the frame is full range.
 *
 * Why hand-written: no browser API scales YUV with libswscale's kernel, and a WASM libswscale would be a large
 * dependency for 64×64 output. The canvas alternative (drawImage of the VideoFrame onto a 64×64 OffscreenCanvas,
 * any imageSmoothingQuality) was measured in headless Chromium against ffmpeg's output on four sample videos:
 * mean |Δ| 1.6–8.3 levels, worst 33–114 (it samples rather than averages when shrinking 10×); this scaler:
 * mean 0.19–0.90, worst 3. The canvas stays only as the fallback for frames that are not 8-bit 4:2:0. The arithmetic here is in floating point, not swscale's 14-bit fixed point: it differs by at
 * most a level or two on a few pixels (tests/hash/tmk/tmk-scale.test.ts measures it against ffmpeg), far below
 * what moves a PDQF feature.
 */
import type { YuvPlanes } from '../video-vpdq';
import { TMK_FRAME_DIM } from './params';

/** swscale's bicubic default parameters (SWS_PARAM_DEFAULT → B = 0, C = 0.6). */
const CUBIC_B = 0;
const CUBIC_C = 0.6;

/** The cubic kernel as libswscale's initFilter evaluates it (distance in destination pixels when shrinking). */
function cubic(d: number): number {
  const B = CUBIC_B;
  const C = CUBIC_C;
  if (d >= 2) return 0;
  if (d < 1) return ((12 - 9 * B - 6 * C) * d ** 3 + (-18 + 12 * B + 6 * C) * d ** 2 + (6 - 2 * B)) / 6;
  return ((-B - 6 * C) * d ** 3 + (6 * B + 30 * C) * d ** 2 + (-12 * B - 48 * C) * d + (8 * B + 24 * C)) / 6;
}

/**
 * One output sample's taps: a run of `size` consecutive source samples from start[i], with its weights.
 * Taps past an edge are folded onto the edge sample (clamping, as swscale's initFilter does), which keeps every
 * run contiguous: the inner loops read memory in order, no index table.
 */
export interface ScaleFilter {
  size: number;
  start: Int32Array;
  /** weight[i·size + j]: the weight of source sample start[i] + j for output i. */
  weight: Float64Array;
}

/** The 1-D bicubic filter from `src` samples to `dst` samples (cached: a video has one geometry). */
export function bicubicFilter(src: number, dst: number): ScaleFilter {
  const key = `${src}:${dst}`;
  const cached = filters.get(key);
  if (cached) return cached;
  const ratio = src / dst;
  const shrink = ratio > 1;
  // Support ±2 destination pixels: ±2·ratio source pixels when shrinking, ±2 when enlarging.
  const radius = shrink ? 2 * ratio : 2;
  const taps = Math.ceil(2 * radius) + 1;
  const size = Math.min(taps, src);
  const start = new Int32Array(dst);
  const weight = new Float64Array(dst * size);
  for (let i = 0; i < dst; i++) {
    const centre = (i + 0.5) * ratio - 0.5;
    const first = Math.floor(centre - radius) + 1;
    const from = Math.min(Math.max(first, 0), src - size);
    start[i] = from;
    let sum = 0;
    for (let j = 0; j < taps; j++) {
      const x = first + j;
      const w = cubic(Math.abs(x - centre) / (shrink ? ratio : 1));
      const k = i * size + Math.min(src - 1, Math.max(0, x)) - from;
      weight[k] = weight[k]! + w;
      sum += w;
    }
    for (let j = 0; j < size; j++) weight[i * size + j]! /= sum;
  }
  const filter = { size, start, weight };
  filters.set(key, filter);
  return filter;
}
const filters = new Map<string, ScaleFilter>();

/**
 * Scales one plane (samples at `offset + x·step + y·stride`) to dstW × dstH. A large shrink first sums blocks
 * of source samples (see {@link blockSize}); otherwise, or when no block would hold more than one sample, the
 * exact separable pass runs on the samples themselves.
 */
export function scalePlane(
  plane: Uint8Array, offset: number, step: number, stride: number,
  srcW: number, srcH: number, dstW: number, dstH: number,
): Uint8Array {
  const kx = blockSize(srcW, dstW);
  const ky = blockSize(srcH, dstH);
  if (kx === 1 && ky === 1) return scalePlaneExact(plane, offset, step, stride, srcW, srcH, dstW, dstH);
  return scalePlaneByBlocks(plane, offset, step, stride, srcW, srcH, dstW, dstH, kx, ky);
}

/**
 * Source samples per block in one direction: the whole part of (shrink ratio / BLOCK_SPAN), at least 1.
 *
 * Why blocks: the exact filter costs about 4 multiply-adds per source sample whatever the order of its passes
 * (each sample sits under 4 destination pixels' kernels), and from 1080p that was 12 ms a frame — most of
 * TMK's CPU, when the reference's ffmpeg does the whole decode + scale in about 7 ms a frame. Summing
 * BLOCK_SPAN-th-of-a-destination-pixel blocks first costs one add per source sample, and the kernel then runs
 * over k² times fewer values. The result is the exact filter applied to a picture flattened within each block
 * (the weights are the exact ones summed per block): a block is at most a sixteenth of the kernel's width
 * (±2 destination pixels), so the difference is a fraction of a level on natural pictures (tmk-scale.test.ts
 * measures it against ffmpeg), far below what moves a PDQF feature.
 */
export function blockSize(src: number, dst: number): number {
  return Math.max(1, Math.floor(src / dst / BLOCK_SPAN));
}
/** Blocks per destination pixel (see {@link blockSize}). */
const BLOCK_SPAN = 4;

/**
 * The exact filter from `src` samples to `dst`, regrouped over blocks of `k` samples (the last block may be
 * shorter): each tap's weight goes to its block, divided by the block's length, so the filter applied to block
 * SUMS equals the exact filter applied to block MEANS. Cached like {@link bicubicFilter}.
 */
export function blockFilter(src: number, dst: number, k: number): ScaleFilter {
  if (k === 1) return bicubicFilter(src, dst);
  const key = `${src}:${dst}:${k}`;
  const cached = filters.get(key);
  if (cached) return cached;
  const exact = bicubicFilter(src, dst);
  const blocks = Math.ceil(src / k);
  const lengthOf = (b: number) => Math.min(k, src - b * k);
  let size = 0;
  for (let i = 0; i < dst; i++) {
    const first = Math.floor(exact.start[i]! / k);
    const last = Math.floor((exact.start[i]! + exact.size - 1) / k);
    size = Math.max(size, last - first + 1);
  }
  const start = new Int32Array(dst);
  const weight = new Float64Array(dst * size);
  for (let i = 0; i < dst; i++) {
    const from = Math.min(Math.floor(exact.start[i]! / k), blocks - size);
    start[i] = from;
    for (let j = 0; j < exact.size; j++) {
      const b = Math.floor((exact.start[i]! + j) / k);
      const at = i * size + b - from;
      weight[at] = weight[at]! + exact.weight[i * exact.size + j]! / lengthOf(b);
    }
  }
  const filter = { size, start, weight };
  filters.set(key, filter);
  return filter;
}

/**
 * The block path of {@link scalePlane}: each source row is summed kx samples at a time into a row of block
 * sums, ky rows deep; each completed block row goes through the horizontal taps; the vertical taps and the
 * 8-bit rounding follow, as in the exact pass.
 */
function scalePlaneByBlocks(
  plane: Uint8Array, offset: number, step: number, stride: number,
  srcW: number, srcH: number, dstW: number, dstH: number, kx: number, ky: number,
): Uint8Array {
  const { size: hSize, start: hStart, weight: hWeight } = blockFilter(srcW, dstW, kx);
  const { size: vSize, start: vStart, weight: vWeight } = blockFilter(srcH, dstH, ky);
  const blocksW = Math.ceil(srcW / kx);
  const blocksH = Math.ceil(srcH / ky);
  const fullBlocksW = Math.floor(srcW / kx);
  const sums = new Float64Array(blocksW);
  const rows = new Float64Array(blocksH * dstW);
  const blockStep = kx * step;
  for (let by = 0; by < blocksH; by++) {
    sums.fill(0);
    const lastRow = Math.min(srcH, (by + 1) * ky);
    for (let y = by * ky; y < lastRow; y++) {
      let at = offset + y * stride;
      for (let b = 0; b < fullBlocksW; b++) {
        let sum = 0;
        for (const end = at + blockStep; at < end; at += step) sum += plane[at]!;
        sums[b] = sums[b]! + sum;
      }
      if (fullBlocksW < blocksW) {
        let sum = 0;
        for (let x = fullBlocksW * kx; x < srcW; x++, at += step) sum += plane[at]!;
        sums[fullBlocksW] = sums[fullBlocksW]! + sum;
      }
    }
    for (let i = 0; i < dstW; i++) {
      const base = i * hSize;
      const first = hStart[i]!;
      let acc = 0;
      for (let j = 0; j < hSize; j++) acc += sums[first + j]! * hWeight[base + j]!;
      rows[by * dstW + i] = acc;
    }
  }
  return verticalPass(rows, dstW, dstH, vSize, vStart, vWeight);
}

/**
 * The exact separable pass: horizontal first (kept in float, as swscale keeps 15 bits there), then vertical,
 * rounded to 8 bits like swscale's output stage.
 */
export function scalePlaneExact(
  plane: Uint8Array, offset: number, step: number, stride: number,
  srcW: number, srcH: number, dstW: number, dstH: number,
): Uint8Array {
  const { size: hSize, start: hStart, weight: hWeight } = bicubicFilter(srcW, dstW);
  const { size: vSize, start: vStart, weight: vWeight } = bicubicFilter(srcH, dstH);
  const rows = new Float64Array(srcH * dstW);
  // Four source rows at a time share each weight load: the same sums in the same order (bit-identical), about
  // 2× faster.
  let y = 0;
  for (; y + 3 < srcH; y += 4) {
    const row = offset + y * stride;
    for (let i = 0; i < dstW; i++) {
      const base = i * hSize;
      let at = row + hStart[i]! * step;
      let a = 0;
      let b = 0;
      let c = 0;
      let d = 0;
      for (let j = 0; j < hSize; j++, at += step) {
        const w = hWeight[base + j]!;
        a += plane[at]! * w;
        b += plane[at + stride]! * w;
        c += plane[at + 2 * stride]! * w;
        d += plane[at + 3 * stride]! * w;
      }
      const out = y * dstW + i;
      rows[out] = a;
      rows[out + dstW] = b;
      rows[out + 2 * dstW] = c;
      rows[out + 3 * dstW] = d;
    }
  }
  for (; y < srcH; y++) {
    const row = offset + y * stride;
    for (let i = 0; i < dstW; i++) {
      const base = i * hSize;
      let at = row + hStart[i]! * step;
      let acc = 0;
      for (let j = 0; j < hSize; j++, at += step) acc += plane[at]! * hWeight[base + j]!;
      rows[y * dstW + i] = acc;
    }
  }
  return verticalPass(rows, dstW, dstH, vSize, vStart, vWeight);
}

/** The vertical taps over rows already filtered horizontally (dstW wide), rounded and clamped to 8 bits. */
function verticalPass(
  rows: Float64Array, dstW: number, dstH: number, vSize: number, vStart: Int32Array, vWeight: Float64Array,
): Uint8Array {
  const out = new Uint8Array(dstW * dstH);
  for (let o = 0; o < dstH; o++) {
    const base = o * vSize;
    const first = vStart[o]! * dstW;
    for (let i = 0; i < dstW; i++) {
      let acc = 0;
      for (let j = 0, at = first + i; j < vSize; j++, at += dstW) acc += rows[at]! * vWeight[base + j]!;
      out[o * dstW + i] = clamp8(Math.round(acc));
    }
  }
  return out;
}

const clamp8 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);

/**
 * BT.601 as libswscale's yuv2rgb tables (ff_yuv2rgb_coeffs[SWS_CS_DEFAULT], 16.16 fixed point → real numbers):
 * the chroma gains already include the 255/224 limited-range expansion; full range scales them back.
 */
const BT601 = { crv: 104597 / 65536, cbu: 132201 / 65536, cgu: 25675 / 65536, cgv: 53279 / 65536 };

/**
 * Limited-range luma as ffmpeg 5.1's SCALED yuv→rgb24 path actually maps it (measured on flat frames through the
 * reference's own command line: Y 50/100/150/200/235 → 38/96/154/212/253), not the textbook 255/219·(Y − 16):
 * about 1.5 levels darker. The unscaled path vPDQ uses does not have this offset.
 */
const LIMITED_LUMA_GAIN = 1.16;
const LIMITED_LUMA_OFFSET = 20;

/** 8-bit Y, U, V → RGB24 with swscale's BT.601 coefficients, rounded and clamped. */
export function yuvToRgbPixel(y: number, u: number, v: number, fullRange: boolean, out: Uint8Array, at: number): void {
  const chroma = fullRange ? 224 / 255 : 1;
  const luma = fullRange ? y : LIMITED_LUMA_GAIN * y - LIMITED_LUMA_OFFSET;
  const cu = (u - 128) * chroma;
  const cv = (v - 128) * chroma;
  out[at] = clamp8(Math.round(luma + BT601.crv * cv));
  out[at + 1] = clamp8(Math.round(luma - BT601.cgu * cu - BT601.cgv * cv));
  out[at + 2] = clamp8(Math.round(luma + BT601.cbu * cu));
}

/**
 * The whole step: a 4:2:0 frame (I420 or NV12 planes, as video-frame.ts copies them out of a VideoFrame) →
 * side × side RGB24, aspect ratio not kept, as the reference's `-s 64:64`.
 */
export function scaleYuv420ToRgb(p: YuvPlanes, side = TMK_FRAME_DIM): Uint8Array {
  const chromaW = Math.ceil(p.width / 2);
  const chromaH = Math.ceil(p.height / 2);
  const outChromaW = Math.ceil(side / 2);
  const y = scalePlane(p.y, 0, 1, p.yStride, p.width, p.height, side, side);
  const u = scalePlane(p.u, p.uOffset, p.uvStep, p.uvStride, chromaW, chromaH, outChromaW, side);
  const v = scalePlane(p.v, p.vOffset, p.uvStep, p.uvStride, chromaW, chromaH, outChromaW, side);
  const rgb = new Uint8Array(side * side * 3);
  for (let row = 0; row < side; row++) {
    for (let col = 0; col < side; col++) {
      const c = row * outChromaW + (col >> 1);
      yuvToRgbPixel(y[row * side + col]!, u[c]!, v[c]!, p.fullRange, rgb, (row * side + col) * 3);
    }
  }
  return rgb;
}
