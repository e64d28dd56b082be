/**
 * What a demuxer gives, whatever the container (video-demux.ts picks the demuxer): the decoder's input and the
 * numbers vPDQ and TMK select frames by. Types and one helper only, so both demuxers can share them.
 */
import type { Rational } from './tmk/sampling';

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
