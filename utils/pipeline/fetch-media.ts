/** Fetches media bytes in the background, bounded in size and time, without cookies. */

export interface FetchedMedia {
  bytes: Uint8Array;
  mimeType?: string;
}

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
}

export const defaultFetchLimits: FetchLimits = { maxBytes: 50 * 1024 * 1024, timeoutMs: 20_000 };

export class MediaError extends Error {}

export async function fetchMedia(url: string, limits = defaultFetchLimits): Promise<FetchedMedia> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  try {
    // No cookies: the request must not tie the reporter's own account to the media it reports.
    const response = await fetch(url, { credentials: 'omit', signal: controller.signal, cache: 'no-store' });
    if (!response.ok) throw new MediaError(`fetch refused: HTTP ${response.status}`);
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > limits.maxBytes) throw new MediaError(tooLarge(limits.maxBytes));
    const bytes = await readBounded(response, limits.maxBytes);
    const mimeType = response.headers.get('content-type')?.split(';')[0]?.trim() || undefined;
    return { bytes, mimeType };
  } catch (error) {
    if (error instanceof MediaError) throw error;
    if (controller.signal.aborted) throw new MediaError(`fetch timed out after ${limits.timeoutMs / 1000} s`);
    throw new MediaError(`fetch failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the body but stops as soon as it passes the limit, whatever Content-Length claimed. */
export async function readBounded(response: Response, maxBytes: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new MediaError(tooLarge(maxBytes));
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(maxBytes: number): string {
  return `too large: more than ${Math.round(maxBytes / 1024 / 1024)} MB`;
}
