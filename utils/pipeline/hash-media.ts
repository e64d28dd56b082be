/**
 * The hash step of the pipeline: fetched bytes in, industry hashes out. Every medium gets SHA-256 and
 * MD5 of the exact bytes fetched; images and posters PDQ, videos and GIFs vPDQ, and TMK+PDQF from the same
 * decoded frames when the endpoint takes it. A stream (HLS, DASH) has no single file: vPDQ (and TMK) only, and
 * the rendition hashed. Hashes plug in here (hashBytes) and nowhere else.
 */
import { imageHashes } from '../hash/image';
import { md5Hex } from '../hash/md5';
import { videoHashes, type VideoHashResult } from '../hash/video';
import { CANCELLED, defaultVideoLimits, type VideoHashControl, type VideoLimits } from '../hash/video-decode';
import type { MediaEntry, MediaKind } from '../schema/report';
import { MAX_MEDIUM_ERROR_LENGTH } from '../schema/limits';
import { MediaError } from '../media-error';
import { fetchMedia, type FetchLimits, defaultFetchLimits } from './fetch-media';
import { fetchVideo } from './fetch-video';
import { serialQueue } from '../serial';
import { timed } from '../timing';
import { abortReason, isVideoKind, STEP_TIMEOUT_MS, stepTimedOut, withinStep } from './prepare-bounds';
import { hashStoryboardEntry } from './hash-storyboard';
import type { FetchScope, HashableMedium } from '../domain';

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 and MD5 of the exact bytes: what every fetched file gets, for a report or for on-screen matching. */
export async function exactHashes(bytes: Uint8Array): Promise<{ algorithm: 'sha256' | 'md5'; value: string }[]> {
  return [
    { algorithm: 'sha256', value: await timed('sha256', () => sha256Hex(bytes)) },
    { algorithm: 'md5', value: await timed('md5', () => md5Hex(bytes)) },
  ];
}

/**
 * Adds one medium's hashes to `entry` as they are computed, so a perceptual hash that fails (a decode
 * bomb, a corrupt file) leaves the exact-bytes hashes in place; the caller records the error.
 */
export async function hashBytes(entry: MediaEntry, bytes: Uint8Array, job: MediumJob = {}): Promise<void> {
  entry.hashes.push(...(await exactHashes(bytes)));
  await hashPerceptual(entry, bytes, job);
}

/** How one medium is hashed: its progress and abort, the user's video limits (the decoder's defaults otherwise). */
interface MediumJob extends VideoHashControl {
  videoLimits?: VideoLimits;
  /** Whether a video also gets TMK+PDQF (HashMediaOptions.tmk). */
  tmk?: () => Promise<boolean>;
  scope?: FetchScope;
}

/** PDQ, or vPDQ (and TMK when wanted), with the size and duration they find. */
async function hashPerceptual(entry: MediaEntry, bytes: Uint8Array, { videoLimits, tmk, scope: _notForTheDecoder, ...control }: MediumJob): Promise<void> {
  const still = entry.kind === 'image' || entry.kind === 'poster';
  // Asked before waiting for the decoder, so the question never holds the queue.
  const withTmk = !still && tmk ? await tmk().catch(() => false) : false;
  const options = { ...(videoLimits ? { limits: videoLimits } : {}), ...(withTmk ? { tmk: true } : {}) };
  // Bounded inside the queue: a decode that never ends must not hold every medium queued behind it.
  const bound = still ? STEP_TIMEOUT_MS.decodeImage : (videoLimits ?? defaultVideoLimits).budgetMs + STEP_TIMEOUT_MS.videoHandoff;
  const perceptual = await oneAtATime<VideoHashResult>(() =>
    withinStep(still ? imageHashes(bytes) : videoHashes(bytes, options, control), bound, stepTimedOut(still ? 'decoding' : 'video hashing', bound)));
  entry.hashes.push(...perceptual.hashes);
  if (perceptual.width !== undefined) entry.width = perceptual.width;
  if (perceptual.height !== undefined) entry.height = perceptual.height;
  if (perceptual.durationS !== undefined) entry.durationS = perceptual.durationS;
  // A hash missing beside the others (TMK on a file it cannot take): the report says why, as for a medium that failed.
  if (perceptual.error !== undefined) entry.error = perceptual.error.slice(0, MAX_MEDIUM_ERROR_LENGTH);
}

const isVideo = isVideoKind;

/** Videos may be larger than pictures: up to the decoder's limit (defaultVideoLimits, utils/hash/video-decode.ts). */
export function fetchLimitsFor(kind: MediaKind): FetchLimits {
  return isVideo(kind) ? { maxBytes: defaultVideoLimits.maxBytes, timeoutMs: STEP_TIMEOUT_MS.fetchVideo } : defaultFetchLimits;
}

/** At most this many media are held in memory at once: a post's media list comes from the page. */
const FETCHES_AT_ONCE = 2;

/** How far one medium's hashing has come: frames hashed out of the frames that will be (videos only). */
export interface HashProgress {
  done: number;
  total: number;
}

export interface HashMediaOptions {
  limitsFor?: (kind: MediaKind) => FetchLimits;
  /** Called as a video's frames are hashed, with the medium's index in the list. */
  onProgress?: (index: number, progress: HashProgress) => void;
  /** Aborting stops every fetch and decoder of this call; the media not done get an `error`. */
  signal?: AbortSignal;
  /** The user's per-video limits (Settings, utils/hash/video-limits.ts); the decoder's defaults otherwise. */
  videoLimits?: VideoLimits;
  /** Called once per medium as soon as its entry is final (hashed or failed): a report can use it before the others. */
  onDone?: (index: number, entry: MediaEntry) => void;
  /**
   * Whether videos also get TMK+PDQF, from the frames decoded for vPDQ: asked once, as hashing starts, when the
   * post has a video (a post of pictures never asks). The background answers from the endpoint's `GET /v1` `hashes`.
   */
  tmk?: () => Promise<boolean>;
  /** Which URLs may be fetched (utils/pipeline/url-policy.ts): by default the platforms' media hosts only. */
  scope?: FetchScope;
}

/** One entry per medium; a medium that cannot be fetched or hashed keeps its `error`, never sinks the report. */
export async function hashMedia(media: HashableMedium[], options: HashMediaOptions = {}): Promise<MediaEntry[]> {
  const { videoLimits, onProgress, signal, scope } = options;
  let tmkAnswer: Promise<boolean> | undefined;
  const tmk = options.tmk && (() => (tmkAnswer ??= options.tmk!()));
  // A post with a video: asked now, so the answer comes while the video downloads rather than after.
  if (tmk && media.some((medium) => isVideo(medium.kind) && !medium.storyboard && !medium.error)) tmk().catch(() => {});
  const limitsFor = options.limitsFor ?? ((kind: MediaKind) =>
    videoLimits && isVideo(kind) ? { ...fetchLimitsFor(kind), maxBytes: videoLimits.maxBytes } : fetchLimitsFor(kind));
  // A medium the page could not give (its `error`, e.g. a stream never loaded) is reported with that reason, unfetched.
  const entries: MediaEntry[] = media.map(({ kind, sourceUrl, error }, index) => ({
    ref: `m${index + 1}`, kind, sourceUrl, hashes: [], ...(error ? { error } : {}),
  }));
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < entries.length; index = next++) {
      const entry = entries[index]!;
      const storyboard = media[index]!.storyboard;
      if (!entry.error) {
        const job: MediumJob = { signal, videoLimits, tmk, scope, onProgress: onProgress && ((done, total) => onProgress(index, { done, total })) };
        await (storyboard ? hashStoryboardEntry(entry, storyboard, job, scope) : fetchAndHash(entry, limitsFor(entry.kind), job));
      }
      options.onDone?.(index, entry);
    }
  };
  await Promise.all(Array.from({ length: Math.min(FETCHES_AT_ONCE, entries.length) }, worker));
  return entries;
}

async function fetchAndHash(entry: MediaEntry, limits: FetchLimits, job: MediumJob): Promise<void> {
  const { signal, scope } = job;
  try {
    if (signal?.aborted) throw new MediaError(CANCELLED);
    if (!isVideo(entry.kind)) {
      const fetched = await timed('fetch', () => fetchMedia(entry.sourceUrl, limits, { signal, scope }));
      entry.bytes = fetched.bytes.byteLength;
      if (fetched.mimeType) entry.mimeType = fetched.mimeType;
      return await hashBytes(entry, fetched.bytes, job);
    }
    const fetched = await timed('fetch', () => fetchVideo(entry.sourceUrl, limits, signal, job.videoLimits?.maxDurationS, scope));
    if (!fetched.stream) {
      entry.bytes = fetched.bytes.byteLength;
      if (fetched.mimeType) entry.mimeType = fetched.mimeType;
      return await hashBytes(entry, fetched.bytes, job);
    }
    // A stream: no file whose MD5/SHA-256 would mean anything, so vPDQ of the rendition only.
    entry.mimeType = fetched.stream.format === 'hls' ? 'application/vnd.apple.mpegurl' : 'application/dash+xml';
    entry.rendition = fetched.stream.rendition;
    await hashPerceptual(entry, fetched.bytes, job);
    // A manifest that does not say the size: the decoded frames do.
    if (!entry.rendition.width && entry.width && entry.height) entry.rendition = { ...entry.rendition, width: entry.width, height: entry.height };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = signal?.aborted ? abortReason(signal) : error instanceof MediaError ? reason : `hashing failed: ${reason}`;
    entry.error = message.slice(0, MAX_MEDIUM_ERROR_LENGTH);
  }
}

/**
 * Decoding holds a whole picture's pixels (up to 200 MB at the 50-megapixel limit): media are fetched in
 * parallel but decoded one after another.
 */
const oneAtATime = serialQueue();

