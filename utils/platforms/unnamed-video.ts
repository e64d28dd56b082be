import { httpUrl } from './read-dom';
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

/**
 * A `<video>` element's media: its own http(s) `src`; else (a `blob:` stream) its poster, hashed, and the file
 * the page data names (`fileOf`, read only then), or an unnamed video on `cdnRoot` saying `reason`.
 */
export function videoElementMedia(video: Element, base: string, fileOf: () => string | null, cdnRoot: string, reason: string): ExtractedMedia[] {
  const src = httpUrl(video.getAttribute('src'), base);
  const poster = httpUrl(video.getAttribute('poster'), base);
  const thumbnail = poster ? { thumbnailUrl: poster.href } : {};
  if (src) return [{ kind: 'video', sourceUrl: src.href, ...thumbnail }];
  const media: ExtractedMedia[] = poster ? [{ kind: 'poster', sourceUrl: poster.href }] : [];
  const file = fileOf();
  media.push(file ? { kind: 'video', sourceUrl: file, ...thumbnail } : unnamedVideo(cdnRoot, reason, poster?.href));
  return media;
}
