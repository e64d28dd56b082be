/**
 * One demuxed video track, whatever the container: what the decoder needs (config, samples in decode order)
 * and what vPDQ numbers frames by (each sample's rank in presentation order, avg_frame_rate).
 * Progressive MP4 → video-mp4.ts (sync, libavformat's edit lists); everything else → video-container.ts.
 */
import type { Rational } from './tmk/sampling';
import { readContainerVideo } from './video-container';
import { isProgressiveMp4, readMp4VideoTrack, VideoFormatError, type Mp4Limits } from './video-mp4';

export interface VideoSample {
  data: Uint8Array;
  key: boolean;
  /** The reference's frame number (presentation rank); -1 when it outputs no frame for this sample. */
  frame: number;
}

export interface DemuxedVideo {
  /** WebCodecs config without hardwareAcceleration (chosen by the decoder side). */
  config: VideoDecoderConfig;
  width: number;
  height: number;
  /** libavformat's avg_frame_rate, which vPDQ's frame selection and timestamps use. */
  frameRate: number;
  durationS: number;
  /** Samples the reference outputs as frames (those with frame ≥ 0). */
  frameCount: number;
  /** Decode order. */
  samples: VideoSample[];
  /** What TMK's frame selection needs (tmk/sampling.ts); vPDQ numbers frames and never reads it. */
  timing: FrameTiming;
}

/** The container's clock, as ffmpeg's `-r 15` sees it. */
export interface FrameTiming {
  /** Seconds per `pts` unit: [1, timescale]. */
  timeBase: Rational;
  /** Presentation timestamp of each output frame, by frame number (integers in timeBase). */
  pts: number[];
  /** The file has no stream but this video (no audio): ffmpeg's vsync then is "vscfr". */
  singleStream: boolean;
  /** Display rotation as ffprobe prints it (degrees counter-clockwise); 0 when the container says none. */
  rotationDegrees: number;
}

/** pts by frame number from samples that carry their frame number and presentation time. */
export function ptsByFrame(samples: ReadonlyArray<{ frame: number; pts: number }>, frameCount: number): number[] {
  const pts = new Array<number>(frameCount);
  for (const sample of samples) if (sample.frame >= 0) pts[sample.frame] = sample.pts;
  return pts;
}

export async function demuxVideo(bytes: Uint8Array, limits: Mp4Limits): Promise<DemuxedVideo> {
  if (String.fromCharCode(...bytes.subarray(0, 4)) === 'GIF8') {
    throw new VideoFormatError('GIF files are not hashed with vPDQ (video files only)');
  }
  if (!isProgressiveMp4(bytes)) return readContainerVideo(bytes, limits);
  const track = readMp4VideoTrack(bytes, limits);
  return {
    config: { codec: track.codec, description: track.description },
    width: track.width,
    height: track.height,
    frameRate: track.frameRate,
    durationS: track.durationS,
    frameCount: track.frameCount,
    // Views into the file, not copies.
    samples: track.samples.map((s) => ({ data: bytes.subarray(s.offset, s.offset + s.size), key: s.key, frame: s.frame })),
    timing: {
      timeBase: [1, track.timescale],
      pts: ptsByFrame(track.samples.map((s) => ({ frame: s.frame, pts: s.cts })), track.frameCount),
      singleStream: track.trackCount === 1,
      rotationDegrees: track.rotationDegrees,
    },
  };
}
