import type { Author } from '../schema/report';
import { capName, commonAncestor, extractedPost, flowText, httpUrl, ownAll } from './read-dom';
import { findInPageJson, pageRootOf } from './page-json';
import type { ExtractedMedia, ExtractedPost, PlatformAdapter } from './types';
import { videoElementMedia } from './unnamed-video';

// Facebook (www.facebook.com). No real capture of the current markup exists (see the hand-built
// fixture's notes): this adapter relies on structure only, never on class names (generated per
// build) or text (translated). A post is a feed unit `div[aria-posinset]` or a
// `div[role="article"]`; comments are `div[role="article"]` too, but labelled (`aria-label`), and a
// feed unit holding an unlabelled article leaves the post to that article, so one post never gets
// two buttons. Inside a post: `data-ad-rendering-role` markers (profile_name, story_message,
// like_button, comment_button, share_button), `data-ad-preview="message"` on older renders, and
// links whose shape names a post (`/posts/`, `/permalink.php?story_fbid=`, `/photo/?fbid=`,
// `/videos/`, `/reel/`). The timestamp shows no machine-readable time: no postedAt.

const ORIGIN = 'https://www.facebook.com';
const FB_HOST = /^(?:www\.|web\.|m\.)?facebook\.com$/;
const ID = '[A-Za-z0-9_-]{1,100}';
const UNIT = 'div[aria-posinset], div[role="article"]';
const ARTICLE = 'div[role="article"]:not([aria-label])';
/**
 * A feed unit, or an article outside any unit. Not "a unit without an article, or an article": a `:has()`
 * here would cost more than the rest of decorating the post (types.ts), so a unit holding an article is
 * matched as a unit, and every method reads the article inside it (postRoot): one post, one button.
 */
const POST = `div[aria-posinset], ${ARTICLE}:not(div[aria-posinset] *)`;
/** First-path-segment names that are Facebook sections, not profiles. */
const RESERVED = new Set([
  'groups', 'watch', 'reel', 'reels', 'photo', 'photos', 'videos', 'events', 'marketplace', 'stories', 'hashtag',
  'pages', 'gaming', 'profile.php', 'permalink.php', 'story.php', 'photo.php', 'share', 'sharer', 'login', 'help',
]);

function fbUrl(raw: string | null | undefined): URL | null {
  const url = httpUrl(raw, ORIGIN);
  return url && FB_HOST.test(url.hostname) ? url : null;
}

interface PostLink {
  url: string;
  id: string;
  /** 0: the post itself; 1: a video or reel; 2: a photo (a post's photo links to the photo viewer). */
  rank: number;
}

/** A link that names a post → its canonical URL, tracking parameters (`__cft__`, `__tn__`) dropped. */
export function facebookPostLink(raw: string | null | undefined): PostLink | null {
  const url = fbUrl(raw);
  if (!url || url.searchParams.has('comment_id')) return null; // a comment's link, not the post's
  const path = url.pathname;
  let match = new RegExp(`^/((?:groups/)?[A-Za-z0-9.]{1,100})/posts/(${ID})/?$`).exec(path);
  if (match) return { url: `${ORIGIN}/${match[1]}/posts/${match[2]}`, id: match[2]!, rank: 0 };
  if (path === '/permalink.php' || path === '/story.php') {
    const story = url.searchParams.get('story_fbid') ?? '';
    const owner = url.searchParams.get('id') ?? '';
    if (!new RegExp(`^${ID}$`).test(story)) return null;
    const ownerParam = /^\d{1,30}$/.test(owner) ? `&id=${owner}` : '';
    return { url: `${ORIGIN}/permalink.php?story_fbid=${story}${ownerParam}`, id: story, rank: 0 };
  }
  match = new RegExp(`^/(?:([A-Za-z0-9.]{1,100})/videos/(?:[^/]{1,200}/)?|reel/)(\\d{1,30})/?$`).exec(path);
  if (match) {
    const [, owner, id = ''] = match;
    return { url: owner ? `${ORIGIN}/${owner}/videos/${id}` : `${ORIGIN}/reel/${id}`, id, rank: 1 };
  }
  if (path === '/watch/' || path === '/watch') {
    const id = url.searchParams.get('v') ?? '';
    return /^\d{1,30}$/.test(id) ? { url: `${ORIGIN}/watch/?v=${id}`, id, rank: 1 } : null;
  }
  if (path === '/photo/' || path === '/photo' || path === '/photo.php') {
    const id = url.searchParams.get('fbid') ?? '';
    return /^\d{1,30}$/.test(id) ? { url: `${ORIGIN}/photo/?fbid=${id}`, id, rank: 2 } : null;
  }
  return null;
}

/** `/name`, `/profile.php?id=N` or a group member's `/groups/G/user/N/` → the account. */
function accountOf(raw: string | null | undefined): { handle: string; url: string } | null {
  const url = fbUrl(raw);
  if (!url) return null;
  if (url.pathname === '/profile.php') {
    const id = url.searchParams.get('id') ?? '';
    return /^\d{1,30}$/.test(id) ? { handle: id, url: `${ORIGIN}/profile.php?id=${id}` } : null;
  }
  const member = /^\/groups\/[^/]{1,100}\/user\/(\d{1,30})\/?$/.exec(url.pathname)?.[1];
  if (member) return { handle: member, url: `${ORIGIN}/profile.php?id=${member}` };
  const name = /^\/([A-Za-z0-9.]{1,100})\/?$/.exec(url.pathname)?.[1];
  return name && !RESERVED.has(name.toLowerCase()) ? { handle: name, url: `${ORIGIN}/${name}` } : null;
}

const own = (post: Element, selector: string) => ownAll(post, selector, UNIT);

/** The post's own element: a feed unit's article when it holds one (the unit is then only its frame), else itself. */
function postRoot(post: Element): Element {
  return (post.hasAttribute('aria-posinset') && post.querySelector(ARTICLE)) || post;
}

const MARKER = 'data-ad-rendering-role';

/** The row's markers (like_button, comment_button, share_button): one attribute selector, as cheap as a query gets. */
const ROW_MARKER = `[${MARKER}$="_button"]`;

/**
 * The Like / Comment / Share row: the nearest element holding the post's own like marker and its first
 * comment or share marker (its own: a comment has them too). On every post the feed adds, so one query
 * of the row's markers, read in document order (a list of selectors, or one with the article's, costs
 * more than the reading: measured, docs/benchmarks.md).
 */
function buttonSlot(matched: Element): Element | null {
  const post = postRoot(matched);
  let like: Element | undefined;
  let other: Element | undefined;
  const markers = post.querySelectorAll(ROW_MARKER);
  // Indexed: a DOM list's iterator costs a call per step.
  for (let i = 0; i < markers.length; i++) {
    const marker = markers[i]!;
    const role = marker.getAttribute(MARKER);
    const isLike = role === 'like_button';
    if ((isLike ? like : other) || (!isLike && role !== 'comment_button' && role !== 'share_button')) continue;
    if (marker.closest(UNIT) !== post) continue;
    if (isLike) like = marker;
    else other = marker;
    if (like && other) return commonAncestor(like, other);
  }
  return null;
}

function authorOf(post: Element): Author | undefined {
  const links = [
    ...own(post, '[data-ad-rendering-role="profile_name"] a[href]'),
    ...own(post, 'h2 a[href], h3 a[href], h4 a[href]'),
  ];
  for (const link of links) {
    const account = accountOf(link.getAttribute('href'));
    if (!account) continue;
    const displayName = capName(flowText(link));
    return { handle: account.handle, ...(displayName ? { displayName } : {}), url: account.url };
  }
  return undefined;
}

/** The message, without its "See more" control (a `role="button"` inside it). */
function textOf(post: Element): string {
  const message = own(
    post,
    '[data-ad-rendering-role="story_message"], [data-ad-preview="message"], [data-ad-comet-preview="message"]',
  )[0];
  if (!message) return '';
  const copy = message.cloneNode(true) as Element;
  copy.querySelectorAll('[role="button"]').forEach((control) => control.remove());
  return flowText(copy);
}

/**
 * A streamed video's file, from the page's own data. Facebook plays it from a `blob:`, but the
 * server-rendered JSON (`<script type="application/json">`) describes the video object, keyed by its
 * id, with progressive MP4s on the CDN: `browser_native_hd_url` / `playable_url_quality_hd` (HD),
 * `browser_native_sd_url` / `playable_url` (SD). The id is the post's own video link
 * (`/<page>/videos/<id>`, `/reel/<id>`, `/watch/?v=<id>`): another post's video on the page has another.
 */
const VIDEO_URL_KEYS = ['browser_native_hd_url', 'playable_url_quality_hd', 'browser_native_sd_url', 'playable_url'];
const FBCDN = 'https://video.xx.fbcdn.net/';
const NO_FILE = "Facebook's page data names no file for this video";

function ownVideoIds(post: Element): Set<string> {
  const ids = new Set<string>();
  for (const a of own(post, 'a[href]')) {
    const href = a.getAttribute('href');
    const link = facebookPostLink(href);
    if (link?.rank === 1) ids.add(link.id);
    const watch = fbUrl(href);
    const v = watch?.pathname.replace(/\/$/, '') === '/watch' ? watch.searchParams.get('v') : null;
    if (v && /^\d{1,30}$/.test(v)) ids.add(v);
  }
  return ids;
}

function videoFileOf(post: Element): string | null {
  const ids = ownVideoIds(post);
  const root = pageRootOf(post);
  if (ids.size === 0 || !root) return null;
  const found = findInPageJson(root, (object) => {
    const id = object['id'] ?? object['videoId'];
    if (typeof id !== 'string' || !ids.has(id)) return undefined;
    for (const key of VIDEO_URL_KEYS) {
      const url = httpUrl(typeof object[key] === 'string' ? object[key] : null, ORIGIN);
      if (url?.protocol === 'https:' && /\.fbcdn\.net$/.test(url.hostname)) return url.href;
    }
    return undefined;
  });
  return found ?? null;
}

/**
 * Photos are `<img>` on the content CDN (`scontent…fbcdn.net`); avatars are SVG `<image>`s and
 * emoji come from `static.xx.fbcdn.net`, so neither is taken. The CDN URL is signed and cannot be
 * resized: it is the medium as served. Videos stream from `blob:`; a direct file or poster is used
 * when the page has one.
 */
function mediaOf(post: Element): ExtractedMedia[] {
  const media: ExtractedMedia[] = [];
  for (const el of own(post, 'img[src], video')) {
    if (el.closest('[data-ad-rendering-role="profile_name"], h2, h3, h4')) continue;
    if (el.localName === 'video') {
      media.push(...videoElementMedia(el, ORIGIN, () => videoFileOf(post), FBCDN, NO_FILE));
      continue;
    }
    const src = httpUrl(el.getAttribute('src'), ORIGIN);
    if (src && /^scontent[.-][a-z0-9.-]*\.fbcdn\.net$/.test(src.hostname)) media.push({ kind: 'image', sourceUrl: src.href });
  }
  return media;
}

/**
 * The post's own link of the best rank; else, for an article on a post's own page (not a feed
 * unit), the page URL. Facebook fills the timestamp's href only on hover, so a feed post without
 * any other post link is not (yet) identifiable: null.
 */
function ownLink(post: Element, pageUrl: string): PostLink | null {
  const links = own(post, 'a[href]')
    .map((a) => facebookPostLink(a.getAttribute('href')))
    .filter((link): link is PostLink => link !== null);
  const best = links.sort((a, b) => a.rank - b.rank)[0];
  if (best) return best;
  // The article of a feed unit is inside it (postRoot): a unit is a feed post, whichever element was matched.
  return post.closest('[aria-posinset]') ? null : facebookPostLink(pageUrl);
}

function extract(matched: Element, pageUrl: string): ExtractedPost | null {
  const post = postRoot(matched);
  const link = ownLink(post, pageUrl);
  if (!link) return null;
  const author = authorOf(post);
  const text = textOf(post);
  return extractedPost({
    platform: 'facebook',
    url: link.url,
    pageUrl,
    postId: link.id,
    author,
    text,
    media: mediaOf(post),
    quoted: [],
  });
}

export const facebookAdapter: PlatformAdapter = {
  platform: 'facebook',
  name: 'Facebook',
  matches: ['https://www.facebook.com/*', 'https://web.facebook.com/*'],
  mediaHosts: ['https://*.fbcdn.net/*'],
  postSelector: `:is(${POST})`,
  buttonSlot,
  extract,
};
