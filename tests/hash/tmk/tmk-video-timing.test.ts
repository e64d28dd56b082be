/**
 * What the demuxers hand TMK (DemuxedVideo.timing): timestamps that replay ffmpeg's `-r 15` to the reference's
 * frame count, whether the file has a lone stream, and the display rotation ffmpeg's autorotation applies.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readTmk } from '../../../utils/hash/tmk/format';
import { ffmpegCfrSourceFrames } from '../../../utils/hash/tmk/sampling';
import { defaultVideoLimits } from '../../../utils/hash/video-decode';
import { demuxVideo } from '../../../utils/hash/video-demux';

const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures');
const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;
const demux = (file: string) => demuxVideo(new Uint8Array(readFileSync(file)), defaultVideoLimits);

describe('timing of the sample videos (progressive MP4)', () => {
  test.each([
    ['chair-19-sd-bar', 'chair-19-sd-bar.tmk', false],
    ['doorknob-hd-no-bar', 'doorknob-hd-no-bar.tmk', false],
    ['test-padded-dimensions', 'test-padded-dimensions.local.tmk', true],
  ])('%s: -r 15 replayed on its timestamps gives the reference\'s frame count', async (name, tmk, single) => {
    const { timing, frameCount } = await demux(path.join(FIXTURES, 'vpdq/videos', `${name}.mp4`));
    expect(timing.pts).toHaveLength(frameCount);
    expect(timing.singleStream).toBe(single);
    expect(timing.rotationDegrees).toBe(0);
    const reference = readTmk(new Uint8Array(readFileSync(path.join(FIXTURES, 'tmk/sample-hashes', tmk))));
    expect(ffmpegCfrSourceFrames(timing.pts, timing)).toHaveLength(reference.frameFeatureCount);
  });
});

describe.skipIf(!hasFfmpeg)('display rotation, as ffprobe reports it', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tmk-rotation-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([90, 180, 270])('rotate=%i: the MP4 tkhd matrix', async (rotate) => {
    const source = path.join(FIXTURES, 'vpdq/videos/pattern-sd-grey-bar.mp4');
    const mp4 = path.join(dir, `rot${rotate}.mp4`);
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', source, '-c', 'copy', '-metadata:s:v:0', `rotate=${rotate}`, mp4]);
    const probed = Number(execFileSync('ffprobe', [
      '-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream_side_data=rotation', '-of', 'csv=p=0', mp4,
    ]).toString().trim());
    expect((await demux(mp4)).timing.rotationDegrees).toBeCloseTo(probed, 6);
  });
});
