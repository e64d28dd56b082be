/**
 * TMK's per-frame JavaScript by stage, in Node (`npx vite-node bench/tmk-stages.ts [FILE…]`): the 64×64 scale
 * (tmk/scale.ts), PDQF (tmk/feature.ts) and folding into the cos/sin sums (tmk/aggregate.ts), each as CPU time
 * (process.cpuUsage) per frame over the first frames of the shared sample videos, decoded to I420 by ffmpeg.
 * What the worker does besides (copying the frame out of the VideoFrame, demux, decode) is not here: see
 * bench/tmk-video.ts for the whole job in Chromium. Figures, never pass/fail.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { TmkAccumulator } from '../utils/hash/tmk/aggregate';
import { pdqfFeature } from '../utils/hash/tmk/feature';
import { scaleYuv420ToRgb } from '../utils/hash/tmk/scale';
import type { YuvPlanes } from '../utils/hash/video-vpdq';
import { median } from './stats';

const VIDEOS = path.resolve(__dirname, '../../shared/fixtures/vpdq/videos');
const FRAMES = Number(process.env.TMK_STAGE_FRAMES ?? 60);
const ROUNDS = Number(process.env.TMK_STAGE_ROUNDS ?? 5);
const files = process.argv.slice(2).length ? process.argv.slice(2) : ['chair-19-sd-bar.mp4', 'doorknob-hd-no-bar.mp4'].map((f) => path.join(VIDEOS, f));

function i420Frames(file: string): YuvPlanes[] {
  const probe = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  const [width, height] = probe.trim().split(',').map(Number) as [number, number];
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-frames:v', String(FRAMES), '-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1'], { maxBuffer: 1 << 30 });
  const size = (width * height * 3) / 2;
  const frames: YuvPlanes[] = [];
  for (let at = 0; at + size <= raw.length; at += size) {
    const data = new Uint8Array(raw.buffer, raw.byteOffset + at, size).slice();
    frames.push({
      width, height, y: data, yStride: width, u: data, v: data, uvStride: width / 2, uvStep: 1,
      uOffset: width * height, vOffset: (width * height * 5) / 4, fullRange: false,
    });
  }
  return frames;
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

for (const file of files) {
  const frames = i420Frames(file);
  const stages = { scale: [] as number[], pdqf: [] as number[], fold: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    let started = cpuMs();
    const rgbs = frames.map((frame) => scaleYuv420ToRgb(frame));
    stages.scale.push((cpuMs() - started) / frames.length);
    started = cpuMs();
    const features = rgbs.map((rgb) => pdqfFeature(rgb).slice());
    stages.pdqf.push((cpuMs() - started) / frames.length);
    const accumulator = new TmkAccumulator();
    started = cpuMs();
    for (const feature of features) accumulator.push(feature);
    stages.fold.push((cpuMs() - started) / frames.length);
  }
  const { width, height } = frames[0]!;
  console.log(`${path.basename(file)} ${width}×${height}, ${frames.length} frames, median of ${ROUNDS} rounds, CPU ms/frame: `
    + Object.entries(stages).map(([name, values]) => `${name} ${median(values).toFixed(3)} (first ${values[0]!.toFixed(3)})`).join(', '));
}
