/**
 * The hash step of the pipeline: fetched bytes in, industry hashes out. PDQ, MD5 and vPDQ
 * plug in here (hashBytes) and nowhere else.
 */
import type { ExtractedMedia } from '../platforms/types';
import type { MediaEntry, MediaHash, MediaKind } from '../schema/report';
import { fetchMedia, MediaError, type FetchLimits, defaultFetchLimits } from './fetch-media';

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Every hash Flagpost computes for one medium's exact bytes. */
export async function hashBytes(bytes: Uint8Array, _kind: MediaKind): Promise<MediaHash[]> {
  return [{ algorithm: 'sha256', value: await sha256Hex(bytes) }];
}

/** One entry per medium; a medium that cannot be fetched or hashed keeps its `error`, never sinks the report. */
export async function hashMedia(media: ExtractedMedia[], limits: FetchLimits = defaultFetchLimits): Promise<MediaEntry[]> {
  return Promise.all(
    media.map(async ({ kind, sourceUrl }, index): Promise<MediaEntry> => {
      const entry: MediaEntry = { ref: `m${index + 1}`, kind, sourceUrl, hashes: [] };
      try {
        const fetched = await fetchMedia(sourceUrl, limits);
        entry.bytes = fetched.bytes.byteLength;
        if (fetched.mimeType) entry.mimeType = fetched.mimeType;
        entry.hashes = await hashBytes(fetched.bytes, kind);
      } catch (error) {
        entry.error = error instanceof MediaError ? error.message : `hashing failed: ${String(error)}`;
      }
      return entry;
    }),
  );
}
