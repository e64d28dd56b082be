/**
 * Bounded network reads: a response body read no further than a limit, whatever its Content-Length claims,
 * because neither a media host nor the endpoint is trusted. A leaf: the media fetcher and the endpoint client
 * both read through it, and each turns `TooLargeError` into its own failure.
 */

/** The body passed the limit; its message says so in the words a report's `error` carries. */
export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(tooLarge(maxBytes));
  }
}

/**
 * Reads the body but stops as soon as it passes the limit. With `truncate`, reaching the limit is not an
 * error: the first maxBytes are returned.
 */
export async function readBounded(response: Response, maxBytes: number, truncate = false): Promise<Uint8Array> {
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > maxBytes && !truncate) throw new TooLargeError(maxBytes);
    return bytes.subarray(0, maxBytes);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total + value.byteLength > maxBytes) {
      await reader.cancel();
      if (!truncate) throw new TooLargeError(maxBytes);
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
