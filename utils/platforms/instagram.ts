import type { Author } from '../schema/report';
import { extractedPost, flowText, httpUrl, isoDatetime, ownAll, ownFirst, widestSrcsetUrl } from './read-dom';
import { findInPageJson, pageRootOf } from './page-json';
import type { ExtractedMedia, ExtractedPost, PlatformAdapter } from './types';
import { videoElementMedia } from './unnamed-video';

// Instagram (www.instagram.com). No real capture of the current markup exists (see the hand-built
// fixture's notes): this adapter relies on structure only, never on class names (generated per
// build) or text (translated). A post is an `<article>` with a `<header>` (the author's link), a
// `time[datetime]` inside the link to the post (`/p/<shortcode>/`, `/reel/<shortcode>/`, also
// `/<user>/p/<shortcode>/`), photos as `<img srcset>` on the CDN (carousel slides are `<li>`s),
// videos as `<video>`, and the like/comment/share buttons in the first `<section>`.

const ORIGIN = 'https://www.instagram.com';
const IG_HOSTS = new Set(['www.instagram.com', 'instagram.com']);
const POST_PATH = /^\/(?:[A-Za-z0-9._]{1,30}\/)?(p|reel|reels|tv)\/([A-Za-z0-9_-]{5,40})\/?$/;
const PROFILE_PATH = /^\/([A-Za-z0-9._]{1,30})\/?$/;
const RESERVED = new Set(['explore', 'reels', 'stories', 'direct', 'accounts', 'p', 'reel', 'tv', 'about', 'legal']);
const CDN_HOST = /(^|\.)(cdninstagram\.com|fbcdn\.net)$/;

function postLink(raw: string | null | undefined): { url: string; id: string } | null {
  const url = httpUrl(raw, ORIGIN);
  const match = url && IG_HOSTS.has(url.hostname) ? POST_PATH.exec(url.pathname) : null;
  if (!match) return null;
  const [, kind = 'p', id = ''] = match;
  return { url: `${ORIGIN}/${kind === 'p' || kind === 'tv' ? 'p' : 'reel'}/${id}/`, id };
}

/** Elements of this article itself, not of an article nested in it. */
const own = (post: Element, selector: string) => ownAll(post, selector, 'article');

/**
 * The post's link: the one around its `<time>` (the timestamp), else any link to a post, else,
 * on the post's own page (`/p/<id>/`), the page URL.
 */
function ownLink(post: Element, pageUrl: string): { url: string; id: string } | null {
  const timed = own(post, 'a[href] time').map((time) => postLink(time.closest('a')?.getAttribute('href')));
  const any = own(post, 'a[href]').map((a) => postLink(a.getAttribute('href')));
  return timed.find(Boolean) ?? any.find(Boolean) ?? postLink(pageUrl);
}

function authorOf(post: Element): Author | undefined {
  for (const a of own(post, 'header a[href]')) {
    const url = httpUrl(a.getAttribute('href'), ORIGIN);
    const name = url && IG_HOSTS.has(url.hostname) ? PROFILE_PATH.exec(url.pathname)?.[1] : undefined;
    if (name && !RESERVED.has(name.toLowerCase())) return { handle: `@${name}`, url: `${ORIGIN}/${name}/` };
  }
  return undefined;
}

/**
 * Photos at the widest `srcset` candidate (Instagram lists 150w … 1080w), the shown `src` as
 * thumbnail; videos by direct file when the page has one, else by poster frame. Avatars (the
 * author's in the header, commenters' inside links to their profiles) are left out.
 */
/**
 * A streamed video's file, from the page's own data. Instagram plays it from a `blob:`, but the
 * server-rendered JSON (`<script type="application/json">`) carries the media item, keyed by the
 * post's shortcode (`code`, the `/p/<code>/` or `/reel/<code>/` of its permalink), with its
 * progressive MP4s in `video_versions` (`{width, height, url}`): the widest is taken. A carousel's
 * videos are in its slides' items, which nothing on the page ties to the slide shown: not guessed.
 */
const NO_FILE = "Instagram's page data names no file for this video";

function videoFileOf(post: Element, shortcode: string): string | null {
  const root = pageRootOf(post);
  if (!root) return null;
  const found = findInPageJson(root, (object) => {
    if (object['code'] !== shortcode || !Array.isArray(object['video_versions'])) return undefined;
    let best: { url: URL; width: number } | null = null;
    for (const version of object['video_versions'] as unknown[]) {
      if (!version || typeof version !== 'object') continue;
      const { url: raw, width } = version as { url?: unknown; width?: unknown };
      const url = httpUrl(typeof raw === 'string' ? raw : null, ORIGIN);
      const w = typeof width === 'number' ? width : 0;
      if (url?.protocol === 'https:' && CDN_HOST.test(url.hostname) && (!best || w > best.width)) best = { url, width: w };
    }
    return best?.url.href;
  });
  return found ?? null;
}

function mediaOf(post: Element, shortcode: string): ExtractedMedia[] {
  const media: ExtractedMedia[] = [];
  for (const el of own(post, 'img[src], video')) {
    if (el.closest('header')) continue;
    // A commenter's avatar links to their profile; a photo never does.
    const around = httpUrl(el.closest('a[href]')?.getAttribute('href'), ORIGIN);
    if (around && IG_HOSTS.has(around.hostname) && PROFILE_PATH.test(around.pathname)) continue;
    if (el.localName === 'video') {
      media.push(...videoElementMedia(el, ORIGIN, () => videoFileOf(post, shortcode), 'https://scontent.cdninstagram.com/', NO_FILE));
      continue;
    }
    const src = httpUrl(el.getAttribute('src'), ORIGIN);
    if (!src || !CDN_HOST.test(src.hostname)) continue;
    const widest = widestSrcsetUrl(el.getAttribute('srcset'), ORIGIN);
    const full = widest && CDN_HOST.test(widest.hostname) ? widest : src;
    media.push({ kind: 'image', sourceUrl: full.href, ...(full.href !== src.href ? { thumbnailUrl: src.href } : {}) });
  }
  return media;
}

/** The caption: an `<h1>` on the post's page; feed captions have no structural marker and are left out. */
function textOf(post: Element): string {
  const caption = own(post, 'h1')[0];
  return caption ? flowText(caption) : '';
}

function extract(post: Element, pageUrl: string): ExtractedPost | null {
  const link = ownLink(post, pageUrl);
  if (!link) return null;
  const author = authorOf(post);
  // The time in the post's own link: a comment's time (its link `/p/<id>/c/<comment>/`) may come first.
  const times = own(post, 'time[datetime]');
  const postTime = times.find((time) => postLink(time.closest('a')?.getAttribute('href'))?.id === link.id) ?? times[0];
  const postedAt = isoDatetime(postTime?.getAttribute('datetime'));
  const text = textOf(post);
  return extractedPost({
    platform: 'instagram',
    url: link.url,
    pageUrl,
    postId: link.id,
    author,
    postedAt,
    text,
    media: mediaOf(post, link.id),
    quoted: [],
  });
}

export const instagramAdapter: PlatformAdapter = {
  platform: 'instagram',
  name: 'Instagram',
  matches: ['https://www.instagram.com/*'],
  mediaHosts: ['https://*.cdninstagram.com/*', 'https://*.fbcdn.net/*'],
  // An article that has a timestamp is a post (older profile pages wrap their whole grid in one, without one): told
  // apart by postKey, not by a `:has()` here, which every element the feed adds would be matched against (types.ts).
  postSelector: 'article',
  // The like / comment / share / save row: the post's first section holding a button (usually its first section).
  buttonSlot: (post) => ownFirst(post, 'section', 'article', (section) => section.querySelector('button, [role="button"]') !== null),
  extract,
  postKey: (post) => (post.querySelector('time[datetime]') ? '' : null),
};
