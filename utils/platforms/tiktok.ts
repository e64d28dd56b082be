import type { Author } from '../schema/report';
import { capName, extractedPost, headerAbovePosts, httpUrl, isoFromEpochMs, visibleText } from './read-dom';
import { findInPageJson, pageRootOf } from './page-json';
import type { AccountOnPage, ExtractedMedia, ExtractedPost, PlatformAdapter } from './types';
import { unnamedVideo, withoutStream } from './unnamed-video';

// TikTok (www.tiktok.com). Selectors use `data-e2e` attributes (TikTok's own test hooks), element
// ids and link shapes only: class names are generated per build, and text is translated.
//
// Posts: an item of the video page's feed (`article[data-e2e="recommend-list-item-container"]`),
// which has no link to itself (its id is only in the player's `div#xgwrapper-<n>-<id>`), and a
// profile-grid tile (`div[data-e2e="user-post-item"]`), which links to `/@user/video/<id>`.

const ORIGIN = 'https://www.tiktok.com';
const TIKTOK_HOSTS = new Set(['www.tiktok.com', 'tiktok.com', 'm.tiktok.com']);
const POST_PATH = /^\/@([A-Za-z0-9_.]{1,64})\/(video|photo)\/(\d{1,25})\/?$/;
const PROFILE_PATH = /^\/@([A-Za-z0-9_.]{1,64})\/?$/;
const PLAYER_ID = /^xgwrapper-\d+-(\d{1,25})$/;

const FEED_ITEM = 'article[data-e2e="recommend-list-item-container"]';
const GRID_TILE = 'div[data-e2e="user-post-item"]';
const POSTS = `:is(${FEED_ITEM}, ${GRID_TILE})`;

function tiktokUrl(raw: string | null | undefined): URL | null {
  const url = httpUrl(raw, ORIGIN);
  return url && TIKTOK_HOSTS.has(url.hostname) ? url : null;
}

/**
 * A TikTok id is a snowflake: its top 32 bits are the upload time in unix seconds
 * (7571863205253778710 >> 32 = 1762961783, 2025-11-12T15:36:23Z). BigInt: the id exceeds 2^53.
 */
export function tiktokIdTime(id: string): string | undefined {
  if (!/^\d{15,25}$/.test(id)) return undefined;
  return isoFromEpochMs(Number(BigInt(id) >> 32n) * 1000);
}

function authorFrom(handle: string): Author {
  return { handle: `@${handle}`, url: `${ORIGIN}/@${handle}` };
}

interface PostRef {
  url: string;
  id: string;
  handle: string;
  kind: 'video' | 'photo';
}

/** A feed item: the author from its avatar link, the id from its player. */
function feedItemRef(post: Element): PostRef | null {
  const avatar = tiktokUrl(post.querySelector('a[data-e2e="video-author-avatar"]')?.getAttribute('href'));
  const handle = avatar ? PROFILE_PATH.exec(avatar.pathname)?.[1] : undefined;
  const players = post.querySelectorAll('div[id^="xgwrapper-"]');
  let id: string | undefined;
  for (let i = 0; i < players.length && !id; i++) id = PLAYER_ID.exec(players[i]!.id)?.[1];
  if (!handle || !id) return null;
  return { url: `${ORIGIN}/@${handle}/video/${id}`, id, handle, kind: 'video' };
}

/**
 * A post link as TikTok writes it (absolute on its host, or from the root, nothing to normalise): read
 * without parsing a URL, as postKey does for every tile the feed adds. Anything else is parsed.
 */
const PLAIN_POST_LINK = /^(?:https?:\/\/(?:www\.|m\.)?tiktok\.com)?(\/@[A-Za-z0-9_.]{1,64}\/(?:video|photo)\/\d{1,25}\/?)$/;

/** A link's post, if it names one. */
function linkRef(link: Element): PostRef | null {
  const href = link.getAttribute('href') ?? '';
  const path = PLAIN_POST_LINK.exec(href)?.[1] ?? tiktokUrl(href)?.pathname;
  const match = path ? POST_PATH.exec(path) : null;
  if (!match) return null;
  const [, handle = '', kind = 'video', id = ''] = match;
  return { url: `${ORIGIN}/@${handle}/${kind}/${id}`, id, handle, kind: kind === 'photo' ? 'photo' : 'video' };
}

/**
 * A grid tile: its one `/@user/video/<id>` (or `/photo/<id>`) link. The tile's first link is that one (the
 * cover): a query that stops there, where one of every link visits the whole tile (postKey: every tile added).
 */
function tileRef(post: Element): PostRef | null {
  const first = post.querySelector('a[href]');
  const ref = first && linkRef(first);
  if (ref || !first) return ref;
  const links = post.querySelectorAll('a[href]');
  // Indexed: a DOM list's iterator costs a call per step.
  for (let i = 1; i < links.length; i++) {
    const found = linkRef(links[i]!);
    if (found) return found;
  }
  return null;
}

/**
 * The cover image (`picture img`; avatars are not in a `<picture>`), as a poster frame of the video,
 * or as an image for a photo post. TikTok serves it at origin size already
 * (`~tplv-tiktokx-origin.image`), so it is both the medium and the thumbnail. A lazy `data:`
 * placeholder is skipped. The `<video>` streams from a `blob:` URL the background cannot fetch; a
 * direct https source, where TikTok gives one, is the video itself.
 */
function mediaOf(post: Element, ref: PostRef): ExtractedMedia[] {
  const cover = httpUrl(post.querySelector('picture img[src]')?.getAttribute('src'), ORIGIN);
  const video = post.querySelector('video');
  const direct = httpUrl(video?.getAttribute('src') ?? video?.querySelector('source')?.getAttribute('src'), ORIGIN);
  const thumbnail = cover ? { thumbnailUrl: cover.href } : {};
  if (direct && ref.kind === 'video') return [{ kind: 'video', sourceUrl: direct.href, ...thumbnail }];
  const media: ExtractedMedia[] = cover ? [{ kind: ref.kind === 'photo' ? 'image' : 'poster', sourceUrl: cover.href }] : [];
  if (ref.kind === 'video' && video) media.push({ ...videoFileOf(post, ref.id), ...thumbnail });
  return media;
}

/**
 * A streamed video's own file. The page's data (`<script type="application/json"
 * id="__UNIVERSAL_DATA_FOR_REHYDRATION__">`) describes the item by its id, with `video.playAddr` and
 * `video.downloadAddr`. TikTok's web CDN serves those only with the site's `tt_chain_token` cookie
 * (the URLs end `tk=tt_chain_token`; without it: HTTP 403), and the background never sends cookies:
 * such a file is not fetched, the medium says why, and the cover (the poster) stands in (its PDQ is still hashed).
 * A file on the declared CDN hosts is tried, and a 403 from it gets the same explanation
 * (TIKTOK_NEEDS_COOKIES, utils/background/locate-streams.ts).
 */
export const TIKTOK_NEEDS_COOKIES = withoutStream(
  "TikTok serves this video only with the site's cookies (tt_chain_token), which Flagpost never sends",
);
const NO_FILE = "TikTok's page data names no file for this video";
const CDN_ROOT = 'https://www.tiktokcdn.com/';
const CDN_HOST = /(^|\.)tiktokcdn(-eu|-us)?\.com$/;

function videoFileOf(post: Element, id: string): ExtractedMedia {
  const root = pageRootOf(post);
  const found =
    root &&
    findInPageJson(root, (object) => {
      const video = object['video'];
      if (object['id'] !== id || !video || typeof video !== 'object') return undefined;
      const { playAddr, downloadAddr } = video as { playAddr?: unknown; downloadAddr?: unknown };
      const raw = [playAddr, downloadAddr].find((value): value is string => typeof value === 'string' && value !== '');
      return raw ? (httpUrl(raw, ORIGIN) ?? undefined) : undefined;
    });
  if (!found) return unnamedVideo(CDN_ROOT, NO_FILE);
  const cookieBound = found.searchParams.get('tk') === 'tt_chain_token' || !CDN_HOST.test(found.hostname);
  return cookieBound ? { kind: 'video', sourceUrl: CDN_ROOT, error: TIKTOK_NEEDS_COOKIES } : { kind: 'video', sourceUrl: found.href };
}

/** The caption: `video-desc` in the feed (mentions and hashtags are links inside it); a tile's cover `alt`. */
function textOf(post: Element): string {
  const desc = post.querySelector('[data-e2e="video-desc"]');
  const text = desc ? visibleText(desc) : (post.querySelector('picture img[alt]')?.getAttribute('alt') ?? '');
  return text.trim();
}

/** A feed item is the post selector's one `<article>`; a grid tile its one `<div>` (no selector to match again). */
function refOf(post: Element): PostRef | null {
  return post.localName === 'article' ? feedItemRef(post) : tileRef(post);
}

function extract(post: Element, pageUrl: string): ExtractedPost | null {
  const ref = refOf(post);
  if (!ref) return null;
  const postedAt = tiktokIdTime(ref.id);
  const text = textOf(post);
  return extractedPost({
    platform: 'tiktok',
    url: ref.url,
    pageUrl,
    postId: ref.id,
    author: authorFrom(ref.handle),
    postedAt,
    text,
    media: mediaOf(post, ref),
    quoted: [],
  });
}

/**
 * A profile page (`/@handle`): the header's `h1[data-e2e="user-title"]` (the handle) and `h2[data-e2e="user-subtitle"]`
 * (the name), the avatar in `[data-e2e="user-avatar"]`, the grid's tiles by this handle as the posts in view.
 * Apart from the feed's selectors: read only on a profile page, and when the user reports.
 */
function readAccount(doc: ParentNode, pageUrl: string): AccountOnPage | null {
  const page = tiktokUrl(pageUrl);
  const handle = page ? PROFILE_PATH.exec(page.pathname)?.[1] : undefined;
  if (!handle) return null;
  const title = headerAbovePosts(doc, 'h1[data-e2e="user-title"]', POSTS);
  if (!title || visibleText(title).trim().toLowerCase() !== handle.toLowerCase()) return null;
  const subtitle = doc.querySelector('h2[data-e2e="user-subtitle"]');
  const displayName = subtitle ? capName(visibleText(subtitle).trim()) : '';
  const avatar = httpUrl(doc.querySelector('[data-e2e="user-avatar"] img[src]')?.getAttribute('src'), ORIGIN);
  return {
    header: title.parentElement ?? title,
    account: {
      ...authorFrom(handle),
      url: `${ORIGIN}/@${handle}`,
      ...(displayName && displayName !== handle ? { displayName } : {}),
      ...(avatar ? { avatarUrl: avatar.href } : {}),
      recentPosts: Array.from(doc.querySelectorAll(GRID_TILE), tileRef)
        .filter((ref) => ref?.handle.toLowerCase() === handle.toLowerCase())
        .map((ref) => ({ url: ref!.url, id: ref!.id })),
    },
  };
}

export const tiktokAdapter: PlatformAdapter = {
  platform: 'tiktok',
  name: 'TikTok',
  matches: ['https://www.tiktok.com/*'],
  mediaHosts: ['https://*.tiktokcdn.com/*', 'https://*.tiktokcdn-eu.com/*', 'https://*.tiktokcdn-us.com/*'],
  // No `:has()` (types.ts): the feed renders most items hollow until they scroll near, and a hollow
  // one is told apart by postKey (null: no author or player yet), so it gets no button until it hydrates.
  postSelector: POSTS,
  // The feed item's action column (avatar, like, comment, share); a grid tile has none, so is not searched.
  buttonSlot: (post) => (post.localName === 'article' ? (post.querySelector('[data-e2e="like-icon"]')?.closest('section') ?? null) : null),
  extract,
  readAccount,
  // The feed keeps its <article>s and swaps what is inside as it scrolls (hollow, then hydrated).
  postKey: (post) => {
    try {
      return refOf(post)?.id ?? null;
    } catch {
      return null;
    }
  },
  // Links and the player's id only.
  permalink: (post) => refOf(post)?.url ?? null,
};
