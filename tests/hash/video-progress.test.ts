import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { defaultVideoLimits, hashVideoBytes, PROGRESS_MESSAGE_MS, throttledProgress } from '../../utils/hash/video-decode';
import { SOURCES } from '../../test-support/video-fixtures';

describe('throttledProgress (the video worker’s progress messages)', () => {
  test('posts 0 done and all done, and in between at most one per PROGRESS_MESSAGE_MS', () => {
    let clock = 0;
    const posted: number[] = [];
    const progress = throttledProgress((done) => posted.push(done), () => clock);
    // 300 frames, one every 2 ms: 600 ms of hashing.
    for (let done = 0; done <= 300; done++, clock += 2) progress(done, 300);
    expect(posted[0]).toBe(0);
    expect(posted.at(-1)).toBe(300);
    expect(posted.length).toBeLessThanOrEqual(2 + 600 / PROGRESS_MESSAGE_MS);
    expect(posted).toEqual([...posted].sort((a, b) => a - b));
  });

  test('a slow job (one frame per interval or slower) posts every call', () => {
    let clock = 0;
    const posted: number[] = [];
    const progress = throttledProgress((done) => posted.push(done), () => clock);
    for (let done = 0; done <= 5; done++, clock += PROGRESS_MESSAGE_MS) progress(done, 5);
    expect(posted).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

/** A WebCodecs stand-in (no decoder here): every chunk decodes to a flat grey 64×64 I420 frame with the chunk's timestamp. */
class StandInDecoder {
  static async isConfigSupported() {
    return { supported: true };
  }
  state = 'unconfigured';
  decodeQueueSize = 0;
  ondequeue: (() => void) | null = null;
  private readonly pending: number[] = [];
  constructor(private readonly init: { output: (frame: unknown) => void }) {}
  configure() {
    this.state = 'configured';
  }
  decode(chunk: { timestamp: number }) {
    this.pending.push(chunk.timestamp);
  }
  async flush() {
    for (const timestamp of this.pending.splice(0)) this.init.output(greyFrame(timestamp));
  }
  close() {
    this.state = 'closed';
  }
}
function greyFrame(timestamp: number) {
  return {
    timestamp, format: 'I420', visibleRect: { width: 64, height: 64 }, codedWidth: 64, codedHeight: 64,
    colorSpace: { fullRange: false }, allocationSize: () => 6144,
    copyTo: async (data: Uint8Array) => {
      data.fill(128);
      return [{ offset: 0, stride: 64 }, { offset: 4096, stride: 32 }, { offset: 5120, stride: 32 }];
    },
    close() {},
  };
}

/** 150 frames at 30 fps, one track; `rotation45`: its tkhd matrix turned 45°, which TMK does not take. */
function sampleVideo({ rotation45 = false } = {}): Uint8Array {
  const bytes = new Uint8Array(readFileSync(path.join(SOURCES, 'test-padded-dimensions.mp4')));
  if (rotation45) {
    const matrix = Buffer.from(bytes).indexOf('tkhd') + 4 + 40; // a version 0 tkhd
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const half = Math.round(Math.SQRT1_2 * 65536); // 16.16 fixed point
    [half, half, 0, -half, half].forEach((value, i) => view.setInt32(matrix + 4 * i, value));
  }
  return bytes;
}

describe('hashVideoBytes with a stand-in decoder', () => {
  const options = { secondsPerHash: 1, limits: defaultVideoLimits };
  beforeEach(() => {
    vi.stubGlobal('VideoDecoder', StandInDecoder);
    vi.stubGlobal('EncodedVideoChunk', class { timestamp: number; constructor(init: { timestamp: number }) { this.timestamp = init.timestamp; } });
  });
  afterEach(() => vi.unstubAllGlobals());

  test('without a progress callback (Firefox decodes in place, hashMedia may pass none) the frames still count', async () => {
    expect((await hashVideoBytes(sampleVideo(), options)).frames.map((f) => f.frame)).toEqual([0, 30, 60, 90, 120]);
  });

  test('a file TMK cannot take keeps its vPDQ and says why TMK is missing; asked for TMK alone, it fails with that reason', async () => {
    const result = await hashVideoBytes(sampleVideo({ rotation45: true }), { ...options, tmk: true });
    expect(result.frames).toHaveLength(5);
    expect(result.tmk).toBeUndefined();
    expect(result.tmkError).toBe('TMK: a display rotation of -45° is not supported');
    await expect(hashVideoBytes(sampleVideo({ rotation45: true }), { ...options, tmk: true, vpdq: false })).rejects.toThrow('display rotation of -45°');
    // The same file unturned: TMK takes it.
    expect((await hashVideoBytes(sampleVideo(), { ...options, tmk: true })).tmk).toEqual(expect.any(String));
  });
});
