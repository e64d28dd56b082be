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

function metaContents(doc: Document, name: string, skip: ReadonlySet<Element> = new Set()): string[] {
  const tags = doc.querySelectorAll<HTMLMetaElement>(`meta[property="${name}"], meta[name="${name}"]`);
  return [...tags].filter((tag) => !skip.has(tag)).map((tag) => tag.getAttribute('content') ?? '');
}

/** A JSON-LD URL value's candidates: a string, or an ImageObject/MediaObject's `url` or `contentUrl` (schema.org allows both). */
function urlCandidates(item: unknown): string[] {
  if (typeof item === 'string') return [item];
  if (!item || typeof item !== 'object' || Array.isArray(item)) return [];
  const { url, contentUrl } = item as { url?: unknown; contentUrl?: unknown };
  return [url, contentUrl].filter((value): value is string => typeof value === 'string');
}

/**
 * The first http(s) URL in a JSON-LD value: a string, an object, or an array of either (`thumbnailUrl:
 * [{ "@type": "ImageObject", url }]` is common). One array level only: page data is not recursed into.
 */
function firstHttpUrl(value: unknown, pageUrl: string): string | undefined {
  const items = Array.isArray(value) ? value : [value];
  for (const candidate of items.flatMap(urlCandidates)) {
    const url = httpUrl(candidate, pageUrl)?.href;
    if (url) return url;
  }
  return undefined;
}

/** "VideoObject" as pages write it: bare, as the full schema.org IRI (http or https), or the "schema:" compact IRI. */
const VIDEO_OBJECT_TYPE = /^(?:https?:\/\/(?:www\.)?schema\.org\/|schema:)?VideoObject$/;

function isVideoObject(node: Record<string, unknown>): boolean {
  const type = node['@type'];
  const types = Array.isArray(type) ? type : [type];
  return types.some((one) => typeof one === 'string' && VIDEO_OBJECT_TYPE.test(one.trim()));
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
      const content = firstHttpUrl(video.contentUrl, pageUrl);
      const thumbnail = firstHttpUrl(video.thumbnailUrl, pageUrl);
      if (content) return [{ kind: 'video', sourceUrl: content, ...(thumbnail ? { thumbnailUrl: thumbnail } : {}) }];
      return thumbnail ? [{ kind: 'image', sourceUrl: thumbnail }] : [];
    });
  });
}

/** A video file or stream the hasher can read; `text/html` (an embeddable player page, YouTube's) is not one. */
const VIDEO_TYPE = /^video\/|mpegurl|dash\+xml/i;

const OG_VIDEO_URLS = ['og:video', 'og:video:url', 'og:video:secure_url'];

/** Which og:video property a meta tag is, by `property` or `name`; undefined for any other tag. */
function ogVideoKey(tag: Element): string | undefined {
  const key = [tag.getAttribute('property'), tag.getAttribute('name')].find(
    (name) => name !== null && (OG_VIDEO_URLS.includes(name) || name === 'og:video:type'),
  );
  return key ?? undefined;
}

/**
 * The og:video tags that are player pages, not media. Open Graph structures a page's videos in document order:
 * og:video (or :url) starts a video, its :secure_url and :type are the tags after it, so each type is its own
 * video's. A page may list a player (text/html) and a file (video/mp4) side by side: only the player is dropped.
 * A video with no type of its own takes the types given before any video, the page-wide reading kept for such
 * pages; with no type at all it is kept. Among several types, one that is a video keeps it.
 */
function ogVideoPlayers(doc: Document): Set<Element> {
  type Video = { tags: Element[]; keys: Set<string>; types: string[] };
  const videos: Video[] = [];
  const leadingTypes: string[] = [];
  const tags = doc.querySelectorAll('meta[property^="og:video"], meta[name^="og:video"]');
  for (const tag of tags) {
    const key = ogVideoKey(tag);
    if (!key) continue;
    const current = videos.at(-1);
    if (key === 'og:video:type') {
      (current ? current.types : leadingTypes).push(tag.getAttribute('content') ?? '');
      continue;
    }
    // og:video and og:video:url are one property (Open Graph's alias): a second one starts the next video, as does
    // a second :secure_url; otherwise the tag is another address of the current video and shares its type.
    const role = key === 'og:video:secure_url' ? 'secure' : 'url';
    if (current && !current.keys.has(role)) {
      current.tags.push(tag);
      current.keys.add(role);
    } else {
      videos.push({ tags: [tag], keys: new Set([role]), types: [] });
    }
  }
  const players = new Set<Element>();
  for (const video of videos) {
    const types = video.types.length > 0 ? video.types : leadingTypes;
    if (types.length > 0 && !types.some((type) => VIDEO_TYPE.test(type))) video.tags.forEach((tag) => players.add(tag));
  }
  return players;
}

/** The page's main media: JSON-LD videos, then Open Graph and Twitter card media; http(s) only, each URL once, at most MAX_MEDIA. */
export function pageMainMedia(doc: Document, pageUrl: string): ExtractedMedia[] {
  const players = ogVideoPlayers(doc);
  const fromMeta = META_MEDIA.flatMap(({ names, kind }) =>
    names.flatMap((name) => metaContents(doc, name, players)).flatMap((raw): ExtractedMedia[] => {
      const url = httpUrl(raw.trim(), pageUrl)?.href;
      return url ? [{ kind, sourceUrl: url }] : [];
    }),
  );
  const seen = new Set<string>();
  return [...jsonLdVideos(doc, pageUrl), ...fromMeta]
    .filter((medium) => !seen.has(medium.sourceUrl) && seen.add(medium.sourceUrl))
    .slice(0, MAX_MEDIA);
}
