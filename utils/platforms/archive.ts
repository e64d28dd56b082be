/**
 * Internet Archive item pages (`https://archive.org/details/<identifier>`): a "content store" where
 * outlets park their media. The page is one item; its files are plain files under
 * `/download/<identifier>/`, so each image is hashed as it is and each video file gets vPDQ.
 * Read from the item's schema.org microdata (`itemprop`) and its links, never from wording or layout.
 */
import type { Author } from '../schema/report';
import { extractedPost, flowText, httpUrl, isoDatetime } from './read-dom';
import type { ExtractedMedia, ExtractedPost, PlatformAdapter } from './types';

const ORIGIN = 'https://archive.org';
/** `/details/<identifier>`: letters, digits, `.`, `-` and `_` (archive.org's own rule for identifiers). */
const ITEM_PATH = /^\/details\/([A-Za-z0-9][A-Za-z0-9._-]{0,99})(?:\/|$)/;
const IMAGE_FILE = /\.(jpe?g|png|gif|webp)$/i;
const VIDEO_FILE = /\.(mp4|m4v|webm)$/i;
/** Files archive.org derives for its own pages (the item tile, thumbnails): not what was uploaded. */
const DERIVED_FILE = /(__ia_thumb\.jpg|_thumb\.jpg|\.thumbs\/.*)$/i;

function identifierOf(pageUrl: string): string | null {
  const url = httpUrl(pageUrl, ORIGIN);
  return url?.hostname === 'archive.org' ? (ITEM_PATH.exec(url.pathname)?.[1] ?? null) : null;
}

/** The uploader: the link to their `/details/@<name>` page. */
function uploaderOf(item: Element): Author | undefined {
  for (const link of item.querySelectorAll('a[href^="/details/@"]')) {
    const url = httpUrl(link.getAttribute('href'), ORIGIN);
    const name = url && /^\/details\/(@[A-Za-z0-9._-]{1,100})$/.exec(url.pathname)?.[1];
    if (url && name) return { handle: name, url: url.href };
  }
  return undefined;
}

/** When the item was put on archive.org; it writes UTC as `2025-03-14 09:26:53`. */
function uploadedAt(item: Element): string | undefined {
  const element = item.querySelector('[itemprop="uploadDate"]');
  const raw = (element?.getAttribute('content') ?? element?.getAttribute('datetime') ?? '').trim();
  return isoDatetime(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(raw) ? `${raw.replace(' ', 'T')}Z` : raw);
}

/** The item's title, then its description. */
function textOf(item: Element): string {
  const parts = ['name', 'description'].map((prop) => item.querySelector(`[itemprop="${prop}"]`));
  return parts.map((part) => (part ? flowText(part) : '')).filter(Boolean).join('\n\n');
}

/** Each image and video file the page links to in the item's own folder. */
function mediaOf(item: Element, identifier: string): ExtractedMedia[] {
  const folder = `/download/${identifier}/`;
  return Array.from(item.querySelectorAll('a[href*="/download/"], video[src], source[src]')).flatMap((element): ExtractedMedia[] => {
    const url = httpUrl(element.getAttribute('href') ?? element.getAttribute('src'), ORIGIN);
    if (!url || url.hostname !== 'archive.org' || !url.pathname.startsWith(folder) || DERIVED_FILE.test(url.pathname)) return [];
    url.search = '';
    url.hash = '';
    if (VIDEO_FILE.test(url.pathname)) return [{ kind: 'video', sourceUrl: url.href }];
    if (IMAGE_FILE.test(url.pathname)) return [{ kind: 'image', sourceUrl: url.href }];
    return [];
  });
}

function extract(item: Element, pageUrl: string): ExtractedPost | null {
  const identifier = identifierOf(pageUrl);
  if (!identifier) return null;
  return extractedPost({
    platform: 'archive',
    url: `${ORIGIN}/details/${identifier}`,
    pageUrl,
    postId: identifier,
    author: uploaderOf(item),
    postedAt: uploadedAt(item),
    text: textOf(item),
    media: mediaOf(item, identifier),
    quoted: [],
  });
}

export const archiveAdapter: PlatformAdapter = {
  platform: 'archive',
  name: 'Internet Archive',
  matches: ['https://archive.org/details/*'],
  // Download links redirect to the item's storage server (`ia800100.us.archive.org`).
  mediaHosts: ['https://archive.org/*', 'https://*.archive.org/*'],
  // The item: the outermost schema.org item of the page (nested ones are its properties).
  postSelector: '[itemscope][itemtype]:not([itemprop])',
  // An item page has no action bar of its own for us: the button follows the item.
  buttonSlot: () => null,
  extract,
};
