/**
 * vPDQ without a browser: the frame-selection rule, timestamps, the swscale YUV → RGB emulation and the
 * MP4 reader (frame numbers in presentation order, edit lists, limits). Decoding is covered end to end
 * in e2e/hash-video.e2e.ts. Fixtures: ../shared/fixtures/vpdq (see its README).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkVideo, defaultVideoLimits } from '../../utils/hash/video-decode';
import { readMp4VideoTrack, VideoFormatError, type Mp4Limits } from '../../utils/hash/video-mp4';
import {
  frameModFor, isHashedFrame, parseVpdqLine, vpdqLines, vpdqTimestamp, yuv420ToLuma, yuv420ToRgb24, type YuvPlanes,
} from '../../utils/hash/video-vpdq';
import { PDQ_LUMA_TABLES } from '../../utils/hash/pdq';

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/vpdq');
const VIDEOS = readdirSync(path.join(FIXTURES, 'videos')).filter((f) => f.endsWith('.mp4')).map((f) => f.slice(0, -4));
const NO_LIMITS: Mp4Limits = { maxDurationS: Infinity, maxFrames: Infinity, maxFrameSide: Infinity };
const lines = (file: string) => readFileSync(path.join(FIXTURES, file), 'utf8').trim().split('\n');

describe('frame selection (vpdq/cpp filehasher.cpp)', () => {
  test('frameMod = int(secondsPerHash × fps), and 0 becomes 1', () => {
    expect(frameModFor(30, 1)).toBe(30);
    expect(frameModFor(30000 / 1001, 1)).toBe(29); // 29.97 fps keeps every 29th frame
    expect(frameModFor(25, 2)).toBe(50);
    expect(frameModFor(30, 0)).toBe(1); // -r 0: every frame
    expect(frameModFor(0.5, 1)).toBe(1); // under 1 fps: every frame, not a division by zero
  });

  test('a frame is hashed when its number is a multiple of frameMod', () => {
    const kept = Array.from({ length: 100 }, (_, n) => n).filter((n) => isHashedFrame(n, 29));
    expect(kept).toEqual([0, 29, 58, 87]);
  });

  test('timestamps are float(frame) / float(fps) with 3 decimals, ties to even like std::fixed', () => {
    expect(vpdqTimestamp(0, 30)).toBe('0.000');
    expect(vpdqTimestamp(1, 30)).toBe('0.033');
    expect(vpdqTimestamp(563, 30)).toBe('18.767');
    expect(vpdqTimestamp(1, 16)).toBe('0.062'); // exactly 0.0625: toFixed would say 0.063
    expect(vpdqTimestamp(3, 16)).toBe('0.188'); // exactly 0.1875
  });

  test('lines round-trip in the reference format', () => {
    const line = '0,100,e271017837246aaccddea259648fb7d62f435c89d9e99b2497763e216c8d055c,0.000';
    expect(vpdqLines([parseVpdqLine(line)])).toEqual([line]);
  });
});

describe.each(VIDEOS)('MP4 reader on %s', (name) => {
  const track = readMp4VideoTrack(new Uint8Array(readFileSync(path.join(FIXTURES, 'videos', `${name}.mp4`))), NO_LIMITS);

  test('as many frames as the reference decoded, at avg_frame_rate 30/1, with its timestamps', () => {
    const upstream = lines(`sample-hashes/${name}.txt`);
    expect(track.codec).toMatch(/^avc1\./);
    expect(track.frameRate).toBe(30);
    expect(track.frameCount).toBe(upstream.length);
    const ts = Array.from({ length: track.frameCount }, (_, n) => `${n},${vpdqTimestamp(n, track.frameRate)}`);
    expect(ts).toEqual(upstream.map((line) => line.split(',')).map((f) => `${f[0]},${f[3]}`));
  });

  test('one frame a second selects exactly the reference -r 1 frames', () => {
    const frameMod = frameModFor(track.frameRate, 1);
    const selected = Array.from({ length: track.frameCount }, (_, n) => n).filter((n) => isHashedFrame(n, frameMod));
    expect(selected).toEqual(lines(`local-ffmpeg5.1-r1/${name}.txt`).map((line) => parseVpdqLine(line).frame));
  });

  test('frame numbers follow presentation order, not decode order (these files have B-frames)', () => {
    const byFrame = track.samples.filter((s) => s.frame >= 0).sort((a, b) => a.frame - b.frame);
    expect(byFrame.every((s, i) => i === 0 || s.cts > byFrame[i - 1]!.cts)).toBe(true);
    expect(track.samples.some((s, i) => s.frame !== i)).toBe(true);
  });
});

describe('YUV → RGB as libswscale x86 yuv2rgb (BT.601, 16-bit fixed point)', () => {
  const convert = (y: number, u: number, v: number, fullRange = false) => {
    const planes: YuvPlanes = {
      width: 2, height: 2, y: new Uint8Array(4).fill(y), yStride: 2, u: Uint8Array.of(u), v: Uint8Array.of(v),
      uvStride: 1, uvStep: 1, uOffset: 0, vOffset: 0, fullRange,
    };
    const out = new Uint8Array(12);
    yuv420ToRgb24(planes, out);
    return [...out.subarray(0, 3)];
  };

  test('black, white and a saturated red, as the SIMD path rounds them', () => {
    expect(convert(16, 128, 128)).toEqual([0, 0, 0]);
    expect(convert(235, 128, 128)).toEqual([255, 255, 255]);
    expect(convert(81, 90, 240)).toEqual([253, 0, 0]); // the textbook formula gives 254.4
    expect(convert(255, 128, 128, true)).toEqual([255, 255, 255]);
  });

  test('close to the textbook BT.601 limited-range formula everywhere', () => {
    let worst = 0;
    for (let y = 16; y <= 235; y += 7) {
      for (let u = 16; u <= 240; u += 14) {
        for (let v = 16; v <= 240; v += 14) {
          const [r, g, b] = convert(y, u, v);
          const c = 1.164 * (y - 16);
          const ideal = [c + 1.596 * (v - 128), c - 0.392 * (u - 128) - 0.813 * (v - 128), c + 2.017 * (u - 128)];
          const clamped = ideal.map((x) => Math.min(255, Math.max(0, x)));
          worst = Math.max(worst, ...[r!, g!, b!].map((x, i) => Math.abs(x - clamped[i]!)));
        }
      }
    }
    expect(worst).toBeLessThan(3); // pmulhw floors each term
  });

  test('NV12 (interleaved chroma, from hardware decoders) reads the same as I420', () => {
    const y = Uint8Array.from({ length: 16 }, (_, i) => 40 + 10 * i);
    const u = Uint8Array.of(60, 200, 90, 150);
    const v = Uint8Array.of(220, 30, 128, 180);
    const common = { width: 4, height: 4, y, yStride: 4, fullRange: false };
    const i420 = new Uint8Array(48);
    yuv420ToRgb24({ ...common, u, v, uvStride: 2, uvStep: 1, uOffset: 0, vOffset: 0 }, i420);
    const uv = Uint8Array.from({ length: 8 }, (_, i) => (i % 2 ? v[i >> 1]! : u[i >> 1]!));
    const nv12 = new Uint8Array(48);
    yuv420ToRgb24({ ...common, u: uv, v: uv, uvStride: 4, uvStep: 2, uOffset: 0, vOffset: 1 }, nv12);
    expect(nv12).toEqual(i420);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Synthetic MP4s for what the fixtures do not exercise

const be32 = (...values: number[]) => {
  const out = new Uint8Array(4 * values.length);
  values.forEach((value, i) => new DataView(out.buffer).setInt32(4 * i, value));
  return out;
};
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
function box(type: string, ...parts: Uint8Array[]): Uint8Array {
  const size = 8 + parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(size);
  out.set(be32(size));
  out.set(ascii(type), 4);
  let at = 8;
  for (const part of parts) (out.set(part, at), (at += part.length));
  return out;
}
const full = (type: string, ...parts: Uint8Array[]) => box(type, be32(0), ...parts);

interface Synthetic {
  /** Composition offsets per sample (ctts), in timescale units; one sample per entry. */
  ctts?: number[];
  /** One edit: [duration in movie timescale (1000), media time]. */
  edit?: [number, number];
  codec?: string;
  fragmented?: boolean;
  frames?: number;
  width?: number;
}

/** A 30 fps track (timescale 15360, 512 per frame) of tiny dummy samples: enough for the reader. */
function syntheticMp4({ ctts, edit, codec = 'avc1', fragmented, frames = 10, width = 64 }: Synthetic): Uint8Array {
  const ftyp = box('ftyp', ascii('isom'), be32(0));
  const mdat = box('mdat', new Uint8Array(frames * 4));
  const visual = new Uint8Array(78);
  new DataView(visual.buffer).setUint16(24, width);
  new DataView(visual.buffer).setUint16(26, 48);
  const entry = box(codec, visual, box('avcC', Uint8Array.of(1, 0x64, 0x00, 0x1f, 0xff, 0xe0, 0)));
  const stbl = box(
    'stbl',
    full('stsd', be32(1), entry),
    full('stts', be32(1, frames, 512)),
    ...(ctts ? [full('ctts', be32(ctts.length, ...ctts.flatMap((offset) => [1, offset])))] : []),
    full('stsc', be32(1, 1, frames, 1)),
    full('stsz', be32(4, frames)),
    full('stco', be32(1, ftyp.length + 8)),
  );
  const mdia = box(
    'mdia',
    full('mdhd', be32(0, 0, 15360, frames * 512, 0)),
    full('hdlr', be32(0), ascii('vide'), new Uint8Array(13)),
    box('minf', stbl),
  );
  const trak = box('trak', ...(edit ? [box('edts', full('elst', be32(1, edit[0], edit[1], 0x10000)))] : []), mdia);
  const moov = box('moov', full('mvhd', be32(0, 0, 1000, 0), new Uint8Array(80)), trak, ...(fragmented ? [box('mvex')] : []));
  return Uint8Array.from([...ftyp, ...mdat, ...moov]);
}
const framesOf = (bytes: Uint8Array) => readMp4VideoTrack(bytes, NO_LIMITS).samples.map((s) => s.frame);

describe('MP4 reader on synthetic files', () => {
  test('decode order I P B B … is numbered by presentation time', () => {
    // decode order: I0 P3 B1 B2 P6 B4 B5 — cts = dts + offset
    const ctts = [512, 1536, 0, 0, 1536, 0, 0].map((o) => o + 512);
    expect(framesOf(syntheticMp4({ frames: 7, ctts }))).toEqual([0, 3, 1, 2, 6, 4, 5]);
  });

  test('an edit list drops the frames outside its window, as libavformat does', () => {
    // 10 frames at cts 0, 512, … (33.3 ms each); the edit starts at the 3rd frame, and its 166 ms (movie
    // timescale 1000) cover the starts of 5 frames.
    const frames = framesOf(syntheticMp4({ edit: [166, 1024] }));
    expect(frames).toEqual([-1, -1, 0, 1, 2, 3, 4, -1, -1, -1]);
    // An empty edit (media time -1, a delay) drops nothing.
    expect(framesOf(syntheticMp4({ edit: [500, -1] }))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('refuses what it cannot hash, with a reason', () => {
    expect(() => readMp4VideoTrack(syntheticMp4({ fragmented: true }), NO_LIMITS)).toThrow('fragmented MP4 is not supported');
    expect(() => readMp4VideoTrack(syntheticMp4({ codec: 'hvc1' }), NO_LIMITS)).toThrow('"hvc1" is not supported');
    expect(() => readMp4VideoTrack(ascii('GIF89a and more bytes'), NO_LIMITS)).toThrow('GIF files are not hashed');
    expect(() => readMp4VideoTrack(Uint8Array.of(0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0), NO_LIMITS)).toThrow('WebM');
    expect(() => readMp4VideoTrack(ascii('<html>not a video</html>'), NO_LIMITS)).toThrow('not an MP4 file');
    expect(() => readMp4VideoTrack(syntheticMp4({}).subarray(0, 200), NO_LIMITS)).toThrow(/truncated|malformed|without/);
  });

  test('a damaged file fails with VideoFormatError, never anything else', () => {
    const good = new Uint8Array(readFileSync(path.join(FIXTURES, 'videos', 'test-padded-dimensions.mp4')));
    const damaged = [
      ...Array.from({ length: 40 }, (_, i) => good.subarray(0, Math.floor((good.length * i) / 40))),
      ...Array.from({ length: 40 }, (_, i) => {
        const copy = good.slice();
        copy.fill(0xff, good.length - 2000 + 50 * i, good.length - 2000 + 50 * i + 4); // inside moov, at the end
        return copy;
      }),
    ];
    for (const bytes of damaged) {
      try {
        readMp4VideoTrack(bytes, NO_LIMITS);
      } catch (error) {
        expect(error).toBeInstanceOf(VideoFormatError);
      }
    }
  });

  test('limits are checked on the headers, before any frame is decoded', () => {
    const limits = { ...defaultVideoLimits, maxFrames: 5 };
    expect(() => checkVideo(syntheticMp4({ frames: 6 }), limits)).toThrow('video has too many frames: 6, the limit is 5');
    expect(() => checkVideo(syntheticMp4({ frames: 60 }), { ...defaultVideoLimits, maxDurationS: 1 })).toThrow('video too long: 2 s');
    expect(() => checkVideo(syntheticMp4({ width: 5000 }), defaultVideoLimits)).toThrow('video frames too large: 5000×48');
    expect(() => checkVideo(syntheticMp4({}), { ...defaultVideoLimits, maxBytes: 100 })).toThrow('video too large');
    expect(checkVideo(syntheticMp4({}), defaultVideoLimits)?.frameCount).toBe(10);
  });
});

describe('YUV → PDQ luma in one pass', () => {
  /** PDQ's luma of an RGB24 frame, as pdq.ts computes it from pixels (float32 values). */
  const lumaOfRgb = (rgb: Uint8Array, out = new Float32Array(rgb.length / 3)) => {
    const { r, g, b } = PDQ_LUMA_TABLES;
    for (let k = 0; k < out.length; k++) out[k] = Math.fround(r[rgb[3 * k]!]! + g[rgb[3 * k + 1]!]!) + b[rgb[3 * k + 2]!]!;
    return out;
  };

  test.each([false, true])('equals the luma of yuv420ToRgb24 for every Y, U and V (full range: %s)', { timeout: 60_000 }, (fullRange) => {
    // One frame per U: row pair v has chroma (u, v) in every column, and each row runs Y through 0..255.
    const [width, height] = [256, 512];
    const y = Uint8Array.from({ length: width * height }, (_, i) => i % width);
    const v = Uint8Array.from({ length: (width / 2) * (height / 2) }, (_, i) => Math.floor(i / (width / 2)));
    const rgb = new Uint8Array(width * height * 3);
    const luma = new Float32Array(width * height);
    const expected = new Float32Array(width * height);
    let mismatches = 0;
    for (let u = 0; u < 256; u++) {
      const planes: YuvPlanes = {
        width, height, y, yStride: width, u: new Uint8Array(v.length).fill(u), v,
        uvStride: width / 2, uvStep: 1, uOffset: 0, vOffset: 0, fullRange,
      };
      yuv420ToRgb24(planes, rgb);
      yuv420ToLuma(planes, luma);
      lumaOfRgb(rgb, expected);
      for (let k = 0; k < luma.length; k++) if (luma[k] !== expected[k]) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  test('odd sizes, padded strides and NV12 read the same samples as yuv420ToRgb24', () => {
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
    const [width, height, yStride, uvStride] = [37, 23, 40, 24];
    const y = Uint8Array.from({ length: yStride * height }, random);
    const uv = Uint8Array.from({ length: 2 * uvStride * 12 + 1 }, random);
    for (const planes of [
      { u: uv, v: uv, uvStride, uvStep: 1, uOffset: 0, vOffset: uvStride * 12 },
      { u: uv, v: uv, uvStride: 2 * uvStride, uvStep: 2, uOffset: 0, vOffset: 1 },
    ]) {
      const frame: YuvPlanes = { width, height, y, yStride, fullRange: false, ...planes };
      const rgb = new Uint8Array(width * height * 3);
      const luma = new Float32Array(width * height);
      yuv420ToRgb24(frame, rgb);
      yuv420ToLuma(frame, luma);
      expect(luma).toEqual(lumaOfRgb(rgb));
    }
  });
});
