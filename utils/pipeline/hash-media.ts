/**
 * The hash step of the pipeline: fetched bytes in, industry hashes out. Every medium gets SHA-256 and
 * MD5 of the exact bytes fetched; images and posters PDQ, videos and GIFs vPDQ. Hashes plug in here
 * (hashBytes) and nowhere else.
 */
import { imageHashes } from '../hash/image';
import { md5Hex } from '../hash/md5';
import { videoHashes, type VideoHashResult } from '../hash/video';
import type { ExtractedMedia } from '../platforms/types';
import type { MediaEntry, MediaKind } from '../schema/report';
import { fetchMedia, MediaError, type FetchLimits, defaultFetchLimits } from './fetch-media';
import { timed } from './timing';
import type { StoryboardLevel } from '../platforms/youtube-storyboard';
import { hashStoryboardEntry } from './hash-storyboard';

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Adds one medium's hashes to `entry` as they are computed, so a perceptual hash that fails (a decode
 * bomb, a corrupt file) leaves the exact-bytes hashes in place; the caller records the error.
 */
export async function hashBytes(entry: MediaEntry, bytes: Uint8Array): Promise<void> {
  entry.hashes.push({ algorithm: 'sha256', value: await timed('sha256', () => sha256Hex(bytes)) });
  entry.hashes.push({ algorithm: 'md5', value: await timed('md5', () => md5Hex(bytes)) });
  const still = entry.kind === 'image' || entry.kind === 'poster';
  const perceptual = await oneAtATime<VideoHashResult>(() => (still ? imageHashes(bytes) : videoHashes(bytes)));
  entry.hashes.push(...perceptual.hashes);
  if (perceptual.width !== undefined) entry.width = perceptual.width;
  if (perceptual.height !== undefined) entry.height = perceptual.height;
  if (perceptual.durationS !== undefined) entry.durationS = perceptual.durationS;
}

/** Videos may be larger than pictures: their decoder has its own 200 MB limit (utils/hash/video-decode.ts). */
export function fetchLimitsFor(kind: MediaKind): FetchLimits {
  return kind === 'video' || kind === 'gif' ? { maxBytes: 200 * 1024 * 1024, timeoutMs: 120_000 } : defaultFetchLimits;
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
}

/** One entry per medium; a medium that cannot be fetched or hashed keeps its `error`, never sinks the report. */
/** A medium as the background has it once its stream is located: a storyboard is hashed by its sheets. */
export type HashableMedium = ExtractedMedia & { storyboard?: StoryboardLevel };

export async function hashMedia(media: HashableMedium[], options: HashMediaOptions = {}): Promise<MediaEntry[]> {
  const limitsFor = options.limitsFor ?? fetchLimitsFor;
  // A medium the page could not give (its `error`, e.g. a stream never loaded) is reported with that reason, unfetched.
  const entries: MediaEntry[] = media.map(({ kind, sourceUrl, error }, index) => ({
    ref: `m${index + 1}`, kind, sourceUrl, hashes: [], ...(error ? { error } : {}),
  }));
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < entries.length; index = next++) {
      const entry = entries[index]!;
      const storyboard = media[index]!.storyboard;
      if (entry.error) continue;
      await (storyboard ? hashStoryboardEntry(entry, storyboard) : fetchAndHash(entry, limitsFor));
    }
  };
  await Promise.all(Array.from({ length: Math.min(FETCHES_AT_ONCE, entries.length) }, worker));
  return entries;
}

async function fetchAndHash(entry: MediaEntry, limitsFor: (kind: MediaKind) => FetchLimits): Promise<void> {
  try {
    const fetched = await timed('fetch', () => fetchMedia(entry.sourceUrl, limitsFor(entry.kind)));
    entry.bytes = fetched.bytes.byteLength;
    if (fetched.mimeType) entry.mimeType = fetched.mimeType;
    await hashBytes(entry, fetched.bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = error instanceof MediaError ? reason : `hashing failed: ${reason}`;
    entry.error = message.slice(0, 500); // the report format's limit
  }
}

/**
 * Decoding holds a whole picture's pixels (up to 200 MB at the 50-megapixel limit): media are fetched in
 * parallel but decoded one after another.
 */
let decoding: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const run = decoding.then(task, task);
  decoding = run.catch(() => undefined);
  return run;
}
