import type { Author, OutLink, QuotedPost, RecentPost } from '../schema/report';
import { backgroundImageUrl, capName, extractedPost, headerAbovePosts, httpUrl, outLink, visibleText } from './read-dom';
import type { AccountOnPage, ExtractedMedia, ExtractedPost, PlatformAdapter } from './types';
import { unnamedVideo } from './unnamed-video';

// X (Twitter). Selectors use data-testid, ARIA roles and tag names only: class names are
// generated per build and visible text is translated.

const X_HOSTS = new Set(['x.com', 'www.x.com', 'twitter.com', 'www.twitter.com', 'mobile.twitter.com']);
const STATUS_PATH = /^\/([A-Za-z0-9_]{1,50})\/status\/(\d{1,30})(?:\/|$)/;
const PROFILE_PATH = /^\/([A-Za-z0-9_]{1,50})\/?$/;
const ISO_DATETIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)$/;
// pbs.twimg.com folders that serve `?format=…&name=orig`.
const RESIZABLE = /^\/(media|card_img|ext_tw_video_thumb|amplify_video_thumb|tweet_video_thumb)\//;
/** A quoted tweet renders as a clickable `div[role="link"]` inside the quoting article. */
const QUOTE = 'div[role="link"]';
const POST = 'article[data-testid="tweet"]';

/** Parses an href, relative ones against x.com; only short http(s) URLs survive. */
function safeUrl(raw: string | null | undefined): URL | null {
  return httpUrl(raw, 'https://x.com');
}

/** `/handle/status/id/photo/1` on x.com or twitter.com → the canonical x.com permalink. */
function permalink(raw: string | null | undefined): { url: string; handle: string; id: string } | null {
  const url = safeUrl(raw);
  const match = url && X_HOSTS.has(url.hostname) ? STATUS_PATH.exec(url.pathname) : null;
  if (!match) return null;
  const [, handle = '', id = ''] = match;
  return { url: `https://x.com/${handle}/status/${id}`, handle, id };
}

/** Whether `el` belongs to `post` itself, not to a quoted tweet or a nested article. */
function isOwn(el: Element, post: Element): boolean {
  const quote = el.closest(QUOTE);
  return el.closest('article') === post && !(quote && quote !== post && post.contains(quote));
}

function ownAll(post: Element, selector: string): Element[] {
  return Array.from(post.querySelectorAll(selector)).filter((el) => isOwn(el, post));
}

/**
 * Reads `[data-testid="User-Name"]`: a name block, then a block with "@handle · time".
 * The profile link's href is trusted over text (a display name may itself read "@someone");
 * quoted tweets have no links, so there the text is all there is.
 */
function authorOf(userName: Element | null | undefined): Author | undefined {
  const name = handleOf(userName);
  if (!userName || !name) return undefined;
  const nameBlock = userName.firstElementChild;
  const displayName = nameBlock ? capName(visibleText(nameBlock.querySelector('[dir]') ?? nameBlock).trim()) : '';
  return { handle: `@${name}`, ...(displayName ? { displayName } : {}), url: `https://x.com/${name}` };
}

/** The handle (without `@`) from `[data-testid="User-Name"]`: the profile link, else the "@handle" text. */
function handleOf(userName: Element | null | undefined): string | undefined {
  if (!userName) return undefined;
  const linked = Array.from(userName.querySelectorAll('a[href]'), (a) => {
    const url = safeUrl(a.getAttribute('href'));
    return url && X_HOSTS.has(url.hostname) ? PROFILE_PATH.exec(url.pathname)?.[1] : undefined;
  }).find(Boolean);
  const rest = Array.from(userName.children).slice(1).map((el) => el.textContent ?? '').join(' ');
  return linked ?? /@([A-Za-z0-9_]{1,50})/.exec(rest)?.[1];
}

/** `pbs.twimg.com/media/ID?format=png&name=small` or `…/media/ID.jpg` → `…/media/ID?format=…&name=orig`. */
function fullSize(src: string): string {
  const url = safeUrl(src);
  if (!url || url.hostname !== 'pbs.twimg.com' || !RESIZABLE.test(url.pathname)) return src;
  const ext = /\.(jpe?g|png|webp|gif)$/i.exec(url.pathname);
  const path = ext ? url.pathname.slice(0, ext.index) : url.pathname;
  const format = url.searchParams.get('format') ?? ext?.[1]?.toLowerCase();
  return `https://pbs.twimg.com${path}?${format ? `format=${encodeURIComponent(format)}&` : ''}name=orig`;
}

/**
 * A streamed video's own stream, next to its poster. X plays videos through MSE from a `blob:` URL;
 * the HLS playlists live at `video.twimg.com/{amplify_video,ext_tw_video}/<media id>/…/pl/<random>.m3u8`,
 * and the random name is nowhere in the DOM. The poster (`pbs.twimg.com/{amplify_video_thumb,
 * ext_tw_video_thumb}/<media id>/…`) names the media id, so the medium names the stream's folder and
 * asks the background for the playlist the page's player requested under it. A poster that names no
 * media id (older posts keep theirs in /media/) leaves the stream unknowable: said so in `error`.
 */
const VIDEO_THUMB = /^\/(amplify_video|ext_tw_video)_thumb\/(\d{1,30})\//;

function streamOf(poster: URL): ExtractedMedia {
  const match = poster.hostname === 'pbs.twimg.com' ? VIDEO_THUMB.exec(poster.pathname) : null;
  if (!match) return unnamedVideo('https://video.twimg.com/', "X does not name this video's stream on the page (its poster names no media id)", poster.href);
  const [, folder = '', id = ''] = match;
  return {
    kind: 'video',
    sourceUrl: `https://video.twimg.com/${folder}/${id}/`,
    thumbnailUrl: poster.href,
    locate: { from: 'tab-requests', mediaId: id },
  };
}

/**
 * The media of a photo `<img>`, a link-card `<img>` or a `<video>`.
 * Link-card images are reported as images: the card is drawn inside the post and its picture
 * (the linked page's preview, hosted on pbs.twimg.com/card_img) is part of what the reader sees,
 * so it is worth hashing; the card's t.co link itself has no field in ExtractedPost.
 */
function mediumOf(el: Element): ExtractedMedia[] {
  if (el.localName === 'video') {
    const src = el.getAttribute('src') ?? el.querySelector('source')?.getAttribute('src');
    const poster = safeUrl(el.getAttribute('poster'));
    const direct = safeUrl(src);
    // A direct mp4 is a GIF (X serves those from video.twimg.com/tweet_video/); real videos stream
    // from a `blob:` URL that only the page can read: their poster frame, and the stream found by its media id.
    if (direct) {
      const kind = direct.pathname.startsWith('/tweet_video/') ? 'gif' : 'video';
      return [{ kind, sourceUrl: direct.href, ...(poster ? { thumbnailUrl: poster.href } : {}) }];
    }
    return poster ? [{ kind: 'poster', sourceUrl: fullSize(poster.href), thumbnailUrl: poster.href }, streamOf(poster)] : [];
  }
  if (el.closest('[data-testid="videoPlayer"]')) return []; // the player's still overlay, not a photo
  const src = safeUrl(el.getAttribute('src'));
  if (!src) return [];
  const inCard = !el.closest('[data-testid="tweetPhoto"]');
  if (inCard && src.hostname !== 'pbs.twimg.com') return []; // cards also hold logos, emoji
  return [{ kind: 'image', sourceUrl: fullSize(src.href), thumbnailUrl: src.href }];
}

function mediaOf(post: Element): ExtractedMedia[] {
  const found = ownAll(
    post,
    '[data-testid="tweetPhoto"] img, [data-testid="videoPlayer"] video, [data-testid="card.wrapper"] img',
  ).flatMap(mediumOf);
  const unique = new Map<string, ExtractedMedia>();
  // Streams X does not name all share one placeholder URL: each keeps its entry, told apart by its poster.
  const keyOf = (medium: ExtractedMedia) => (medium.error ? `${medium.sourceUrl} ${medium.thumbnailUrl}` : medium.sourceUrl);
  for (const medium of found) if (!unique.has(keyOf(medium))) unique.set(keyOf(medium), medium);
  return [...unique.values()];
}

/**
 * Quoted tweets by reference only. Their `<time>` is not inside a link, so the permalink comes
 * from whatever status link the block has (in practice `/handle/status/id/photo/1`); a quote
 * without any such link cannot be identified and is left out.
 */
function quotedOf(post: Element): QuotedPost[] {
  const blocks = Array.from(post.querySelectorAll(QUOTE)).filter(
    (block) => block.closest('article') === post && !block.parentElement?.closest(QUOTE),
  );
  const quoted: QuotedPost[] = [];
  for (const block of blocks) {
    const hrefs = Array.from(block.querySelectorAll('a[href]'), (a) => a.getAttribute('href'));
    const link = hrefs.map(permalink).find(Boolean);
    if (!link) continue;
    const author = authorOf(block.querySelector('[data-testid="User-Name"]'));
    quoted.push({
      url: link.url,
      // Handle and name only, as the quote shows them: nothing else of the quote is ours to report.
      ...(author ? { author: { handle: author.handle, displayName: author.displayName } } : {}),
    });
  }
  return quoted;
}

/**
 * The post's permalink: its own `<time>` link; else any own link to one of the author's statuses
 * (photo, analytics); else, for the focal tweet of a status page (`tabindex="-1"`), the page URL.
 * Only the focal tweet may borrow the page URL: a reply or ad on the same page must not.
 */
function ownPermalink(post: Element, handle: () => string | undefined, pageUrl: string) {
  // The time's link first, and the other links only without one: this runs for every post on the feed.
  const timeLink = ownAll(post, 'time').map((t) => permalink(t.closest('a')?.getAttribute('href'))).find(Boolean);
  if (timeLink) return timeLink;
  const links = ownAll(post, 'a[href]').map((a) => permalink(a.getAttribute('href')));
  const author = handle()?.toLowerCase();
  const byAuthor = links.find((link) => link && link.handle.toLowerCase() === author);
  return byAuthor ?? (post.getAttribute('tabindex') === '-1' ? permalink(pageUrl) : null);
}

/** X's own hosts, its link shortener included: a link elsewhere leaves the platform. */
const X_OWN_HOSTS = new Set([...X_HOSTS, 't.co']);
const DOMAIN = /^(?:[a-z0-9-]{1,63}\.)+[a-z]{2,63}$/i;

/**
 * The post's links out. Every outbound link on X goes through `t.co`; the page shows where it leads:
 * - in the text, the anchor's text is the whole destination (X hides its scheme and tail in `aria-hidden` spans,
 *   still in the DOM), so the link is reported as that destination, shown as the t.co link it is;
 * - a link card shows only the destination's domain, as the first word of its link's `aria-label` (the domain,
 *   then the page's title): the t.co link is reported, leaving X unless that domain is X's, shown as the domain.
 */
function outLinksOf(post: Element): OutLink[] {
  const inText = ownAll(post, '[data-testid="tweetText"] a[href]').map((a) => {
    const href = safeUrl(a.getAttribute('href'));
    if (!href || href.hostname !== 't.co') return null;
    const shown = (a.textContent ?? '').replace(/…$/, '').trim();
    const destination = httpUrl(/^https?:\/\//.test(shown) ? shown : null, 'https://x.com');
    return outLink(destination?.href ?? href.href, 'https://x.com', destination ? X_OWN_HOSTS : new Set(X_HOSTS));
  });
  const inCards = ownAll(post, '[data-testid="card.wrapper"] a[href]').map((a) => {
    const href = safeUrl(a.getAttribute('href'));
    if (!href || href.hostname !== 't.co') return null;
    const domain = (a.getAttribute('aria-label') ?? '').trim().split(/\s+/)[0] ?? '';
    if (!DOMAIN.test(domain)) return outLink(href.href, 'https://x.com', new Set(X_HOSTS));
    const link = outLink(href.href, 'https://x.com', new Set(X_HOSTS), domain);
    return link && { ...link, offPlatform: !X_HOSTS.has(domain.toLowerCase()) };
  });
  // A card's two links (picture and domain line) are one link: the first, which carries the domain, is kept.
  return [...inText, ...inCards].filter((link) => link !== null);
}

/** `…/profile_images/…/name_400x400.jpg` → the original upload (`…/name.jpg`). */
function fullSizeAvatar(url: URL): string {
  return url.href.replace(/_(?:normal|bigger|mini|x96|reasonably_small|\d+x\d+)(\.[a-z]+)$/i, '$1');
}

/**
 * A profile page (`x.com/<handle>`): its header is `[data-testid="UserName"]` (name, then "@handle"), the avatar
 * links to `/<handle>/photo` and the banner to `/<handle>/header_photo`; the banner's URL holds the account's
 * numeric id (`profile_banners/<id>/…`). The posts in view are the timeline's own tweets by this handle.
 */
function readAccount(doc: ParentNode, pageUrl: string): AccountOnPage | null {
  const page = safeUrl(pageUrl);
  const handle = page && X_HOSTS.has(page.hostname) ? PROFILE_PATH.exec(page.pathname)?.[1] : undefined;
  if (!handle) return null;
  const header = headerAbovePosts(doc, '[data-testid="primaryColumn"] [data-testid="UserName"]', POST);
  if (!header) return null;
  const shown = /@([A-Za-z0-9_]{1,50})/.exec(Array.from(header.querySelectorAll('[dir]'), (el) => el.textContent ?? '').join(' '))?.[1];
  if (shown && shown.toLowerCase() !== handle.toLowerCase()) return null; // the header of another profile, still drawn
  const nameBlock = header.querySelector('[dir]');
  const displayName = nameBlock ? capName(visibleText(nameBlock).trim()) : '';
  const imageOf = (suffix: string) => {
    const link = Array.from(doc.querySelectorAll('[data-testid="primaryColumn"] a[href]'))
      .find((a) => a.getAttribute('href')?.toLowerCase() === `/${handle.toLowerCase()}/${suffix}`);
    const img = link?.querySelector('img[src]');
    return safeUrl(img?.getAttribute('src')) ?? (link?.querySelector('[style*="background-image"]') ? backgroundImageUrl(link.querySelector('[style*="background-image"]')!, 'https://x.com') : null);
  };
  const avatar = imageOf('photo');
  const banner = imageOf('header_photo');
  const id = banner ? /^\/profile_banners\/(\d{1,30})\//.exec(banner.pathname)?.[1] : undefined;
  const recentPosts: RecentPost[] = Array.from(doc.querySelectorAll('[data-testid="primaryColumn"] article[data-testid="tweet"]'))
    .map((post) => ownPermalink(post, () => handleOf(ownAll(post, '[data-testid="User-Name"]')[0]), pageUrl))
    .filter((link) => link !== null && link.handle.toLowerCase() === handle.toLowerCase())
    .map((link) => ({ url: link!.url, id: link!.id }));
  return {
    header,
    account: {
      handle: `@${handle}`,
      ...(displayName ? { displayName } : {}),
      ...(id ? { id } : {}),
      url: `https://x.com/${handle}`,
      ...(avatar ? { avatarUrl: fullSizeAvatar(avatar) } : {}),
      ...(banner ? { bannerUrl: banner.href } : {}),
      recentPosts,
    },
  };
}

const ACTIONS = '[data-testid="reply"], [data-testid="like"]';

/**
 * The fast path, on every post of the feed: a timeline tweet's action bar is the group found by
 * going down its last elements (saved pages: ~7 levels, where a query of the whole post would
 * visit ~200 elements before reaching it). A quote's group, or one in a nested article, is not the post's own.
 */
function lastBar(post: Element): Element | null {
  for (let el = post.lastElementChild; el; el = el.lastElementChild) {
    const role = el.getAttribute('role');
    if (role === 'group') return el.closest('article') === post ? el : null;
    if (role === 'link') return null;
  }
  return null;
}

function extract(post: Element, pageUrl: string): ExtractedPost | null {
  const userName = ownAll(post, '[data-testid="User-Name"]')[0];
  const author = authorOf(userName);
  const link = ownPermalink(post, () => handleOf(userName), pageUrl);
  if (!link) return null;
  const postedAt = ownAll(post, 'time[datetime]')
    .map((time) => time.getAttribute('datetime') ?? '')
    .find((value) => ISO_DATETIME.test(value));
  const tweetText = ownAll(post, '[data-testid="tweetText"]')[0];
  const text = tweetText ? visibleText(tweetText).trim() : '';
  return extractedPost({
    platform: 'x',
    url: link.url,
    pageUrl,
    postId: link.id,
    author,
    postedAt,
    text,
    media: mediaOf(post),
    quoted: quotedOf(post),
    outLinks: outLinksOf(post),
  });
}

export const xAdapter: PlatformAdapter = {
  platform: 'x',
  name: 'X',
  matches: ['https://x.com/*', 'https://twitter.com/*', 'https://mobile.twitter.com/*'],
  mediaHosts: ['https://pbs.twimg.com/*', 'https://video.twimg.com/*'],
  // The HLS playlists of streamed videos (see streamOf): their names are only in the player's requests.
  streamRequests: ['https://video.twimg.com/*.m3u8*'],
  postSelector: POST,
  // The own action bar (reply/like/…); a quoted tweet's group, should it have one, is not ours.
  buttonSlot: (post) => {
    const last = lastBar(post);
    if (last) return last;
    // A focal tweet (status page) has more after its bar: look for the own bar holding reply or like.
    const groups = ownAll(post, '[role="group"]');
    return groups.find((group) => group.querySelector(ACTIONS)) ?? groups.at(-1) ?? null;
  },
  extract,
  readAccount,
  // Links and the author's handle only (no post text, no layout): cheap enough for every decorated post.
  permalink: (post, pageUrl) => ownPermalink(post, () => handleOf(ownAll(post, '[data-testid="User-Name"]')[0]), pageUrl)?.url ?? null,
};
