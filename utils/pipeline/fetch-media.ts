/** Fetches media bytes in the background, bounded in size and time, without cookies, each hop checked (fetch-hops.ts). */
import { CANCELLED } from '../hash/video-decode';
import { fetchHops } from './fetch-hops';
import { MediaError } from '../media-error';
import { STEP_TIMEOUT_MS } from './prepare-bounds';
import type { FetchScope } from './url-policy';

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
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (!whole && declared > limits.maxBytes) throw new MediaError(tooLarge(limits.maxBytes));
    const read = await readBounded(response, whole ? range.end : limits.maxBytes, whole);
    const bytes = whole ? read.subarray(range.start, range.end) : read;
    const mimeType = response.headers.get('content-type')?.split(';')[0]?.trim() || undefined;
    return { bytes, mimeType };
  } catch (error) {
    if (error instanceof MediaError) throw error;
    if (signal?.aborted) throw new MediaError(CANCELLED);
    if (deadline.aborted) throw new MediaError(`fetch timed out after ${limits.timeoutMs / 1000} s`);
    throw new MediaError(`fetch failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Reads the body but stops as soon as it passes the limit, whatever Content-Length claimed. With `truncate`,
 * reaching the limit is not an error: the first maxBytes are returned.
 */
export async function readBounded(response: Response, maxBytes: number, truncate = false): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer()).subarray(0, truncate ? maxBytes : undefined);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total + value.byteLength > maxBytes) {
      await reader.cancel();
      if (!truncate) throw new MediaError(tooLarge(maxBytes));
      chunks.push(value.subarray(0, maxBytes - total));
      total = maxBytes;
      break;
    }
    total += value.byteLength;
    chunks.push(value);
  }
  return concatBytes(chunks);
}

/** One buffer of the chunks, in order. */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export function tooLarge(maxBytes: number): string {
  const megabytes = maxBytes / 1024 / 1024;
  // Two significant digits under 10 MB: a test's or a user's small limit must not read "0 MB".
  return `too large: more than ${megabytes >= 10 ? Math.round(megabytes) : Number(megabytes.toPrecision(2))} MB`;
}
