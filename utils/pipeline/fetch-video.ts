/**
 * A video medium's bytes, whether its URL is a file or an adaptive stream's manifest (HLS .m3u8, DASH .mpd),
 * told apart by Content-Type or first bytes. For a stream the background does what the page's player does:
 * reads the manifest, picks a rendition (utils/hash/rendition.ts), checks the declared duration, then fetches
 * the init section and segments (Range requests for byte ranges) under the one byte limit, a few at a time.
 */
import { parseDashManifest } from '../hash/dash-manifest';
import { parseHlsPlaylist } from '../hash/hls-playlist';
import { chooseRendition } from '../hash/rendition';
import { manifestKind, type ByteRangeRef, type StreamPlan } from '../hash/stream-plan';
import { defaultVideoLimits } from '../hash/video-decode';
import { MediaError } from '../media-error';
import { concatBytes, tooLarge } from '../net/bounded-read';
import { fetchMedia, type FetchedMedia, type FetchLimits } from './fetch-media';
import type { FetchScope } from '../domain';

export type FetchedVideo = (FetchedMedia & { stream?: undefined }) | { bytes: Uint8Array; stream: StreamPlan };

/** Segments fetched at once: a player fetches one ahead; a few hide the round trips without flooding the CDN. */
const SEGMENTS_AT_ONCE = 4;
/** Manifests are text: a bound far below the video's. */
const MANIFEST_MAX_BYTES = 5 * 1024 * 1024;

/**
 * limits.timeoutMs bounds each request and, for a stream, all its requests together; a stream whose manifest
 * declares more than maxDurationS is refused before any segment is fetched.
 */
export async function fetchVideo(
  url: string,
  limits: FetchLimits,
  userSignal?: AbortSignal,
  maxDurationS = defaultVideoLimits.maxDurationS,
  /** Manifests and every segment they name are checked as the video's own URL is. */
  scope: FetchScope = {},
): Promise<FetchedVideo> {
  // Stops every request in flight: at the deadline, or once the first part fails or all are in.
  const stopAll = new AbortController();
  const timedOut = new MediaError(`fetch timed out after ${limits.timeoutMs / 1000} s`);
  const deadline = setTimeout(() => stopAll.abort(timedOut), limits.timeoutMs);
  try {
    return await fetchFileOrStream(url, limits, userSignal ? AbortSignal.any([userSignal, stopAll.signal]) : stopAll.signal, maxDurationS, scope);
  } catch (error) {
    throw stopAll.signal.reason === timedOut && !userSignal?.aborted ? timedOut : error;
  } finally {
    clearTimeout(deadline);
    stopAll.abort();
  }
}

async function fetchFileOrStream(url: string, limits: FetchLimits, signal: AbortSignal, maxDurationS: number, scope: FetchScope): Promise<FetchedVideo> {
  const first = await fetchMedia(url, limits, { signal, scope });
  const kind = manifestKind(first.mimeType, first.bytes);
  if (!kind) return first;
  const fetchPart = (ref: ByteRangeRef, maxBytes = MANIFEST_MAX_BYTES) =>
    fetchMedia(ref.url, { ...limits, maxBytes }, { signal, scope, ...(ref.end !== undefined ? { range: { start: ref.start ?? 0, end: ref.end } } : {}) })
      .then((fetched) => fetched.bytes);
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

  let plan: StreamPlan;
  if (kind === 'hls') {
    let playlist = parseHlsPlaylist(text(first.bytes), url);
    let rendition: StreamPlan['rendition'] = { url };
    if (playlist.kind === 'master') {
      rendition = chooseRendition(playlist.variants);
      playlist = parseHlsPlaylist(text(await fetchPart({ url: rendition.url })), rendition.url);
      if (playlist.kind === 'master') throw new MediaError('the HLS variant is itself a master playlist');
    }
    const parts = playlist.init ? [playlist.init, ...playlist.segments] : playlist.segments;
    plan = { format: 'hls', rendition, parts, durationS: playlist.durationS };
  } else {
    plan = await parseDashManifest(text(first.bytes), url, (ref) => fetchPart(ref));
  }
  if (plan.durationS !== undefined && plan.durationS > maxDurationS) {
    throw new MediaError(`video too long: ${Math.round(plan.durationS)} s, the limit is ${maxDurationS} s`);
  }
  return { bytes: await fetchParts(plan.parts, limits.maxBytes, fetchPart), stream: plan };
}

/** All parts, in order, concatenated; refused as soon as their total passes maxBytes. */
async function fetchParts(
  parts: ByteRangeRef[],
  maxBytes: number,
  fetchPart: (ref: ByteRangeRef, maxBytes: number) => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const declared = parts.reduce((sum, p) => sum + (p.end !== undefined ? p.end - (p.start ?? 0) : 0), 0);
  if (declared > maxBytes) throw new MediaError(tooLarge(maxBytes));
  const fetched: Uint8Array[] = new Array(parts.length);
  let total = 0;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < parts.length; i = next++) {
      fetched[i] = await fetchPart(parts[i]!, maxBytes - total);
      total += fetched[i]!.byteLength;
      if (total > maxBytes) throw new MediaError(tooLarge(maxBytes));
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEGMENTS_AT_ONCE, parts.length) }, worker));
  return concatBytes(fetched);
}
