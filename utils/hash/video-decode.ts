/**
 * vPDQ of a video file with WebCodecs: demux (video-demux.ts: progressive MP4, fragmented MP4, WebM/Matroska,
 * MPEG-TS), decode every sample with VideoDecoder, hash the frames the reference would keep (video-vpdq.ts).
 * Runs wherever VideoDecoder exists: a dedicated worker of the offscreen document (Chrome), the background
 * page (Firefox). Not in a service worker.
 *
 * Memory: the encoded file once (samples are views into it, or mediabunny's packets), at most 16 chunks
 * queued in the decoder, the decoder's own reference frames, and at most MAX_FRAMES_WAITING (+ what one
 * decode call outputs) decoded frames waiting to be hashed: frames not hashed are closed as they come, and
 * hashing runs one frame at a time. At 1080p that is under 20 MB of decoded pictures on our side.
 */
import { gopTailsToSkip, isDisposableH264, isIdrH264, nalLengthSize } from './h264-disposable';
import { demuxVideo, type DemuxedVideo } from './video-demux';
import { isProgressiveMp4, readMp4VideoTrack, VideoFormatError } from './video-mp4';
import { hashFrame, ReusedFrameBuffer, visibleSize } from './video-frame';
import { bytesToBase64 } from './base64';
import { TmkVideoPass } from './video-tmk';
import { frameModFor, isHashedFrame, VpdqFrameHasher, type VpdqFrame } from './video-vpdq';

export interface VideoLimits {
  maxBytes: number;
  maxDurationS: number;
  maxFrames: number;
  /** Longest frame side: PDQ runs at the native size, so an 8K frame costs ~30× a 720p one. */
  maxFrameSide: number;
  /**
   * Wall-clock budget for demuxing, decoding and hashing: the allowed length played once (software decoding
   * runs many times faster than real time; a decoder slower than that is stuck, not working).
   */
  budgetMs: number;
}

/** The one place for video limits; the background's fetch limit for videos and streams derives from maxBytes. */
export const defaultVideoLimits: VideoLimits = {
  maxBytes: 500 * 1024 * 1024,
  maxDurationS: 10 * 60,
  maxFrames: 10 * 60 * 60,
  maxFrameSide: 4096,
  budgetMs: 10 * 60_000,
};

export interface VideoHashOptions {
  /** 1 = the reference's (and python-threatexchange's) default; 0 = every frame. */
  secondsPerHash: number;
  limits: VideoLimits;
  /**
   * Also compute TMK+PDQF from the same decode (video-tmk.ts). Off by default: a report carries it only to an
   * endpoint that lists "tmk" in `GET /v1` `hashes` (utils/pipeline/hash-media.ts), and `npm run hash -- --tmk`.
   */
  tmk?: boolean;
  /**
   * vPDQ of the frames; on unless `false` (vpdqWanted). `false` with `tmk`: TMK alone, for a run that wants only
   * the .tmk (`npm run hash -- --tmk`): only the frames TMK takes are decoded (15 a second), none is hashed or
   * copied for vPDQ, `frames` comes back empty, `secondsPerHash` is unused and progress counts TMK frames. A
   * report never asks for it: its video always carries vPDQ, and TMK only beside it.
   */
  vpdq?: boolean;
}

/** The one reading of VideoHashOptions.vpdq's default. */
export const vpdqWanted = (options: Pick<VideoHashOptions, 'vpdq'>): boolean => options.vpdq !== false;

/** What cannot cross a message: progress callbacks and cancellation. */
export interface VideoHashControl {
  /** `total` = frames that will be hashed, vPDQ's (TMK's when it runs alone), known once demuxed; `done` rises as they are. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface VideoHashes {
  /** vPDQ's frames; empty when not asked for (VideoHashOptions.vpdq). */
  frames: VpdqFrame[];
  width?: number;
  height?: number;
  durationS?: number;
  /** The .tmk file, base64 (it crosses a JSON runtime message on Chrome); only when asked for (VideoHashOptions.tmk). */
  tmk?: string;
  /** Why TMK, asked for beside vPDQ, is missing: a file it cannot take (a 45° rotation) still gets its vPDQ. */
  tmkError?: string;
}

/** Decoded frames waiting for the (serial) hasher before the next chunk is decoded. */
const MAX_FRAMES_WAITING = 2;
/** The error a medium gets when the user stops the hashing (fetch, decoder or worker): the report format's words. */
export const CANCELLED = 'hashing cancelled';

/**
 * What can be said from the headers alone, without a demuxer in the service worker: the size, and for a
 * progressive MP4 its duration, frame count, frame size and codec. Other containers are checked after demux.
 */
export function checkVideo(bytes: Uint8Array, limits: VideoLimits) {
  if (bytes.byteLength > limits.maxBytes) {
    throw new VideoFormatError(`video too large: more than ${Math.round(limits.maxBytes / 1024 / 1024)} MB`);
  }
  return isProgressiveMp4(bytes) ? readMp4VideoTrack(bytes, limits) : undefined;
}

export async function hashVideoBytes(
  bytes: Uint8Array,
  options: VideoHashOptions,
  control: VideoHashControl = {},
): Promise<VideoHashes> {
  const { secondsPerHash, limits, tmk } = options;
  const vpdq = vpdqWanted(options);
  if (!vpdq && !tmk) throw new Error('nothing to hash: neither vPDQ nor TMK was asked for');
  checkVideo(bytes, limits);
  const stop = new FirstFailure();
  const timer = setTimeout(() => stop.fail(new Error(`video hashing took longer than ${limits.budgetMs / 1000} s`)), limits.budgetMs);
  const cancel = () => stop.fail(new Error(CANCELLED));
  if (control.signal?.aborted) cancel();
  control.signal?.addEventListener('abort', cancel);
  try {
    const video = await stop.race(demuxVideo(bytes, limits));
    // One frame is hashed at a time: one buffer holds its planes for vPDQ and TMK alike.
    const buffer = new ReusedFrameBuffer();
    let tmkPass: TmkVideoPass | undefined;
    let tmkError: string | undefined;
    try {
      tmkPass = tmk ? new TmkVideoPass(video.timing, buffer) : undefined;
    } catch (error) {
      // TMK alone has nothing else to give; beside vPDQ, a file TMK cannot take must not lose its vPDQ.
      if (!vpdq) throw error;
      tmkError = error instanceof Error ? error.message : String(error);
    }
    const frameMod = vpdq ? frameModFor(video.frameRate, secondsPerHash) : undefined;
    const result = await stop.race(decodeAndHash(video, frameMod, control, stop, buffer, tmkPass));
    return tmkError === undefined ? result : { ...result, tmkError };
  } finally {
    clearTimeout(timer);
    control.signal?.removeEventListener('abort', cancel);
  }
}

/** The first failure (decoder error, hashing error, budget, cancel) wins; every wait races it. */
class FirstFailure {
  failure: Error | undefined;
  fail: (error: unknown) => void = () => {};
  private readonly failed = new Promise<never>((_, reject) => {
    this.fail = (error) => reject((this.failure ??= error instanceof Error ? error : new Error(String(error))));
  });
  constructor() {
    this.failed.catch(() => {});
  }
  race<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.failed]);
  }
}

/** `frameMod` undefined: no vPDQ (TMK alone); then progress counts the frames TMK takes. */
async function decodeAndHash(
  video: DemuxedVideo, frameMod: number | undefined, control: VideoHashControl, stop: FirstFailure,
  buffer: ReusedFrameBuffer, tmk?: TmkVideoPass,
): Promise<VideoHashes> {
  // Which frames vPDQ hashes (none without vPDQ), and what progress counts: vPDQ's frames, or TMK's when there is no vPDQ.
  let hashed: (n: number) => boolean = () => false;
  let counted = (n: number) => tmk?.wants(n) === true;
  let total = tmk?.frameCount ?? 0;
  if (frameMod !== undefined) {
    hashed = counted = (n) => n >= 0 && n < video.frameCount && isHashedFrame(n, frameMod);
    total = Math.ceil(video.frameCount / frameMod);
  }
  // The frames someone needs: vPDQ's, and TMK's when asked for.
  const decoded = tmk ? (n: number) => hashed(n) || tmk.wants(n) : hashed;
  let done = 0;
  control.onProgress?.(0, total);
  const hasher = new VpdqFrameHasher();
  const frames: VpdqFrame[] = [];
  let hashing: Promise<void> = Promise.resolve();
  let waiting = 0;
  let wake = () => {};
  let size: { width: number; height: number } | undefined;

  const decoder = new VideoDecoder({
    // Every chunk's timestamp is its frame number, so output order does not matter (see below).
    output(frame) {
      const n = frame.timestamp;
      if (!decoded(n)) return frame.close();
      size ??= visibleSize(frame);
      waiting += 1;
      hashing = hashing
        .then(() => tmk?.add(frame, n))
        .then(async () => {
          if (hashed(n)) frames.push(await hashFrame(hasher, frame, n, video.frameRate, buffer));
          // Not in `onProgress?.(++done, …)`: without a callback, `?.` skips the increment and the video fails below.
          if (counted(n)) {
            done += 1;
            control.onProgress?.(done, total);
          }
        })
        .catch(stop.fail)
        .finally(() => {
          frame.close();
          waiting -= 1;
          wake();
        });
    },
    error: (error) => stop.fail(new Error(`video decoding failed: ${error.message}`)),
  });
  const nextEvent = () => stop.race(new Promise<void>((resolve) => (wake = decoder.ondequeue = () => resolve())));
  const lengthSize = nalLengthSize(video.config.codec, video.config.description);
  const { samples } = video;
  // H.264 frames that no needed frame needs are not decoded (h264-disposable.ts): the same output, less work.
  const tails = lengthSize === false ? [] : gopTailsToSkip(
    samples.length,
    (i) => decoded(samples[i]!.frame),
    (i) => samples[i]!.key,
    (i) => isIdrH264(samples[i]!.data, lengthSize),
  );
  try {
    decoder.configure(await decoderConfig(video.config));
    for (const [i, sample] of samples.entries()) {
      if (stop.failure) throw stop.failure;
      if (tails[i]) continue;
      if (lengthSize !== false && !decoded(sample.frame) && isDisposableH264(sample.data, lengthSize)) continue;
      // Backpressure: neither the encoded chunks nor the decoded frames pile up.
      while (decoder.decodeQueueSize > 16 || waiting >= MAX_FRAMES_WAITING) await nextEvent();
      decoder.decode(
        new EncodedVideoChunk({
          type: sample.key ? 'key' : 'delta',
          // The frame number rides along as the timestamp: the decoder hands it back on the output frame, in
          // whatever order it outputs. Samples that give no frame get numbers past the last frame.
          timestamp: sample.frame >= 0 ? sample.frame : video.frameCount + i,
          data: sample.data,
        }),
      );
    }
    await stop.race(decoder.flush());
    await stop.race(hashing);
  } finally {
    if (decoder.state !== 'closed') decoder.close();
  }
  // Not one of the frames asked for came out of the decoder (vPDQ's, or TMK's when it runs alone).
  if (done === 0) throw new Error('no video frame could be decoded');
  frames.sort((a, b) => a.frame - b.frame);
  const result: VideoHashes = { frames, width: size?.width ?? video.width, height: size?.height ?? video.height, durationS: video.durationS };
  if (tmk) result.tmk = bytesToBase64(tmk.finish());
  return result;
}

/** Software decoding where offered: its frames are I420 in memory, not GPU textures in NV12 or worse. */
async function decoderConfig(base: VideoDecoderConfig): Promise<VideoDecoderConfig> {
  for (const hardwareAcceleration of ['prefer-software', 'no-preference'] as const) {
    const config: VideoDecoderConfig = { ...base, hardwareAcceleration };
    if ((await VideoDecoder.isConfigSupported(config)).supported) return config;
  }
  throw new VideoFormatError(`this browser cannot decode this video (${base.codec})`);
}

// ----- the dedicated worker (Chrome's offscreen document spawns one per video) ----------------------------------

export interface VideoJob {
  bytes: Uint8Array;
  options: VideoHashOptions;
}
export type VideoJobReply =
  | { ok: true; value: VideoHashes }
  | { ok: false; error: string }
  | { progress: { done: number; total: number } };

/**
 * Progress leaves the worker at most this often (its 0 and its total always): each message goes on to the
 * offscreen document and from there, as a runtime message, to the service worker. One per frame hashed was 15
 * runtime messages a second of video for TMK alone, where the dialog shows progress every 250 ms at most
 * (background/drafts.ts PROGRESS_INTERVAL_MS).
 */
export const PROGRESS_MESSAGE_MS = 100;

/** `post`, skipping the calls that come sooner than PROGRESS_MESSAGE_MS after the last one posted, but for 0 done and all done. */
export function throttledProgress(post: (done: number, total: number) => void, now = () => performance.now()) {
  let last = -Infinity;
  return (done: number, total: number): void => {
    const at = now();
    if (done !== 0 && done < total && at - last < PROGRESS_MESSAGE_MS) return;
    last = at;
    post(done, total);
  };
}

/**
 * The worker's side: one job in, progress messages, one reply out. Kept free of extension APIs, which workers
 * do not have. Cancelling is terminating the worker.
 */
export function serveVideoJobs(scope: {
  onmessage: ((event: MessageEvent<VideoJob>) => void) | null;
  postMessage(reply: VideoJobReply): void;
}): void {
  scope.onmessage = ({ data }) => {
    const onProgress = throttledProgress((done, total) => scope.postMessage({ progress: { done, total } }));
    hashVideoBytes(data.bytes, data.options, { onProgress }).then(
      (value) => scope.postMessage({ ok: true, value }),
      (error: unknown) => scope.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  };
}
