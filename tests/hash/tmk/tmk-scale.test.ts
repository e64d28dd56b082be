/**
 * The TMK frame scaler (utils/hash/tmk/scale.ts) against what the reference's ffmpeg pipe makes: the filter's
 * shape on its own, flat colours whose RGB was measured with Debian's ffmpeg 5.1.9, and (when ffmpeg is
 * installed) real frames of the shared sample videos, decoded by ffmpeg to YUV and scaled by both.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { bicubicFilter, blockFilter, blockSize, scalePlane, scalePlaneExact, scaleYuv420ToRgb } from '../../../utils/hash/tmk/scale';
import type { YuvPlanes } from '../../../utils/hash/video-vpdq';

const VIDEOS = path.resolve(__dirname, '../../../../shared/fixtures/vpdq/videos');
const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;

/** Planes of a tightly packed I420 frame. */
function i420(data: Uint8Array, width: number, height: number): YuvPlanes {
  return {
    width, height, y: data, yStride: width, u: data, v: data, uvStride: width / 2, uvStep: 1,
    uOffset: width * height, vOffset: (width * height * 5) / 4, fullRange: false,
  };
}

function flatFrame(width: number, height: number, y: number, u: number, v: number): YuvPlanes {
  const data = new Uint8Array(width * height * 1.5);
  data.fill(y, 0, width * height);
  data.fill(u, width * height, (width * height * 5) / 4);
  data.fill(v, (width * height * 5) / 4);
  return i420(data, width, height);
}

describe('bicubic filter', () => {
  test('weights sum to 1, and a shrink spreads over every source sample', () => {
    const filter = bicubicFilter(720, 64);
    for (let i = 0; i < 64; i++) {
      const weights = filter.weight.subarray(i * filter.size, (i + 1) * filter.size);
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    // ±2 destination pixels = ±22.5 source rows: every one of the 720 rows feeds some output row.
    const covered = new Set(Array.from(filter.start).flatMap((start) => Array.from({ length: filter.size }, (_, j) => start + j)));
    expect(covered.size).toBe(720);
  });

  test('same size is the identity (B = 0: the cubic is 1 at 0 and 0 at ±1, ±2)', () => {
    const plane = Uint8Array.from({ length: 16 * 16 }, (_, i) => (i * 37) & 0xff);
    expect(scalePlane(plane, 0, 1, 16, 16, 16, 16, 16)).toEqual(plane);
  });

  test('a step edge overshoots as C = 0.6 makes it, and the edges are clamped, not faded to black', () => {
    const row = Uint8Array.from({ length: 128 }, (_, x) => (x < 64 ? 50 : 200));
    const out = scalePlane(row, 0, 1, 128, 128, 1, 64, 1);
    expect(out[0]).toBe(50);
    expect(out[63]).toBe(200);
    expect(Math.min(...out)).toBeLessThan(50);
    expect(Math.max(...out)).toBeGreaterThan(200);
  });
});

/**
 * Measured on the worst output pixel next to a full-swing (219-level) step edge: 4 levels across the rows (blocks);
 * 13 along them, where an edge between two rows read moves by up to a source row (every other row is read).
 */
const WORST_EDGE = 16;

describe('block sums before the kernel (large shrinks)', () => {
  test('blocks only where a destination pixel spans at least 4 source samples: half of it, whole', () => {
    expect(blockSize(720, 64)).toBe(4);
    expect(blockSize(360, 64)).toBe(2);
    expect(blockSize(416, 64)).toBe(3);
    // 3.75 samples, rounded to 4 so that packed rows are read a word at a time (SD's 480 columns, its 240 of chroma to 32).
    expect(blockSize(480, 64)).toBe(4);
    expect(blockSize(240, 32)).toBe(4);
    expect(blockSize(240, 64)).toBe(1);
    expect(blockSize(64, 64)).toBe(1);
    // From 4 up a multiple of 4, so that packed rows are read a word at a time.
    expect(blockSize(1080, 64)).toBe(8);
    expect(blockSize(1920, 64)).toBe(12);
    expect(blockSize(1280, 64)).toBe(8);
  });

  test('the regrouped weights still sum to 1, a short last block included', () => {
    for (const [src, k, every] of [[1080, 8, 1], [1078, 4, 1], [1920, 7, 1], [1077, 5, 2], [720, 4, 2]] as const) {
      const filter = blockFilter(src, 64, k, every);
      for (let i = 0; i < 64; i++) {
        const weights = filter.weight.subarray(i * filter.size, (i + 1) * filter.size);
        // Each block's weight is per sample READ in the block: times their number, they sum to 1.
        const read = (b: number) => Math.ceil(Math.min(k, src - b * k) / every);
        const sum = weights.reduce((a, w, j) => a + w * read(filter.start[i]! + j), 0);
        expect(sum).toBeCloseTo(1, 12);
      }
    }
  });

  // Word-aligned rows (read 4 samples a word) with 2 samples left over, and the same plane interleaved with
  // another (step 2, as NV12's U and V: read byte by byte); short last blocks both ways.
  test.each([
    ['packed rows, read by words', 1, 1916],
    ['interleaved samples, read by bytes', 2, 2 * 1916],
  ])('a picture flat within each block comes out as the exact filter makes it: %s', (_, step, stride) => {
    const [width, height, kx, ky] = [1914, 1078, 12, 8];
    const plane = new Uint8Array(stride * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const [bx, by] = [Math.floor(x / kx), Math.floor(y / ky)];
        plane[y * stride + x * step] = (bx * 37 + by * 91 + ((bx * by) % 7) * 20) & 0xff;
      }
    }
    expect(blockSize(width, 64)).toBe(kx);
    expect(blockSize(height, 64)).toBe(ky);
    const blocks = scalePlane(plane, 0, step, stride, width, height, 64, 64);
    const exact = scalePlaneExact(plane, 0, step, stride, width, height, 64, 64);
    // Equal but for float rounding across a .5 boundary: never more than a level.
    for (let i = 0; i < exact.length; i++) expect(Math.abs(blocks[i]! - exact[i]!)).toBeLessThanOrEqual(1);
  });

  test('a sharp full-swing edge anywhere, across or along the rows, moves no output by more than a few levels', () => {
    const [width, height] = [1920, 1080];
    let worst = 0;
    for (const edge of [0.3, 0.5, 0.77]) {
      // Not on a block boundary; a horizontal edge also falls between two rows read (every other one is).
      const [atX, atY] = [Math.round(width * edge) + 3, Math.round(height * edge) + 3];
      for (const vertical of [true, false]) {
        const plane = Uint8Array.from({ length: width * height }, (_, i) =>
          (vertical ? i % width < atX : Math.floor(i / width) < atY) ? 16 : 235);
        const blocks = scalePlane(plane, 0, 1, width, width, height, 64, 64);
        const exact = scalePlaneExact(plane, 0, 1, width, width, height, 64, 64);
        for (let i = 0; i < exact.length; i++) worst = Math.max(worst, Math.abs(blocks[i]! - exact[i]!));
      }
    }
    expect(worst).toBeLessThanOrEqual(WORST_EDGE);
  });
});

describe('YUV → 64×64 RGB', () => {
  // Measured: ffmpeg -f rawvideo -pix_fmt yuv420p -s 128x128 -i flat.yuv -s 64:64 -f rawvideo -pix_fmt rgb24
  test.each([
    [16, 128, 128, [0, 0, 0]],
    [50, 128, 128, [38, 38, 38]],
    [100, 128, 128, [96, 96, 96]],
    [150, 128, 128, [154, 154, 154]],
    [200, 128, 128, [212, 212, 212]],
    [235, 128, 128, [253, 253, 253]],
    [120, 90, 200, [235, 76, 42]],
    [120, 200, 90, [59, 123, 255]],
    [120, 60, 60, [11, 202, 0]],
  ])('flat Y=%i U=%i V=%i is ffmpeg\'s %j within a level', (y, u, v, rgb) => {
    const out = scaleYuv420ToRgb(flatFrame(128, 128, y, u, v));
    expect(out).toHaveLength(64 * 64 * 3);
    for (let c = 0; c < 3; c++) expect(Math.abs(out[1000 * 3 + c]! - rgb[c]!)).toBeLessThanOrEqual(1);
  });

  // Measured (4 frames each): mean |Δ| 0.93 / 0.69 / 1.41 / 1.62 levels; worst 10 / 8 / 36 / 9, the 36 on a
  // pixel of test-padded-dimensions' one-row-fine pattern, where every other row is not read (scale.ts
  // SAMPLED_ROW_STEP). With the exact filter on every sample (before the block sums): mean 0.19–0.90, worst 3.
  // What matters downstream is the PDQF feature: e2e/hash-tmk.e2e.ts holds the scores against the reference.
  describe.skipIf(!hasFfmpeg)('real frames, against ffmpeg -s 64:64 -pix_fmt rgb24', () => {
    test.each([
      ['chair-19-sd-bar', 480, 720],
      ['doorknob-hd-no-bar', 1280, 720],
      ['test-padded-dimensions', 1080, 1080],
      ['pattern-sd-grey-bar', 480, 720],
    ])('%s (%i×%i): under 2 levels on average, a few pixels of fine detail further off', (name, width, height) => {
      const file = path.join(VIDEOS, `${name}.mp4`);
      const frames = 4;
      const decode = (args: string[]) =>
        new Uint8Array(execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-frames:v', String(frames), ...args, '-f', 'rawvideo', 'pipe:1'], { maxBuffer: 1 << 26 }));
      const yuv = decode(['-pix_fmt', 'yuv420p']);
      const reference = decode(['-s', '64:64', '-an', '-pix_fmt', 'rgb24']);
      const frameBytes = width * height * 1.5;
      let total = 0;
      let worst = 0;
      for (let f = 0; f < frames; f++) {
        const ours = scaleYuv420ToRgb(i420(yuv.subarray(f * frameBytes, (f + 1) * frameBytes), width, height));
        const theirs = reference.subarray(f * 12288, (f + 1) * 12288);
        for (let i = 0; i < 12288; i++) {
          const d = Math.abs(ours[i]! - theirs[i]!);
          total += d;
          worst = Math.max(worst, d);
        }
      }
      expect(worst).toBeLessThanOrEqual(40);
      expect(total / (frames * 12288)).toBeLessThan(2);
    });
  });
});
