/**
 * vPDQ frames per second: the per-frame work on the device once a frame is decoded (swscale-exact
 * YUV → RGB → PDQ luma in one pass, then PDQ at the native size, no 512 squash). Decoding is the browser's (WebCodecs) and is
 * not measured here; at one frame a second only 1 frame in int(fps) pays this cost.
 * Run: npx vitest bench --run bench/vpdq.bench.ts   (hz = frames per second)
 */
import { bench, describe } from 'vitest';
import { VpdqFrameHasher } from '../utils/hash/video-vpdq';
import { syntheticFrame } from './synthetic-frame';

describe('vPDQ frames per second (YUV → RGB → PDQ, native size; decoding not included)', () => {
  for (const [width, height] of [[480, 720], [1280, 720], [1920, 1080]] as const) {
    const frame = syntheticFrame(width, height);
    const hasher = new VpdqFrameHasher();
    let n = 0;
    bench(`${width}×${height}`, () => void hasher.hashYuv(frame, n++, 30), { time: 2000 });
  }
});
