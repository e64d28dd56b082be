/** Fetches media bytes in the background, bounded in size and time, without cookies, each hop checked (fetch-hops.ts). */
import { CANCELLED } from '../hash/video-decode';
import { fetchHops } from './fetch-hops';
import { MediaError } from '../media-error';
import { readBounded, tooLarge, TooLargeError } from '../net/bounded-read';
import { STEP_TIMEOUT_MS } from './prepare-bounds';
import type { FetchScope } from '../domain';

export interface FetchedMedia {
  bytes: Uint8Array;
  mimeType?: string;
}

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
}

export const defaultFetchLimits: FetchLimits = { maxBytes: 50 * 1024 * 1024, timeoutMs: STEP_TIMEOUT_MS.fetchImage };

export interface FetchOptions {
  /** The user's cancel: stops the request at once. */
  signal?: AbortSignal;
  /** Bytes [start, end) only (a stream's byte-range segment, a DASH index). */
  range?: { start: number; end: number };
  /** Which URLs this fetch may reach (utils/pipeline/url-policy.ts); by default the platforms' media hosts only. */
  scope?: FetchScope;
}

export async function fetchMedia(url: string, limits = defaultFetchLimits, { signal, range, scope = {} }: FetchOptions = {}): Promise<FetchedMedia> {
  // AbortSignal.timeout: the e2e tests shorten it in the worker (e2e/flagpost.ts shortenTimeouts) to test a hung fetch.
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  try {
    if (signal?.aborted) throw new MediaError(CANCELLED);
    const signals = signal ? AbortSignal.any([deadline, signal]) : deadline;
    const headers: HeadersInit = range ? { range: `bytes=${range.start}-${range.end - 1}` } : {};
    const response = await fetchHops(url, scope, { signal: signals, headers });
    if (!response.ok) throw new MediaError(`fetch refused: HTTP ${response.status}`);
    // A server that ignores Range answers 200 with the whole file: read up to the range's end and cut.
    const whole = range && response.status !== 206;
    // Never past the medium's byte limit: a small range deep in a large file would read all the file before it.
    if (whole && range.end > limits.maxBytes) throw new MediaError(`the server ignored the byte range, and the file is ${tooLarge(limits.maxBytes)}`);
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (!whole && declared > limits.maxBytes) throw new MediaError(tooLarge(limits.maxBytes));
    const read = await readBounded(response, whole ? range.end : limits.maxBytes, whole);
    const bytes = whole ? read.subarray(range.start, range.end) : read;
    // A file that ends before the range would make a segment short or empty, and the video silently incomplete.
    if (whole && bytes.byteLength !== range.end - range.start) {
      throw new MediaError(`the server ignored the byte range and sent ${read.byteLength} bytes, fewer than the range's end (${range.end})`);
    }
    const mimeType = response.headers.get('content-type')?.split(';')[0]?.trim() || undefined;
    return { bytes, mimeType };
  } catch (error) {
    if (error instanceof MediaError) throw error;
    if (error instanceof TooLargeError) throw new MediaError(error.message);
    if (signal?.aborted) throw new MediaError(CANCELLED);
    if (deadline.aborted) throw new MediaError(`fetch timed out after ${limits.timeoutMs / 1000} s`);
    throw new MediaError(`fetch failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
