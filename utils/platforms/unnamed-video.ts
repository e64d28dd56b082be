import type { ExtractedMedia } from './types';

/** Why a video's own stream is missing from a report, and what stands in for it: one wording for every platform. */
export function withoutStream(reason: string): string {
  return `${reason}: only its poster frame was hashed`;
}

/**
 * A streamed video whose stream or file the page does not give (or gives only to the site's cookies):
 * the report still lists it, on its CDN's root (a URL on the platform's media host that names no file),
 * with the poster as thumbnail and `error` saying why. Its poster is a medium of its own, and is hashed.
 */
export function unnamedVideo(cdnRoot: string, reason: string, thumbnailUrl?: string): ExtractedMedia {
  return { kind: 'video', sourceUrl: cdnRoot, ...(thumbnailUrl ? { thumbnailUrl } : {}), error: withoutStream(reason) };
}
