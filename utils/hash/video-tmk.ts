/**
 * The optional TMK+PDQF pass over a video decoded for vPDQ (video-decode.ts): the same decoder output feeds
 * both, so a video is decoded once; alone (VideoHashOptions.vpdq false), only the frames it takes are decoded.
 * Which decoded frames it takes and at which 15 fps time index follows the reference's ffmpeg `-r 15`
 * (tmk/sampling.ts), replayed on the container's timestamps; each frame is scaled to 64×64 RGB as libswscale
 * does (tmk/scale.ts), rotated as ffmpeg's autorotation would, reduced to its PDQF feature and folded into the
 * signature at once, so no frame is kept.
 */
import type { FrameTiming } from './video-demux';
import { copyYuvPlanes, ReusedFrameBuffer, visibleSize } from './video-frame';
import { TmkAccumulator } from './tmk/aggregate';
import { pdqfFeature } from './tmk/feature';
import { writeTmk } from './tmk/format';
import { TMK_FRAME_DIM } from './tmk/params';
import { ffmpegAutorotation, ffmpegCfrSourceFrames, rotateSquareRgb, type Autorotation } from './tmk/sampling';
import { scaleYuv420ToRgb } from './tmk/scale';

export class TmkVideoPass {
  /** For each decoded frame number that feeds TMK: the 15 fps time indices it fills (one frame may fill several). */
  private readonly times = new Map<number, number[]>();
  private readonly accumulator = new TmkAccumulator();
  private readonly rotation: Exclude<Autorotation, 'other'>;
  /**
   * @param buffer Frames are added one at a time (the decode loop chains them), so one copy buffer serves them
   *   all; the decode loop passes the one vPDQ uses too, so a frame both hash is copied out once.
   */
  constructor(timing: FrameTiming, private readonly buffer = new ReusedFrameBuffer()) {
    const { pts, timeBase, singleStream, rotationDegrees } = timing;
    for (let i = 0; i < pts.length; i++) {
      if (!Number.isSafeInteger(pts[i])) throw new Error(`TMK: frame ${i} has no timestamp`);
    }
    ffmpegCfrSourceFrames(pts, { timeBase, singleStream }).forEach((frame, t) => {
      const list = this.times.get(frame);
      if (list) list.push(t);
      else this.times.set(frame, [t]);
    });
    const rotation = ffmpegAutorotation(rotationDegrees);
    // ffmpeg's `rotate` filter for an arbitrary angle has no counterpart here; such files are rare (not phones).
    if (rotation === 'other') throw new Error(`TMK: a display rotation of ${rotationDegrees}° is not supported`);
    this.rotation = rotation;
  }

  /** How many decoded frames it takes (a frame filling several time indices counts once). */
  get frameCount(): number {
    return this.times.size;
  }

  /** Whether the decoded frame `n` (presentation rank) is one the reference's ffmpeg would output. */
  wants(n: number): boolean {
    return this.times.has(n);
  }

  /** Scales, rotates and features frame `n`, and adds it at each of its time indices. Does not close the frame. */
  async add(frame: VideoFrame, n: number): Promise<void> {
    const times = this.times.get(n);
    if (!times) return;
    const rgb = rotateSquareRgb(await tmkFrameRgb(frame, this.buffer), TMK_FRAME_DIM, this.rotation);
    const feature = pdqfFeature(rgb);
    for (const t of times) this.accumulator.ingest(feature, t);
  }

  /** The .tmk file's bytes. Frames the decoder never output are simply missing, as in the reference. */
  finish(): Uint8Array {
    return writeTmk(this.accumulator.finish());
  }
}

/**
 * 64×64 RGB of the visible picture: 8-bit 4:2:0 through our libswscale-like scaler; any other layout through a
 * canvas (the browser's own matrix and filter: close, not the same).
 */
async function tmkFrameRgb(frame: VideoFrame, buffer: ReusedFrameBuffer): Promise<Uint8Array> {
  const planes = await copyYuvPlanes(frame, buffer);
  if (planes) return scaleYuv420ToRgb(planes);
  const side = TMK_FRAME_DIM;
  const canvas = new OffscreenCanvas(side, side);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2D canvas to read the video frame');
  context.imageSmoothingQuality = 'high';
  const { width, height } = visibleSize(frame);
  context.drawImage(frame, 0, 0, width, height, 0, 0, side, side);
  const rgba = context.getImageData(0, 0, side, side).data;
  const rgb = new Uint8Array(side * side * 3);
  for (let i = 0, o = 0; i < rgba.length; i += 4) {
    rgb[o++] = rgba[i]!;
    rgb[o++] = rgba[i + 1]!;
    rgb[o++] = rgba[i + 2]!;
  }
  return rgb;
}
