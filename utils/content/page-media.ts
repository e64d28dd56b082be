/**
 * The page's own idea of its main media, for a right-click on the page itself (utils/background/page-target.ts):
 * what it gives link previews (Open Graph, Twitter cards) and search engines (a JSON-LD VideoObject). Hosted
 * anywhere, so the user sees these URLs before any is fetched (utils/background/media-consent.ts).
 */
import type { ExtractedMedia } from '../platforms/types';
import { httpUrl } from '../platforms/read-dom';
import { MAX_MEDIA } from '../schema/limits';

/** Meta tags naming a medium, by `property` or `name` (sites use either); the video first, the main medium. */
const META_MEDIA: ReadonlyArray<{ names: string[]; kind: ExtractedMedia['kind'] }> = [
  { names: ['og:video:secure_url', 'og:video:url', 'og:video'], kind: 'video' },
  { names: ['og:image:secure_url', 'og:image:url', 'og:image', 'twitter:image', 'twitter:image:src'], kind: 'image' },
];

/** JSON-LD nesting looked into at most: a page's structured data is shallow; a deep one is not read further. */
const MAX_JSON_LD_DEPTH = 6;

function metaContents(doc: Document, name: string): string[] {
  const tags = doc.querySelectorAll<HTMLMetaElement>(`meta[property="${name}"], meta[name="${name}"]`);
  return [...tags].map((tag) => tag.getAttribute('content') ?? '');
}

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.find((item): item is string => typeof item === 'string');
  // schema.org lets thumbnailUrl be an ImageObject
  if (value && typeof value === 'object' && typeof (value as { url?: unknown }).url === 'string') return (value as { url: string }).url;
  return undefined;
}

function isVideoObject(node: Record<string, unknown>): boolean {
  const type = node['@type'];
  return type === 'VideoObject' || (Array.isArray(type) && type.includes('VideoObject'));
}

/** Every VideoObject in a JSON-LD value (a node, an array, a @graph, or nested in another node). */
function videoObjects(value: unknown, depth = 0): Array<Record<string, unknown>> {
  if (depth > MAX_JSON_LD_DEPTH || !value || typeof value !== 'object') return [];
  const children = Array.isArray(value) ? value : Object.values(value);
  const own = !Array.isArray(value) && isVideoObject(value as Record<string, unknown>) ? [value as Record<string, unknown>] : [];
  return [...own, ...children.flatMap((child) => videoObjects(child, depth + 1))];
}

function jsonLdVideos(doc: Document, pageUrl: string): ExtractedMedia[] {
  return [...doc.querySelectorAll('script[type="application/ld+json"]')].flatMap((script) => {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      return []; // a broken block is the page's; the others still count
    }
    return videoObjects(data).flatMap((video): ExtractedMedia[] => {
      const content = httpUrl(firstString(video.contentUrl), pageUrl)?.href;
      const thumbnail = httpUrl(firstString(video.thumbnailUrl), pageUrl)?.href;
      if (content) return [{ kind: 'video', sourceUrl: content, ...(thumbnail ? { thumbnailUrl: thumbnail } : {}) }];
      return thumbnail ? [{ kind: 'image', sourceUrl: thumbnail }] : [];
    });
  });
}

/** A video file or stream the hasher can read; `text/html` (an embeddable player page, YouTube's) is not one. */
const VIDEO_TYPE = /^video\/|mpegurl|dash\+xml/i;

/** The page declares its og:video's type and none is a video: the og:video is a player page, not a medium. */
function ogVideoIsPlayer(doc: Document): boolean {
  const types = metaContents(doc, 'og:video:type');
  return types.length > 0 && !types.some((type) => VIDEO_TYPE.test(type));
}

/** The page's main media: JSON-LD videos, then Open Graph and Twitter card media; http(s) only, each URL once, at most MAX_MEDIA. */
export function pageMainMedia(doc: Document, pageUrl: string): ExtractedMedia[] {
  const player = ogVideoIsPlayer(doc);
  const fromMeta = META_MEDIA.filter(({ kind }) => !(player && kind === 'video')).flatMap(({ names, kind }) =>
    names.flatMap((name) => metaContents(doc, name)).flatMap((raw): ExtractedMedia[] => {
      const url = httpUrl(raw.trim(), pageUrl)?.href;
      return url ? [{ kind, sourceUrl: url }] : [];
    }),
  );
  const seen = new Set<string>();
  return [...jsonLdVideos(doc, pageUrl), ...fromMeta]
    .filter((medium) => !seen.has(medium.sourceUrl) && seen.add(medium.sourceUrl))
    .slice(0, MAX_MEDIA);
}
