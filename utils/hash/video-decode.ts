/**
 * vPDQ of MP4 bytes with WebCodecs: demux (video-mp4.ts), decode every sample with VideoDecoder, hash the
 * frames the reference would keep (video-vpdq.ts). Runs wherever VideoDecoder exists: a dedicated worker
 * of the offscreen document (Chrome), the background page (Firefox). Not in a service worker.
 */
import { readMp4VideoTrack, VideoFormatError, type Mp4VideoTrack } from './video-mp4';
import { frameModFor, isHashedFrame, VpdqFrameHasher, type VpdqFrame, type YuvPlanes } from './video-vpdq';

export interface VideoLimits {
  maxBytes: number;
  maxDurationS: number;
  maxFrames: number;
  /** Longest frame side: PDQ runs at the native size, so an 8K frame costs ~30× a 720p one. */
  maxFrameSide: number;
  /** Wall-clock budget for demuxing, decoding and hashing. */
  budgetMs: number;
}

export const defaultVideoLimits: VideoLimits = {
  maxBytes: 200 * 1024 * 1024,
  maxDurationS: 10 * 60,
  maxFrames: 10 * 60 * 60,
  maxFrameSide: 4096,
  budgetMs: 90_000,
};

export interface VideoHashOptions {
  /** 1 = the reference's (and python-threatexchange's) default; 0 = every frame. */
  secondsPerHash: number;
  limits: VideoLimits;
}

export interface VideoHashes {
  frames: VpdqFrame[];
  width?: number;
  height?: number;
  durationS?: number;
}

/** What can be said about a file from its headers alone; throws on a limit or an unsupported file. */
export function checkVideo(bytes: Uint8Array, limits: VideoLimits): Mp4VideoTrack {
  if (bytes.byteLength > limits.maxBytes) {
    throw new VideoFormatError(`video too large: more than ${Math.round(limits.maxBytes / 1024 / 1024)} MB`);
  }
  return readMp4VideoTrack(bytes, limits);
}

export async function hashVideoBytes(bytes: Uint8Array, { secondsPerHash, limits }: VideoHashOptions): Promise<VideoHashes> {
  const track = checkVideo(bytes, limits);
  const frameMod = frameModFor(track.frameRate, secondsPerHash);
  const hasher = new VpdqFrameHasher();
  const frames: VpdqFrame[] = [];
  const hashing: Promise<void>[] = [];
  let size: { width: number; height: number } | undefined;

  // The first failure (decoder error, hashing error, budget) wins; every wait below races it.
  let failure: Error | undefined;
  let fail: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = (error) => reject((failure ??= error instanceof Error ? error : new Error(String(error))));
  });
  failed.catch(() => {});
  const overBudget = () => new Error(`video hashing took longer than ${limits.budgetMs / 1000} s`);
  const timer = setTimeout(() => fail(overBudget()), limits.budgetMs);
  const race = <T>(promise: Promise<T>) => Promise.race([promise, failed]);

  const decoder = new VideoDecoder({
    // Every chunk's timestamp is its frame number, so output order does not matter (see below).
    output(frame) {
      const n = frame.timestamp;
      if (n >= track.frameCount || !isHashedFrame(n, frameMod)) return frame.close();
      size ??= visibleSize(frame);
      hashing.push(
        hashFrame(hasher, frame, n, track.frameRate)
          .then((hashed) => void frames.push(hashed), fail)
          .finally(() => frame.close()),
      );
    },
    error: (error) => fail(new Error(`video decoding failed: ${error.message}`)),
  });
  try {
    decoder.configure(await decoderConfig(track));
    for (const [i, sample] of track.samples.entries()) {
      if (failure) throw failure;
      // Bounded queue: the whole file is not copied into pending chunks at once.
      while (decoder.decodeQueueSize > 16) {
        await race(new Promise((resolve) => decoder.addEventListener('dequeue', resolve, { once: true })));
      }
      decoder.decode(
        new EncodedVideoChunk({
          type: sample.key ? 'key' : 'delta',
          // The frame number rides along as the timestamp: the decoder hands it back on the output frame, in
          // whatever order it outputs. Samples an edit list drops get numbers past the last frame.
          timestamp: sample.frame >= 0 ? sample.frame : track.frameCount + i,
          data: bytes.subarray(sample.offset, sample.offset + sample.size),
        }),
      );
    }
    await race(decoder.flush());
    await race(Promise.all(hashing));
  } finally {
    clearTimeout(timer);
    if (decoder.state !== 'closed') decoder.close();
  }
  frames.sort((a, b) => a.frame - b.frame);
  return { frames, width: size?.width ?? track.width, height: size?.height ?? track.height, durationS: track.durationS };
}

/** Software decoding where offered: its frames are I420 in memory, not GPU textures in NV12 or worse. */
async function decoderConfig(track: Mp4VideoTrack): Promise<VideoDecoderConfig> {
  for (const hardwareAcceleration of ['prefer-software', 'no-preference'] as const) {
    const config: VideoDecoderConfig = { codec: track.codec, description: track.description, hardwareAcceleration };
    if ((await VideoDecoder.isConfigSupported(config)).supported) return config;
  }
  throw new VideoFormatError(`this browser cannot decode this video (${track.codec})`);
}

/** Hashes the visible picture. 8-bit 4:2:0 is converted exactly as the reference does; anything else via a canvas. */
async function hashFrame(hasher: VpdqFrameHasher, frame: VideoFrame, n: number, frameRate: number): Promise<VpdqFrame> {
  const { width, height } = visibleSize(frame);
  const format = frame.format;
  if (format === 'I420' || format === 'I420A' || format === 'NV12') {
    const data = new Uint8Array(frame.allocationSize());
    const [y, uv, v] = await frame.copyTo(data);
    const nv12 = format === 'NV12';
    const planes: YuvPlanes = {
      width,
      height,
      y: data.subarray(y!.offset),
      yStride: y!.stride,
      u: data,
      v: data,
      uvStride: uv!.stride,
      uvStep: nv12 ? 2 : 1,
      uOffset: uv!.offset,
      vOffset: nv12 ? uv!.offset + 1 : v!.offset,
      fullRange: frame.colorSpace.fullRange === true,
    };
    return hasher.hashYuv(planes, n, frameRate);
  }
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2D canvas to read the video frame');
  context.drawImage(frame, 0, 0, width, height);
  return hasher.hashRgb(context.getImageData(0, 0, width, height).data, width, height, 4, n, frameRate);
}

/** The picture without the codec's padding (e.g. 1080 of 1088 coded rows): what the reference hashes. */
function visibleSize(frame: VideoFrame) {
  return { width: frame.visibleRect?.width ?? frame.codedWidth, height: frame.visibleRect?.height ?? frame.codedHeight };
}

// ----- the dedicated worker (Chrome's offscreen document spawns one per video) ----------------------------------

export interface VideoJob {
  bytes: Uint8Array;
  options: VideoHashOptions;
}
export type VideoJobReply = { ok: true; value: VideoHashes } | { ok: false; error: string };

/** The worker's side: one job in, one reply out. Kept free of extension APIs, which workers do not have. */
export function serveVideoJobs(scope: {
  onmessage: ((event: MessageEvent<VideoJob>) => void) | null;
  postMessage(reply: VideoJobReply): void;
}): void {
  scope.onmessage = ({ data }) => {
    hashVideoBytes(data.bytes, data.options).then(
      (value) => scope.postMessage({ ok: true, value }),
      (error: unknown) => scope.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  };
}
