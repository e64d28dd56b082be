/**
 * Which source frames the reference's ffmpeg (`-r 15` output option, CFR sync) turns into the 15 fps frames
 * TMK hashes, and its autorotation. The expected sequences were measured with Debian's ffmpeg 5.1.9: a
 * lossless test video whose frame k has luma 16 + k, piped through the reference's command line, reading
 * back each output frame's luma.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import {
  ffmpegAutorotation, ffmpegCfrSourceFrames, ffmpegCfrSourceFramesConstant, rotateSquareRgb, tmkFrameBytes, tmkReferenceFfmpegArgs,
} from '../../../utils/hash/tmk/sampling';

const seq = (s: string) => s.split(' ').map(Number);
/** Source frame per output frame, 60 source frames, measured with ffmpeg 5.1.9. */
const MEASURED: [[number, number], string][] = [
  [[30, 1], '0 1 2 3 5 7 9 11 13 15 17 19 21 23 25 27 29 31 33 35 37 39 41 43 45 47 49 51 53 55 57 59'],
  [[30000, 1001], '0 1 2 3 4 6 8 10 12 14 16 18 20 22 24 26 28 30 32 34 36 38 40 42 44 46 48 50 52 54 56 58'],
  [[25, 1], '0 1 2 3 4 5 7 9 10 12 14 15 17 19 20 22 24 25 27 29 30 32 34 35 37 39 40 42 44 45 47 49 50 52 54 55 57 59'],
  [[24, 1], '0 1 2 3 4 5 7 8 10 12 13 15 16 18 20 21 23 24 26 28 29 31 32 34 36 37 39 40 42 44 45 47 48 50 52 53 55 56 58'],
  [[60, 1], '0 1 3 7 11 15 19 23 27 31 35 39 43 47 51 55 59'],
  [[50, 1], '0 1 2 6 9 12 16 19 22 26 29 32 36 39 42 46 49 52 56 59'],
  [[15, 1], Array.from({ length: 60 }, (_, i) => i).join(' ')],
  [[12, 1], '0 1 2 2 3 4 5 6 6 7 8 9 10 10 11 12 13 14 14 15 16 17 18 18 19 20 21 22 22 23 24 25 26 26 27 28 29 30 30 31 32 33 34 34 35 36 37 38 38 39 40 41 42 42 43 44 45 46 46 47 48 49 50 50 51 52 53 54 54 55 56 57 58 58 59'],
  [[10, 1], '0 0 1 1 2 3 3 4 5 5 6 7 7 8 9 9 10 11 11 12 13 13 14 15 15 16 17 17 18 19 19 20 21 21 22 23 23 24 25 25 26 27 27 28 29 29 30 31 31 32 33 33 34 35 35 36 37 37 38 39 39 40 41 41 42 43 43 44 45 45 46 47 47 48 49 49 50 51 51 52 53 53 54 55 55 56 57 57 58 59 59'],
];

describe('15 fps resampling (ffmpeg -r 15, CFR)', () => {
  test.each(MEASURED)('%j fps source', (rate, want) => {
    expect(ffmpegCfrSourceFramesConstant(60, rate)).toEqual(seq(want));
  });

  test('frame counts of the sample videos match the reference .tmk headers', () => {
    // 30 fps: chair-19 564 frames → 284, chair-20 614 → 309, doorknob 120 → 62, pattern 206 → 105, padded 150 → 77.
    expect([564, 614, 120, 206, 150].map((n) => ffmpegCfrSourceFramesConstant(n, [30, 1]).length)).toEqual([284, 309, 62, 105, 77]);
  });

  test('microsecond timestamps (WebCodecs) and the mp4 timescale give the same frames for 30 fps', () => {
    const micro = Array.from({ length: 90 }, (_, i) => Math.round((i * 1_000_000) / 30));
    const mp4 = Array.from({ length: 90 }, (_, i) => i * 512);
    const want = ffmpegCfrSourceFramesConstant(90, [30, 1]);
    expect(ffmpegCfrSourceFrames(micro, { frameDuration: 33_333 })).toEqual(want);
    expect(ffmpegCfrSourceFrames(mp4, { timeBase: [1, 15360] })).toEqual(want);
  });

  test('a video that starts after the file start (its audio) is padded with copies of its first frame', () => {
    // Measured: 30 frames at 30 fps, video muxed 0.2 s after an audio track that starts at 0 (mp4, 1/15360).
    const pts = Array.from({ length: 30 }, (_, i) => 3072 + i * 512);
    expect(ffmpegCfrSourceFrames(pts, { timeBase: [1, 15360], startPts: 0 })).toEqual(
      seq('0 0 0 0 1 2 3 5 7 9 11 13 15 17 19 21 23 25 27 29'),
    );
    // Alone in its file ("vscfr") the first frame is not repeated to fill the gap.
    expect(ffmpegCfrSourceFrames(pts, { timeBase: [1, 15360], startPts: 0, singleStream: true }).slice(0, 3)).toEqual([0, 1, 2]);
  });

  test('bad timestamps are refused', () => {
    expect(() => ffmpegCfrSourceFrames([0, 10, 10])).toThrow(/must increase/);
    expect(() => ffmpegCfrSourceFrames([0, 0.5])).toThrow(/integers/);
    expect(ffmpegCfrSourceFrames([])).toEqual([]);
  });

  test("the reference's command line", () => {
    expect(tmkReferenceFfmpegArgs('in.mp4').join(' ')).toBe(
      '-loglevel warning -hide_banner -stats -nostdin -i in.mp4 -s 64:64 -an -f rawvideo -c:v rawvideo -pix_fmt rgb24 -r 15 pipe:1',
    );
    expect(tmkFrameBytes()).toBe(12_288);
  });
});

describe('autorotation', () => {
  test('display rotation (ffprobe degrees, counter-clockwise) → ffmpeg filter', () => {
    expect(ffmpegAutorotation(0)).toBe('none');
    expect(ffmpegAutorotation(-90)).toBe('clock'); // a phone held upright
    expect(ffmpegAutorotation(270)).toBe('clock');
    expect(ffmpegAutorotation(90)).toBe('cclock');
    expect(ffmpegAutorotation(180)).toBe('rotate180');
    expect(ffmpegAutorotation(-180)).toBe('rotate180');
    expect(ffmpegAutorotation(45)).toBe('other');
  });

  test.skipIf(spawnSync('ffmpeg', ['-version']).status !== 0)('rotateSquareRgb equals ffmpeg transpose=clock / cclock / hflip,vflip', () => {
    const side = 8;
    const rgb = Uint8Array.from({ length: side * side * 3 }, (_, i) => (i * 37 + 11) & 0xff);
    for (const [rotation, vf] of [['clock', 'transpose=clock'], ['cclock', 'transpose=cclock'], ['rotate180', 'hflip,vflip']] as const) {
      const run = spawnSync('ffmpeg', ['-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${side}x${side}`, '-i', '-', '-vf', vf, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { input: rgb });
      expect(run.status).toBe(0);
      expect(Buffer.from(rotateSquareRgb(rgb, side, rotation)).equals(run.stdout), rotation).toBe(true);
    }
  });
});
