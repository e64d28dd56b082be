import type { Author, QuotedPost } from '../schema/report';
import { capName, commonAncestor, extractedPost, headerAbovePosts, httpUrl, isoDatetime, isoFromEpochMs, visibleText } from './read-dom';
import type { AccountOnPage, ExtractedMedia, ExtractedPost, PlatformAdapter } from './types';

// Bluesky (bsky.app). Selectors use `data-testid`, `data-word-wrap` and link shapes only: the
// app is React Native Web, whose class names are generated, and its text is translated.
//
// Posts: a feed row `[data-testid="feedItem-by-<handle>"]` and a thread row
// `[data-testid="postThreadItem-by-<handle>"]`. A row links to itself from its timestamp
// (`a[href="/profile/<handle>/post/<rkey>"]`), except the thread's focal post, which has neither
// that link nor a `<time>`: its permalink is the page's URL. The rkey is a TID, which encodes the
// post's creation time. A quoted post is a link to another post that wraps the quote's content.

const ORIGIN = 'https://bsky.app';
const BSKY_HOSTS = new Set(['bsky.app', 'www.bsky.app']);
/** Handles are domain names; a DID stands in for an account whose handle is not verified. */
const ACTOR = '([A-Za-z0-9.-]{1,253}|did:[a-z]+:[A-Za-z0-9._:%-]{1,2048})';
const POST_PATH = new RegExp(`^/profile/${ACTOR}/post/([a-z2-7]{13})/?$`);
const STATS_PATH = new RegExp(`^/profile/${ACTOR}/post/([a-z2-7]{13})/(?:liked-by|reposted-by|quotes)/?$`);
const TESTID = /^(?:feedItem|postThreadItem)-by-(.+)$/;
const POSTS = ':is([data-testid^="feedItem-by-"], [data-testid^="postThreadItem-by-"])';
/** TIDs: base32-sortable, 13 characters, the first of which keeps the top bit 0. */
const TID = /^[234567a-j][234567a-z]{12}$/;
const TID_ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';
/** `cdn.bsky.app/img/avatar_thumbnail/plain/<did>/<cid>@jpeg` */
const AVATAR_DID = /^https:\/\/cdn\.bsky\.app\/img\/avatar(?:_thumbnail)?\/plain\/(did:[a-z]+:[A-Za-z0-9._:%-]{1,2048})\//;
const BIDI_MARKS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g;

/**
 * A TID's top 53 bits (after the always-zero sign bit) are microseconds since the Unix epoch; the
 * low 10 are a clock id. `3mdegyw3ves2t` → 2026-01-26T23:55:27.431Z.
 */
export function tidTime(rkey: string): string | undefined {
  if (!TID.test(rkey)) return undefined;
  let value = 0n;
  for (const char of rkey) value = value * 32n + BigInt(TID_ALPHABET.indexOf(char));
  return isoFromEpochMs(Number((value >> 10n) / 1000n));
}

interface PostLink {
  url: string;
  actor: string;
  rkey: string;
}

function postLink(raw: string | null | undefined, path = POST_PATH): PostLink | null {
  const url = httpUrl(raw, ORIGIN);
  const match = url && BSKY_HOSTS.has(url.hostname) ? path.exec(url.pathname) : null;
  if (!match) return null;
  const [, actor = '', rkey = ''] = match;
  return { url: `${ORIGIN}/profile/${actor}/post/${rkey}`, actor, rkey };
}

const sameActor = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Links to posts inside `post`, as elements with what they point to. */
function postLinks(post: Element): { element: Element; link: PostLink }[] {
  return Array.from(post.querySelectorAll('a[href]')).flatMap((element) => {
    const link = postLink(element.getAttribute('href'));
    return link ? [{ element, link }] : [];
  });
}

/**
 * The row's own permalink. The focal post of a thread (a thread row that is not itself a link to
 * open, or that shows the post's "liked by"/"reposted by" counts) has no link to itself: the page
 * URL names it, when it names a post by the same author. Any other row links to itself from its
 * timestamp, its first link to a post by its author (a quote of the author's own post comes later).
 */
/** The author as the row's `data-testid` names it (`feedItem-by-handle`). */
function actorOf(post: Element): string | undefined {
  return TESTID.exec(post.getAttribute('data-testid') ?? '')?.[1];
}

function ownLink(post: Element, actor: string, pageUrl: string): PostLink | null {
  const page = postLink(pageUrl);
  if (page && post.getAttribute('data-testid')?.startsWith('postThreadItem-by-')) {
    const statsForPage = Array.from(post.querySelectorAll('a[href]')).some((a) => {
      const stats = postLink(a.getAttribute('href'), STATS_PATH);
      return stats && stats.rkey === page.rkey && sameActor(stats.actor, page.actor);
    });
    const focal = statsForPage || post.getAttribute('role') !== 'link';
    // The page may name the author by DID: the stats links then confirm it is this row's post.
    if (focal && (statsForPage || sameActor(page.actor, actor))) return page;
  }
  return postLinks(post).find(({ link }) => sameActor(link.actor, actor))?.link ?? null;
}

/** Quote embeds: links to other posts, each wrapping the quoted post's content. */
function quoteBlocks(post: Element, own: PostLink): Element[] {
  return postLinks(post)
    .filter(({ link }) => link.rkey !== own.rkey || !sameActor(link.actor, own.actor))
    .map(({ element }) => element);
}

function authorOf(own: (selector: string) => Element[], actor: string): Author {
  const profileLinks = own('a[href]').filter((a) => {
    const url = httpUrl(a.getAttribute('href'), ORIGIN);
    return url && BSKY_HOSTS.has(url.hostname) && sameActor(url.pathname.replace(/\/$/, ''), `/profile/${actor}`);
  });
  // The name is the first text in a profile link that is not the "@handle" line.
  const lines = profileLinks.flatMap((a) => (a.matches('[dir="auto"]') ? [a] : Array.from(a.querySelectorAll('[dir="auto"]'))));
  const displayName = lines
    .map((line) => visibleText(line).replace(BIDI_MARKS, '').replace(/\s+/g, ' ').trim())
    .find((text) => text && !text.startsWith('@'));
  // The avatar's CDN path names the account's DID, which outlives handle changes.
  const did = profileLinks
    .map((a) => AVATAR_DID.exec(a.querySelector('img')?.getAttribute('src') ?? '')?.[1])
    .find(Boolean);
  return {
    handle: actor.startsWith('did:') ? actor : `@${actor}`,
    ...(displayName ? { displayName: capName(displayName) } : {}),
    url: `${ORIGIN}/profile/${actor}`,
    ...(did ? { id: did } : {}),
  };
}

/**
 * A video embed's HLS playlist. The player streams it from a `blob:` URL, but the embed's poster is
 * `video.bsky.app/watch/<did>/<cid>/thumbnail.jpg`, and the AppView names the same embed's playlist
 * `video.bsky.app/watch/<did>/<cid>/playlist.m3u8` (app.bsky.embed.video#view: `thumbnail`, `playlist`).
 */
const VIDEO_THUMBNAIL = /^\/watch\/[^/]+\/[^/]+\/thumbnail\.jpg$/;

function playlistOf(poster: URL): string | null {
  if (poster.hostname !== 'video.bsky.app' || !VIDEO_THUMBNAIL.test(poster.pathname)) return null;
  return `https://video.bsky.app${poster.pathname.replace(/thumbnail\.jpg$/, 'playlist.m3u8')}`;
}

/** Images at full size (`feed_thumbnail` → `feed_fullsize`), videos' poster frames and their streams. */
function mediaOf(own: (selector: string) => Element[]): ExtractedMedia[] {
  const media: ExtractedMedia[] = [];
  for (const el of own('img[src], video[poster]')) {
    const src = httpUrl(el.getAttribute(el.localName === 'video' ? 'poster' : 'src'), ORIGIN);
    // A video's poster; before the player starts, the embed may show the same thumbnail as an <img>.
    const stream = src && playlistOf(src);
    if (src && (el.localName === 'video' || stream)) {
      media.push({ kind: 'poster', sourceUrl: src.href });
      if (stream) media.push({ kind: 'video', sourceUrl: stream, thumbnailUrl: src.href });
      continue;
    }
    if (!src || src.hostname !== 'cdn.bsky.app' || !src.pathname.startsWith('/img/feed_thumbnail/')) continue;
    const full = new URL(src.href);
    full.pathname = src.pathname.replace('/img/feed_thumbnail/', '/img/feed_fullsize/');
    media.push({ kind: 'image', sourceUrl: full.href, thumbnailUrl: src.href });
  }
  return media;
}

function extract(post: Element, pageUrl: string): ExtractedPost | null {
  const actor = actorOf(post);
  if (!actor) return null;
  const link = ownLink(post, actor, pageUrl);
  if (!link) return null;
  const quotes = quoteBlocks(post, link);
  const own = (selector: string) =>
    Array.from(post.querySelectorAll(selector)).filter((el) => !quotes.some((quote) => quote.contains(el)));
  const body = own('[data-testid="postText"]')[0] ?? own('[data-word-wrap="1"]')[0];
  const text = body ? visibleText(body).trim() : '';
  const postedAt = isoDatetime(own('time[datetime]')[0]?.getAttribute('datetime')) ?? tidTime(link.rkey);
  const quoted: QuotedPost[] = quotes
    .filter((quote) => !quotes.some((outer) => outer !== quote && outer.contains(quote)))
    .map((quote) => postLink(quote.getAttribute('href'))!)
    .map((q) => ({ url: q.url, ...(q.actor.startsWith('did:') ? {} : { author: { handle: `@${q.actor}` } }) }));
  return extractedPost({
    platform: 'bluesky',
    url: link.url,
    pageUrl,
    postId: link.rkey,
    author: authorOf(own, actor),
    postedAt,
    text,
    media: mediaOf(own),
    quoted: quoted,
  });
}

const PROFILE_PAGE = new RegExp(`^/profile/${ACTOR}/?$`);

/**
 * A profile page (`/profile/<handle>`): `profileHeaderDisplayName` (its own text: a verification badge button sits
 * inside), the avatar in `profileHeaderAviButton`, the banner in `userBannerImage`; the posts in view are the feed's
 * rows by this handle. The button goes beside the display name.
 */
function readAccount(doc: ParentNode, pageUrl: string): AccountOnPage | null {
  const page = httpUrl(pageUrl, ORIGIN);
  const actor = page && BSKY_HOSTS.has(page.hostname) ? PROFILE_PAGE.exec(page.pathname)?.[1] : undefined;
  if (!actor) return null;
  const name = headerAbovePosts(doc, '[data-testid="profileHeaderDisplayName"]', POSTS);
  if (!name?.parentElement) return null;
  const displayName = capName(Array.from(name.childNodes, (node) => (node.nodeType === Node.TEXT_NODE ? node.nodeValue : '')).join('').trim());
  const image = (testid: string) => httpUrl(doc.querySelector(`[data-testid="${testid}"] img[src]`)?.getAttribute('src'), ORIGIN)?.href;
  const avatar = image('profileHeaderAviButton');
  const banner = image('userBannerImage');
  const rows = Array.from(doc.querySelectorAll(`[data-testid="feedItem-by-${CSS.escape(actor)}"]`));
  return {
    header: name.parentElement,
    account: {
      handle: `@${actor}`,
      ...(displayName ? { displayName } : {}),
      ...(actor.startsWith('did:') ? { id: actor } : {}),
      url: `${ORIGIN}/profile/${actor}`,
      ...(avatar ? { avatarUrl: avatar } : {}),
      ...(banner ? { bannerUrl: banner } : {}),
      recentPosts: rows.flatMap((row) => {
        const link = ownLink(row, actor, pageUrl);
        return link ? [{ url: link.url, id: link.rkey }] : [];
      }),
    },
  };
}

export const blueskyAdapter: PlatformAdapter = {
  platform: 'bluesky',
  name: 'Bluesky',
  matches: ['https://bsky.app/*'],
  mediaHosts: ['https://cdn.bsky.app/*', 'https://video.bsky.app/*'],
  postSelector: POSTS,
  // The row of reply/repost/like … share/options buttons.
  buttonSlot: (post) => {
    const reply = post.querySelector('[data-testid="replyBtn"]');
    const last = post.querySelector('[data-testid="postDropdownBtn"]') ?? post.querySelector('[data-testid="likeBtn"]');
    return reply && last ? commonAncestor(reply, last) : null;
  },
  extract,
  readAccount,
  // Attributes and links only.
  permalink: (post, pageUrl) => {
    const actor = actorOf(post);
    return (actor && ownLink(post, actor, pageUrl)?.url) ?? null;
  },
};
