/**
 * vPDQ frames per second: the per-frame work on the device once a frame is decoded (swscale-exact
 * YUV → RGB, then PDQ at the native size, no 512 squash). Decoding is the browser's (WebCodecs) and is
 * not measured here; at one frame a second only 1 frame in int(fps) pays this cost.
 * Run: npx vitest bench --run bench/vpdq.bench.ts   (hz = frames per second)
 */
import { bench, describe } from 'vitest';
import { VpdqFrameHasher, type YuvPlanes } from '../utils/hash/video-vpdq';

/** A deterministic 4:2:0 frame with structure (gradients + texture), so PDQ's median is not degenerate. */
function syntheticFrame(width: number, height: number): YuvPlanes {
  const cw = Math.ceil(width / 2);
  const y = Uint8Array.from({ length: width * height }, (_, i) => (((i % width) * 7) ^ (Math.floor(i / width) * 3)) & 0xff);
  const u = Uint8Array.from({ length: cw * Math.ceil(height / 2) }, (_, i) => 64 + ((i * 13) % 128));
  const v = Uint8Array.from({ length: u.length }, (_, i) => 192 - ((i * 5) % 128));
  return { width, height, y, yStride: width, u, v, uvStride: cw, uvStep: 1, uOffset: 0, vOffset: 0, fullRange: false };
}

describe('vPDQ frames per second (YUV → RGB → PDQ, native size; decoding not included)', () => {
  for (const [width, height] of [[480, 720], [1280, 720], [1920, 1080]] as const) {
    const frame = syntheticFrame(width, height);
    const hasher = new VpdqFrameHasher();
    let n = 0;
    bench(`${width}×${height}`, () => void hasher.hashYuv(frame, n++, 30), { time: 2000 });
  }
});
