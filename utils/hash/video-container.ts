/**
 * Every container but progressive MP4: fragmented MP4 (also DASH and HLS fMP4 segments once concatenated),
 * MPEG-TS (HLS segments concatenated), WebM/Matroska. Read with mediabunny (MPL-2.0, pure TS, already a
 * dependency; its MP4, Matroska and TS readers are tree-shaken into a chunk of the video worker, ~210 KB minified,
 * that video-demux.ts loads only for these containers): a
 * Matroska/EBML or TS demuxer of our own would be thousands of lines to get lacing, SimpleBlock/BlockGroup,
 * PES reassembly and Annex-B right. Progressive MP4 keeps video-mp4.ts, which reproduces libavformat's
 * edit-list frame dropping (mediabunny applies edit lists as a time offset, it does not drop frames).
 *
 * Numbering as the reference (libavformat + libavcodec) would: every packet from the first keyframe on is a
 * frame, and its frame number is its rank in presentation order. The frame rate is libavformat's
 * avg_frame_rate: for Matroska av_reduce(1e9, DefaultDuration, 30000); for MP4 and TS frames × timescale /
 * summed durations in integer ticks (exact for constant-rate video, so `-c copy` remuxes give the
 * source's timestamps to the bit).
 */
import { BufferSource, EncodedPacketSink, Input, MATROSKA, MP4, MPEG_TS, QTFF, WEBM, type InputVideoTrack } from 'mediabunny';
import { ptsByFrame, type DemuxedVideo, type VideoSample } from './video-track';
import { VideoFormatError, type Mp4Limits } from './video-mp4';

/** Only the video containers a browser plays: the audio-only readers stay out of the bundle. */
const VIDEO_FORMATS = [MP4, QTFF, WEBM, MATROSKA, MPEG_TS];

export async function readContainerVideo(bytes: Uint8Array, limits: Mp4Limits): Promise<DemuxedVideo> {
  const input = new Input({ source: new BufferSource(bytes), formats: VIDEO_FORMATS });
  try {
    const format = await input.getFormat().catch(() => undefined);
    if (!format) throw new VideoFormatError('not a video file (MP4, WebM, Matroska or MPEG-TS)');
    const track = await input.getPrimaryVideoTrack();
    if (!track) throw new VideoFormatError('no video track');
    const config = await track.getDecoderConfig();
    if (!config) throw new VideoFormatError(`video codec ${JSON.stringify(await track.getCodec())} is not supported`);
    const [width, height] = [track.displayWidth, track.displayHeight];
    if (Math.max(width, height) > limits.maxFrameSide) {
      throw new VideoFormatError(`video frames too large: ${width}×${height}, the limit is ${limits.maxFrameSide} px a side`);
    }
    const samples = await readSamples(track, limits);
    const ticks = await track.getTimeResolution();
    const totalTicks = samples.reduce((sum, s) => sum + Math.round(s.duration * ticks), 0);
    const matroska = format === MATROSKA || format === WEBM;
    const frameRate = (matroska && matroskaFrameRate(track)) || (totalTicks > 0 ? (samples.length * ticks) / totalTicks : 0);
    if (!frameRate) throw new VideoFormatError('video without a frame rate');
    const durationS = totalTicks / ticks;
    if (durationS > limits.maxDurationS) {
      throw new VideoFormatError(`video too long: ${Math.round(durationS)} s, the limit is ${limits.maxDurationS} s`);
    }
    const shown = [...samples].sort((a, b) => a.timestamp - b.timestamp);
    shown.forEach((sample, rank) => (sample.frame = rank));
    const timing = {
      timeBase: [1, ticks] as const,
      pts: ptsByFrame(samples.map((s) => ({ frame: s.frame, pts: Math.round(s.timestamp * ticks) })), samples.length),
      singleStream: (await input.getTracks()).length === 1,
      // mediabunny's rotation is clockwise; ffprobe's (what tmk/sampling.ts takes) counter-clockwise.
      rotationDegrees: -track.rotation,
    };
    return { config, width, height, frameRate, durationS, frameCount: samples.length, samples, timing };
  } catch (error) {
    if (error instanceof VideoFormatError) throw error;
    throw new VideoFormatError(`unreadable video: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    input.dispose();
  }
}

type TimedSample = VideoSample & { timestamp: number; duration: number };

/** Packets in decode order from the first keyframe (a decoder cannot start before it, nor does libavcodec output). */
async function readSamples(track: InputVideoTrack, limits: Mp4Limits): Promise<TimedSample[]> {
  const samples: TimedSample[] = [];
  for await (const packet of new EncodedPacketSink(track).packets()) {
    if (samples.length === 0 && packet.type !== 'key') continue;
    if (samples.length >= limits.maxFrames) {
      throw new VideoFormatError(`video has too many frames: more than ${limits.maxFrames}`);
    }
    samples.push({
      data: packet.data,
      key: packet.type === 'key',
      frame: -1,
      timestamp: packet.timestamp,
      duration: packet.duration,
    });
  }
  if (samples.length === 0) throw new VideoFormatError('video without a keyframe');
  return samples;
}

/**
 * matroskadec.c: avg_frame_rate = av_reduce(1e9, DefaultDuration, 30000) when the track has one. mediabunny
 * keeps DefaultDuration on its internal track only (checked by the unit tests, so an upgrade that moves it shows).
 */
function matroskaFrameRate(track: InputVideoTrack): number | undefined {
  const internal = (track as unknown as { _backing?: { internalTrack?: { defaultDurationNs?: number | null } } })._backing;
  const ns = internal?.internalTrack?.defaultDurationNs;
  if (!ns) return undefined;
  const [num, den] = avReduce(1e9, ns, 30000);
  return num / den;
}

/** libavutil's av_reduce: the closest fraction with numerator and denominator ≤ max (continued fractions). */
export function avReduce(num: number, den: number, max: number): [number, number] {
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  const g = gcd(num, den);
  [num, den] = [num / g, den / g];
  if (num <= max && den <= max) return [num, den];
  let [a0n, a0d, a1n, a1d] = [0, 1, 1, 0];
  while (den) {
    let x = Math.floor(num / den);
    const nextDen = num - den * x;
    const [a2n, a2d] = [x * a1n + a0n, x * a1d + a0d];
    if (a2n > max || a2d > max) {
      if (a1n) x = Math.floor((max - a0n) / a1n);
      if (a1d) x = Math.min(x, Math.floor((max - a0d) / a1d));
      if (den * (2 * x * a1d + a0d) > num * a1d) [a1n, a1d] = [x * a1n + a0n, x * a1d + a0d];
      break;
    }
    [a0n, a0d, a1n, a1d] = [a1n, a1d, a2n, a2d];
    [num, den] = [den, nextDen];
  }
  return [a1n, a1d];
}
