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
 * One departure, for speed: on a large shrink the kernel runs over sums of blocks of source samples (up to half
 * a destination pixel, every other row read) instead of over every sample (see {@link blockSize}). That
 * moves pixels by about a level on average, and PDQF not measurably (e2e/hash-tmk.e2e.ts).
 *
 * Why hand-written: no browser API scales YUV with libswscale's kernel, and a WASM libswscale would be a large
 * dependency for 64×64 output. The canvas alternative (drawImage of the VideoFrame onto a 64×64 OffscreenCanvas,
 * any imageSmoothingQuality) was measured in headless Chromium against ffmpeg's output on four sample videos:
 * mean |Δ| 1.6–8.3 levels, worst 33–114 (it samples rather than averages when shrinking 10×); the exact filter
 * here: mean 0.19–0.90, worst 3; with the blocks: mean 0.69–1.62, worst 8–36 (a one-row-fine test pattern).
 * The canvas stays only as the fallback for frames that are not 8-bit 4:2:0. The arithmetic here is in floating
 * point, not swscale's 14-bit fixed point (tests/hash/tmk/tmk-scale.test.ts measures it against ffmpeg).
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
 * Source samples per block in one direction: the whole part of (shrink ratio / BLOCK_SPAN), at least 1; from 3.5
 * up, a multiple of 4 (see below).
 *
 * Why blocks: the exact filter costs about 4 multiply-adds per source sample whatever the order of its passes
 * (each sample sits under 4 destination pixels' kernels): from 1080p, 12 ms a frame in Node and the larger part
 * of TMK's CPU in Chromium, where the decoder alone takes about two thirds of the reference's whole time per
 * frame (docs/benchmarks.md). Summing blocks of at most half a destination pixel first costs one add per sample
 * read (fewer: see SAMPLED_ROW_STEP, sumBlocksByWords), and the kernel then runs over k² times fewer values.
 * The result is the exact filter applied to a picture flattened within each block (the weights are the exact
 * ones summed per block): a block is at most an eighth of the kernel's width (±2 destination pixels), so
 * natural pictures move by about a level (tmk-scale.test.ts measures it against ffmpeg), far below what moves a
 * PDQF feature (e2e/hash-tmk.e2e.ts holds the scores against the reference's files).
 */
export function blockSize(src: number, dst: number): number {
  const span = src / dst / BLOCK_SPAN;
  const k = Math.max(1, Math.floor(span));
  // From 4 up, a multiple of 4: packed rows are then summed a 32-bit word at a time (sumBlocksByWords).
  if (k >= 4) return k - (k % 4);
  // And 4 rather than 3 from 3.5 up (a side of 448–511 samples to 64, or 224–255 to 32, e.g. SD's 480 columns and
  // their 240 of chroma: 0.53 of a destination pixel, not 0.4): 17 % less CPU for SD's scale, and its distance to
  // ffmpeg's pixels moves by under a tenth of a level on average (tmk-scale.test.ts, docs/benchmarks.md).
  return span >= 3.5 ? 4 : k;
}
/** Blocks per destination pixel (see {@link blockSize}). */
const BLOCK_SPAN = 2;
/**
 * Where blocks are at least 2 rows deep, every other row is read: the vertical kernel spans 4 destination rows,
 * i.e. at least 16 source rows there, so only detail at the scale of single rows (interlacing combs) could
 * tell; the picture TMK hashes is 64 rows high.
 */
const SAMPLED_ROW_STEP = 2;

/**
 * The exact filter from `src` samples to `dst`, regrouped over blocks of `k` samples (the last block may be
 * shorter), of which every `every`-th is read (the 1st, the 1 + every-th, …): each tap's weight goes to its
 * block, divided by the number of samples read there, so the filter applied to block SUMS equals the exact
 * filter applied to block MEANS. Cached like {@link bicubicFilter}.
 */
export function blockFilter(src: number, dst: number, k: number, every = 1): ScaleFilter {
  if (k === 1) return bicubicFilter(src, dst);
  const key = `${src}:${dst}:${k}:${every}`;
  const cached = filters.get(key);
  if (cached) return cached;
  const exact = bicubicFilter(src, dst);
  const blocks = Math.ceil(src / k);
  const lengthOf = (b: number) => Math.ceil(Math.min(k, src - b * k) / every);
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
 * The block path of {@link scalePlane}: the source is summed kx × ky samples at a time into a grid of block
 * sums (reused from frame to frame); the vertical taps run first, over whole rows of that grid, then the
 * horizontal taps over the dstH rows left, and the 8-bit rounding. In exact arithmetic the same sums as
 * horizontal first; the loops are grouped so that each value loaded serves four taps or four rows.
 */
function scalePlaneByBlocks(
  plane: Uint8Array, offset: number, step: number, stride: number,
  srcW: number, srcH: number, dstW: number, dstH: number, kx: number, ky: number,
): Uint8Array {
  const rowStep = ky >= 2 ? SAMPLED_ROW_STEP : 1;
  const horizontal = blockFilter(srcW, dstW, kx);
  const { size: vSize, start: vStart, weight: vWeight } = blockFilter(srcH, dstH, ky, rowStep);
  const blocksW = Math.ceil(srcW / kx);
  const blocksH = Math.ceil(srcH / ky);
  const grid = scratch(0, blocksW * blocksH);
  const words = step === 1 && kx % 4 === 0 && (kx >> 2) * Math.ceil(ky / rowStep) <= MAX_WORDS_PER_LANE && plane.byteOffset % 4 === 0 && offset % 4 === 0 && stride % 4 === 0
    ? new Uint32Array(plane.buffer, plane.byteOffset, plane.byteLength >> 2)
    : undefined;
  if (words) sumBlocksByWords(plane, words, offset, stride, srcW, srcH, rowStep, kx, ky, grid);
  else sumBlocks(plane, offset, step, stride, srcW, srcH, rowStep, kx, ky, grid);
  const columns = scratch(1, dstH * blocksW);
  columns.fill(0);
  for (let o = 0; o < dstH; o++) {
    const out = o * blocksW;
    let j = 0;
    // Four taps a pass: each output value is loaded and stored a quarter as often (about 2.5× faster).
    for (; j + 3 < vSize; j += 4) {
      const w0 = vWeight[o * vSize + j]!;
      const w1 = vWeight[o * vSize + j + 1]!;
      const w2 = vWeight[o * vSize + j + 2]!;
      const w3 = vWeight[o * vSize + j + 3]!;
      const f0 = (vStart[o]! + j) * blocksW;
      const f1 = f0 + blocksW;
      const f2 = f1 + blocksW;
      const f3 = f2 + blocksW;
      for (let b = 0; b < blocksW; b++) columns[out + b] = columns[out + b]! + (w0 * grid[f0 + b]! + w1 * grid[f1 + b]! + w2 * grid[f2 + b]! + w3 * grid[f3 + b]!);
    }
    for (; j < vSize; j++) {
      const w = vWeight[o * vSize + j]!;
      const from = (vStart[o]! + j) * blocksW;
      for (let b = 0; b < blocksW; b++) columns[out + b] = columns[out + b]! + w * grid[from + b]!;
    }
  }
  return horizontalPass(columns, blocksW, dstW, dstH, horizontal);
}

/** Two work buffers reused frame after frame (a video has one geometry; a worker hashes one frame at a time). */
const scratchBuffers: Float64Array[] = [new Float64Array(0), new Float64Array(0)];
function scratch(which: 0 | 1, size: number): Float64Array {
  if (scratchBuffers[which]!.length < size) scratchBuffers[which] = new Float64Array(size);
  return scratchBuffers[which]!.subarray(0, size);
}

/** The horizontal taps over rows already filtered vertically (srcW wide, dstH of them), rounded and clamped to 8 bits. */
function horizontalPass(rows: Float64Array, srcW: number, dstW: number, dstH: number, filter: ScaleFilter): Uint8Array {
  const { size, start, weight } = filter;
  const out = new Uint8Array(dstW * dstH);
  const clamped = clampingView(out);
  let o = 0;
  // Four output rows at a time share each weight load.
  for (; o + 3 < dstH; o += 4) {
    const row = o * srcW;
    for (let i = 0; i < dstW; i++) {
      const base = i * size;
      let at = row + start[i]!;
      let a = 0;
      let b = 0;
      let c = 0;
      let d = 0;
      for (let j = 0; j < size; j++, at++) {
        const w = weight[base + j]!;
        a += rows[at]! * w;
        b += rows[at + srcW]! * w;
        c += rows[at + 2 * srcW]! * w;
        d += rows[at + 3 * srcW]! * w;
      }
      const to = o * dstW + i;
      clamped[to] = Math.round(a);
      clamped[to + dstW] = Math.round(b);
      clamped[to + 2 * dstW] = Math.round(c);
      clamped[to + 3 * dstW] = Math.round(d);
    }
  }
  for (; o < dstH; o++) {
    const row = o * srcW;
    for (let i = 0; i < dstW; i++) {
      const base = i * size;
      let at = row + start[i]!;
      let acc = 0;
      for (let j = 0; j < size; j++, at++) acc += rows[at]! * weight[base + j]!;
      clamped[o * dstW + i] = Math.round(acc);
    }
  }
  return out;
}

/**
 * The grid of block sums, row-major: its entry (by, b) is the sum of the samples in columns b·kx … b·kx + kx − 1
 * (the last block may be short) of rows by·ky, by·ky + rowStep, … below (by + 1)·ky. Block by block, its rows
 * inside, and the 2- and 3-sample blocks of moderate shrinks (SD, chroma) unrolled: with 1–2 rows read per
 * block, loop overhead and a read-modify-write of the sum per row cost more than the reads (about 2× faster
 * than row by row). One call per plane, not per row of blocks: a worker is new for each video, so its first
 * frame runs before the JIT has optimised anything, and only a long-running loop is optimised mid-call.
 */
function sumBlocks(
  plane: Uint8Array, offset: number, step: number, stride: number,
  srcW: number, srcH: number, rowStep: number, kx: number, ky: number, sums: Float64Array,
): void {
  const fullBlocks = Math.floor(srcW / kx);
  const blockStep = kx * step;
  const rowGap = stride * rowStep;
  const blocksW = Math.ceil(srcW / kx);
  for (let y0 = 0, into = 0; y0 < srcH; y0 += ky, into += blocksW) {
    const rowsRead = Math.ceil((Math.min(srcH, y0 + ky) - y0) / rowStep);
    const first = offset + y0 * stride;
    for (let b = 0, at = first; b < fullBlocks; b++, at += blockStep) {
      let sum = 0;
      for (let r = 0, p = at; r < rowsRead; r++, p += rowGap) {
        if (kx === 3) sum += plane[p]! + plane[p + step]! + plane[p + 2 * step]!;
        else if (kx === 2) sum += plane[p]! + plane[p + step]!;
        else for (let x = 0, q = p; x < kx; x++, q += step) sum += plane[q]!;
      }
      sums[into + b] = sum;
    }
    if (fullBlocks * kx < srcW) {
      let sum = 0;
      for (let r = 0, p = first + fullBlocks * blockStep; r < rowsRead; r++, p += rowGap) {
        for (let x = fullBlocks * kx, q = p; x < srcW; x++, q += step) sum += plane[q]!;
      }
      sums[into + fullBlocks] = sum;
    }
  }
}

/** Both 16-bit halves of a 32-bit word, as 0x00ff00ff masks them out of four packed bytes. */
const LOW_BYTES = 0x00ff00ff;
/** Words one block may add into its two 16-bit lanes before one could overflow: 2·255 a word, 65,535 at most. */
const MAX_WORDS_PER_LANE = 128;

/**
 * {@link sumBlocks} for packed 8-bit samples (step 1) in word-aligned rows, kx a multiple of 4: each 32-bit
 * load brings four samples, added pairwise in two 16-bit lanes over the whole block (its words on every row
 * read: at most MAX_WORDS_PER_LANE), folded once. About 2.5× fewer operations than byte by byte; the order of
 * bytes in a word does not matter to a sum.
 */
function sumBlocksByWords(
  plane: Uint8Array, words: Uint32Array, offset: number, stride: number,
  srcW: number, srcH: number, rowStep: number, kx: number, ky: number, sums: Float64Array,
): void {
  const quadsPerBlock = kx >> 2;
  const fullBlocks = Math.floor(srcW / kx);
  const wordGap = (stride >> 2) * rowStep;
  const blocksW = Math.ceil(srcW / kx);
  for (let y0 = 0, into = 0; y0 < srcH; y0 += ky, into += blocksW) {
    const rowsRead = Math.ceil((Math.min(srcH, y0 + ky) - y0) / rowStep);
    const firstWord = (offset >> 2) + y0 * (stride >> 2);
    for (let b = 0, at = firstWord; b < fullBlocks; b++, at += quadsPerBlock) {
      let lanes = 0;
      for (let r = 0, p = at; r < rowsRead; r++, p += wordGap) {
        for (let q = 0; q < quadsPerBlock; q++) {
          const word = words[p + q]!;
          lanes += (word & LOW_BYTES) + ((word >>> 8) & LOW_BYTES);
        }
      }
      sums[into + b] = (lanes & 0xffff) + (lanes >>> 16);
    }
    // The short last block, byte by byte.
    if (fullBlocks * kx < srcW) {
      let sum = 0;
      for (let r = 0, p = offset + y0 * stride; r < rowsRead; r++, p += stride * rowStep) {
        for (let x = fullBlocks * kx; x < srcW; x++) sum += plane[p + x]!;
      }
      sums[into + fullBlocks] = sum;
    }
  }
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
  const clamped = clampingView(out);
  for (let o = 0; o < dstH; o++) {
    const base = o * vSize;
    const first = vStart[o]! * dstW;
    for (let i = 0; i < dstW; i++) {
      let acc = 0;
      for (let j = 0, at = first + i; j < vSize; j++, at += dstW) acc += rows[at]! * vWeight[base + j]!;
      clamped[o * dstW + i] = Math.round(acc);
    }
  }
  return out;
}

/**
 * The same bytes as a Uint8ClampedArray: a store there clamps to 0..255 (NaN → 0), which for the whole numbers
 * Math.round gives is exactly the clamp-then-store it replaces, without a helper call per pixel. A video worker
 * is new for each video, so its first frames run before the JIT inlines a helper, and a call from a loop
 * replaced on the stack may stay a call (it showed in a profile of warm workers too).
 */
function clampingView(bytes: Uint8Array): Uint8ClampedArray {
  return new Uint8ClampedArray(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

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
  const clamped = clampingView(rgb);
  const { luma: lumaTerm, rv, gu, gv, bu } = p.fullRange ? FULL_RANGE_TERMS : LIMITED_RANGE_TERMS;
  // Pixel pairs share a chroma sample (32 across): its four terms are read once for both.
  for (let row = 0, c = 0, l = 0, at = 0; row < side; row++) {
    for (let pair = 0; pair < outChromaW; pair++, c++) {
      const cu = u[c]!;
      const cv = v[c]!;
      const r = rv[cv]!;
      const g1 = gu[cu]!;
      const g2 = gv[cv]!;
      const b = bu[cu]!;
      for (let k = 0; k < 2 && pair * 2 + k < side; k++, l++, at += 3) {
        const luma = lumaTerm[y[l]!]!;
        clamped[at] = Math.round(luma + r);
        clamped[at + 1] = Math.round(luma + g1 + g2);
        clamped[at + 2] = Math.round(luma + b);
      }
    }
  }
  return rgb;
}

/**
 * 8-bit Y, U, V → RGB24 with swscale's BT.601 coefficients: R = luma + crv·V', G = luma − cgu·U' − cgv·V',
 * B = luma + cbu·U' (U', V' centred on 128, scaled for full range), rounded and clamped. Tabulated for every
 * 8-bit value, so the 4,096 pixels of a frame are table reads and adds (a − b is a + (−b) exactly).
 */
function rgbTerms(fullRange: boolean) {
  const chroma = fullRange ? 224 / 255 : 1;
  const table = (f: (v: number) => number) => Float64Array.from({ length: 256 }, (_, v) => f(v));
  return {
    luma: table((v) => (fullRange ? v : LIMITED_LUMA_GAIN * v - LIMITED_LUMA_OFFSET)),
    rv: table((v) => BT601.crv * ((v - 128) * chroma)),
    gu: table((v) => -(BT601.cgu * ((v - 128) * chroma))),
    gv: table((v) => -(BT601.cgv * ((v - 128) * chroma))),
    bu: table((v) => BT601.cbu * ((v - 128) * chroma)),
  };
}
const LIMITED_RANGE_TERMS = rgbTerms(false);
const FULL_RANGE_TERMS = rgbTerms(true);
