/**
 * Demuxes one video track, whatever the container, into what the decoder needs and what vPDQ numbers frames by
 * (video-track.ts). Progressive MP4 → video-mp4.ts (sync, libavformat's edit lists); everything else →
 * video-container.ts, loaded only then: it brings mediabunny, about 200 KB of the video worker's 240 KB, which
 * a worker (new for each video) would otherwise fetch, compile and evaluate for every progressive MP4 too.
 */
import { isProgressiveMp4, readMp4VideoTrack, VideoFormatError, type Mp4Limits } from './video-mp4';
import { ptsByFrame, type DemuxedVideo } from './video-track';

export type { DemuxedVideo, FrameTiming, VideoSample } from './video-track';

export async function demuxVideo(bytes: Uint8Array, limits: Mp4Limits): Promise<DemuxedVideo> {
  if (String.fromCharCode(...bytes.subarray(0, 4)) === 'GIF8') {
    throw new VideoFormatError('GIF files are not hashed with vPDQ (video files only)');
  }
  if (!isProgressiveMp4(bytes)) return (await import('./video-container')).readContainerVideo(bytes, limits);
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
