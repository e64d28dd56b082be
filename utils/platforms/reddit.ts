import type { Author, OutLink } from '../schema/report';
import { backgroundImageUrl, capName, extractedPost, flowText, headerAbovePosts, httpUrl, isoDatetime, isoFromEpochMs, outLink, ownAll, ownFirst } from './read-dom';
import type { AccountOnPage, ExtractedMedia, ExtractedPost, PlatformAdapter } from './types';
import { unnamedVideo } from './unnamed-video';

// Reddit, both layouts. Selectors use custom elements, their attributes, `slot`s and `data-*`
// attributes; old Reddit's class names (`thing`, `buttons`, `expando`) are semantic and have not
// changed in a decade. Visible text is translated and never read as a label.
//
// New Reddit: `<shreddit-post>` carries the post in attributes (`permalink`, `author`,
// `created-timestamp`, `post-title`, `content-href`, `post-type`, `id="t3_…"`); its body and media
// are light-DOM children in slots (`text-body`, `post-media-container`, `credit-bar`).
// Old Reddit: `div.thing[data-fullname^="t3_"]` carries `data-permalink`, `data-author`,
// `data-author-fullname`, `data-timestamp`, `data-url`; the time is also a `<time datetime>`.
// A link post's outbound URL (old `data-url`, new `content-href`) is one of its out-links; a self
// post's points at the post itself and is not.

const ORIGIN = 'https://www.reddit.com';
const REDDIT_HOST = /(^|\.)reddit\.com$/;
/** Reddit's media and short-link hosts (i.redd.it, v.redd.it, preview.redd.it, redd.it). */
const REDD_IT_HOST = /(^|\.)redd\.it$/;
const PERMALINK_PATH = /^\/r\/[A-Za-z0-9_]{2,30}\/comments\/([a-z0-9]{1,12})(?:\/|$)/;
const USERNAME = /^[A-Za-z0-9_-]{1,40}$/;
const FULLNAME = /^t3_[a-z0-9]{1,12}$/;
const MEDIA_FILE = /\.(?:jpe?g|png|gif|webp|avif)$/i;

const NEW_POST = 'shreddit-post';
const OLD_POST = 'div.thing[data-fullname^="t3_"]';

/** The origin to build links on: the page's own Reddit host (old.reddit.com stays old), else www. */
function originOf(pageUrl: string): string {
  const page = httpUrl(pageUrl, ORIGIN);
  return page && REDDIT_HOST.test(page.hostname) ? `https://${page.hostname}` : ORIGIN;
}

/** A post permalink on a Reddit host, query and fragment dropped, https, trailing slash kept. */
function permalinkOf(raw: string | null | undefined, origin: string): { url: string; id: string } | null {
  const url = httpUrl(raw, origin);
  if (!url || !REDDIT_HOST.test(url.hostname)) return null;
  const id = PERMALINK_PATH.exec(url.pathname)?.[1];
  return id ? { url: `https://${url.hostname}${url.pathname}`, id } : null;
}

function authorOf(name: string | null | undefined, origin: string, id?: string | null): Author | undefined {
  if (!name || !USERNAME.test(name)) return undefined; // "[deleted]" is no one
  return { handle: `u/${name}`, url: `${origin}/user/${name}/`, ...(id && /^t2_[a-z0-9]{1,12}$/.test(id) ? { id } : {}) };
}

/**
 * Full-size Reddit image: i.redd.it as is; `preview.redd.it/<name>.<ext>?width=…` is a resized copy
 * of `i.redd.it/<name>.<ext>` (gallery previews prefix a slug: `<slug>-v0-<name>.<ext>`).
 */
function fullSizeImage(raw: string | null | undefined, base: string): ExtractedMedia | null {
  const url = httpUrl(raw, base);
  if (!url) return null;
  if (url.hostname === 'i.redd.it' && MEDIA_FILE.test(url.pathname)) return { kind: 'image', sourceUrl: url.href };
  if (url.hostname === 'preview.redd.it' && MEDIA_FILE.test(url.pathname)) {
    const name = url.pathname.slice(1).replace(/^.*-v0-/, '');
    return /^[A-Za-z0-9]+\.[a-z]+$/i.test(name)
      ? { kind: 'image', sourceUrl: `https://i.redd.it/${name}`, thumbnailUrl: url.href }
      : null;
  }
  return null;
}

/**
 * A v.redd.it video's own stream. The players stream through MSE (`blob:`), but the page names the
 * manifest: new Reddit's `<shreddit-player src="https://v.redd.it/<id>/HLSPlaylist.m3u8?…">`, old
 * Reddit's `div.reddit-video-player-root[data-hls-url][data-mpd-url]` (inside the expando, or still
 * in its `data-cachedhtml` while the expando is closed). HLS first, as the players use it; DASH else.
 * The query (`a=…` signature) is kept: v.redd.it may refuse the manifest without it.
 */
const STREAM_MANIFEST = /\.(?:m3u8|mpd)$/;
const UNNAMED_STREAM = "Reddit does not name this video's v.redd.it stream on the page";

function redditStream(raw: string | null | undefined, origin: string): string | null {
  const url = httpUrl(raw, origin);
  return url && url.hostname === 'v.redd.it' && STREAM_MANIFEST.test(url.pathname) ? url.href : null;
}

/** Old Reddit's closed expando keeps its player as escaped markup: the two attributes, read without parsing it. */
function cachedStream(cachedHtml: string | null | undefined, origin: string): string | null {
  for (const name of ['data-hls-url', 'data-mpd-url']) {
    const value = new RegExp(`${name}="([^"]{1,2048})"`).exec(cachedHtml ?? '')?.[1]?.replaceAll('&amp;', '&');
    const stream = redditStream(value, origin);
    if (stream) return stream;
  }
  return null;
}

function videoMedium(stream: string | null, poster: string | undefined): ExtractedMedia {
  if (!stream) return unnamedVideo('https://v.redd.it/', UNNAMED_STREAM, poster);
  return { kind: 'video', sourceUrl: stream, ...(poster ? { thumbnailUrl: poster } : {}) };
}

function present(media: (ExtractedMedia | null)[]): ExtractedMedia[] {
  return media.filter((medium) => medium !== null);
}

function joinText(title: string, body: string): string {
  return [title.replace(/\s+/g, ' ').trim(), body].filter(Boolean).join('\n\n');
}

/** Reddit's own hosts, its media hosts and short links (`redd.it`) included. */
const REDDIT_HOSTS = { has: (host: string) => REDDIT_HOST.test(host) || REDD_IT_HOST.test(host) };

/**
 * A link post's target when it leaves Reddit (on Reddit it is the post's own image, gallery or self post), and the
 * links of the body, but not the post's own permalink.
 */
function outLinksOf(target: string | null, body: Element | null, origin: string, own: string): OutLink[] {
  const away = outLink(target, origin, REDDIT_HOSTS);
  const inBody = Array.from(body?.querySelectorAll('a[href^="http"]') ?? [], (a) => outLink(a.getAttribute('href'), origin, REDDIT_HOSTS));
  return [away?.offPlatform ? away : null, ...inBody].filter((link) => link !== null && permalinkOf(link.url, origin)?.url !== own) as OutLink[];
}

const ACCOUNT_PATH = /^\/(r|u|user)\/([\w-]{2,40})\/?$/;
/** A subreddit's id (a user's profile is a subreddit too, `u_<name>`). */
const SUBREDDIT_ID = /^t5_[a-z0-9]{1,12}$/;
/**
 * Reddit files the pictures of a subreddit or a profile under the subreddit's own id, named by what they are:
 * `styles.redditmedia.com/<t5 id>/styles/communityIcon_….png`, `…/bannerBackgroundImage_…`, a profile's
 * `profileIcon_…` and `profileBanner_…`. The file's name, not the page's layout, says which picture it is.
 */
const STYLES_ORIGIN = 'https://styles.redditmedia.com/';
const AVATAR_FILE = /^(?:community|profile)Icon_/;
const BANNER_FILE = /^(?:bannerBackgroundImage|profileBanner)_/;

/**
 * A subreddit's avatar and banner: anywhere on the page (the header draws them in its shadow root or beside it, as
 * images or CSS backgrounds), but only those filed under its own id, so another community's icon (the side
 * menu's) is never taken for its.
 */
function picturesOf(doc: ParentNode, id: string, origin: string): Pick<AccountOnPage['account'], 'avatarUrl' | 'bannerUrl'> {
  const found: Pick<AccountOnPage['account'], 'avatarUrl' | 'bannerUrl'> = {};
  const folder = `${STYLES_ORIGIN}${id}/styles/`;
  for (const element of doc.querySelectorAll(`[src*="/${id}/styles/"], [style*="/${id}/styles/"]`)) {
    const href = (httpUrl(element.getAttribute('src'), origin) ?? backgroundImageUrl(element, origin))?.href ?? '';
    const file = href.startsWith(folder) ? href.slice(folder.length) : '';
    if (AVATAR_FILE.test(file)) found.avatarUrl ??= href;
    else if (BANNER_FILE.test(file)) found.bannerUrl ??= href;
  }
  return found;
}

/**
 * A subreddit (`/r/<name>/`) or a user's page (`/user/<name>/`), old or new Reddit, named as Reddit names them
 * (`r/<name>`, `u/<name>`). The header: new Reddit's `shreddit-subreddit-header`, which carries the subreddit's
 * `display-name` and `subreddit-id` (its pictures are found by that id: picturesOf); else old Reddit's sidebar
 * title box, whose heading is the name as shown, and a subreddit's own header picture (`img#header-img`) its
 * banner. Pictures on other hosts than the adapter's media hosts are dropped by guarded(). The posts in view: the
 * listing's posts (on a user's page, theirs only).
 */
function readAccount(doc: ParentNode, pageUrl: string): AccountOnPage | null {
  const origin = originOf(pageUrl);
  const match = ACCOUNT_PATH.exec(httpUrl(pageUrl, origin)?.pathname ?? '');
  // The header (new Reddit's, or old Reddit's sidebar) comes before the posts: the search stops at the first post.
  const header = match && headerAbovePosts(doc, 'shreddit-subreddit-header, .side .titlebox', `:is(${NEW_POST}, ${OLD_POST})`);
  if (!match || !header) return null;
  const [, kind = '', name = ''] = match;
  const user = kind !== 'r';
  const posts = Array.from(doc.querySelectorAll(`:is(${NEW_POST}, ${OLD_POST})`)).filter(
    (post) => !user || (post.getAttribute('author') ?? post.getAttribute('data-author')) === name,
  );
  const heading = header.querySelector('h1');
  const shownName = (header.getAttribute('display-name') ?? (heading ? flowText(heading) : '')).trim();
  const id = header.getAttribute('subreddit-id') ?? '';
  const oldBanner = user ? null : httpUrl(doc.querySelector('img#header-img')?.getAttribute('src'), origin);
  return {
    header,
    account: {
      handle: `${user ? 'u' : 'r'}/${name}`,
      ...(shownName ? { displayName: capName(shownName) } : {}),
      ...(SUBREDDIT_ID.test(id) ? { id, ...picturesOf(doc, id, origin) } : {}),
      ...(oldBanner ? { bannerUrl: oldBanner.href } : {}),
      url: `${origin}/${user ? 'user' : 'r'}/${name}/`,
      recentPosts: posts.flatMap((post) => {
        const link = ownLink(post, origin);
        return link ? [{ url: link.url, id: `t3_${link.id}` }] : [];
      }),
    },
  };
}

/** The post's permalink attribute: `permalink` on new Reddit, `data-permalink` on old. */
function ownLink(post: Element, origin: string): { url: string; id: string } | null {
  return permalinkOf(post.getAttribute(post.localName === NEW_POST ? 'permalink' : 'data-permalink'), origin);
}

function extractNew(post: Element, pageUrl: string): ExtractedPost | null {
  const origin = originOf(pageUrl);
  const link = ownLink(post, origin);
  if (!link) return null;
  const fullname = post.getAttribute('id') ?? '';
  const author = authorOf(post.getAttribute('author'), origin, post.getAttribute('author-id'));
  const postedAt = isoDatetime(post.getAttribute('created-timestamp'));
  const titleSlot = post.querySelector('[slot="title"]');
  const title = post.getAttribute('post-title') || (titleSlot ? flowText(titleSlot) : '');
  const bodyElement = post.querySelector('[slot="text-body"]');
  const text = joinText(title, bodyElement ? flowText(bodyElement) : '');
  const container = post.querySelector('[slot="post-media-container"]');
  const type = post.getAttribute('post-type');
  const media: (ExtractedMedia | null)[] = [];
  if (type === 'image') {
    // The post's image is its content-href (i.redd.it); the page shows a resized preview of it.
    const shown = httpUrl(container?.querySelector('img[src]')?.getAttribute('src'), origin);
    const own = fullSizeImage(post.getAttribute('content-href'), origin);
    if (!own) media.push(fullSizeImage(shown?.href, origin));
    else media.push(shown && shown.href !== own.sourceUrl ? { ...own, thumbnailUrl: shown.href } : own);
  } else if (container) {
    // Gallery slides (preview.redd.it, resized) and a video's poster frame.
    for (const img of container.querySelectorAll('img[src]')) media.push(fullSizeImage(img.getAttribute('src'), origin));
    for (const player of container.querySelectorAll('shreddit-player[poster], shreddit-player-2[poster], video[poster]')) {
      const poster = httpUrl(player.getAttribute('poster'), origin);
      const shown = poster && REDD_IT_HOST.test(poster.hostname) ? poster.href : undefined;
      if (shown) media.push({ kind: 'poster', sourceUrl: shown });
      // A video post's player; a GIF's player (`gif`, an mp4 on preview.redd.it) keeps its poster only.
      if (player.localName !== 'video' && type === 'video') {
        media.push(videoMedium(redditStream(player.getAttribute('src'), origin), shown));
      }
    }
  }
  const outLinks = outLinksOf(post.getAttribute('content-href'), bodyElement, origin, link.url);
  return redditPost({ link, fullname, pageUrl, author, postedAt, text, media, outLinks });
}

function extractOld(post: Element, pageUrl: string): ExtractedPost | null {
  const origin = originOf(pageUrl);
  const link = ownLink(post, origin);
  if (!link) return null;
  // Its own elements, not those of a post nested in it (a crosspost's).
  const own = (selector: string) => ownAll(post, selector, 'div.thing')[0] ?? null;
  const fullname = post.getAttribute('data-fullname') ?? '';
  const author = authorOf(post.getAttribute('data-author'), origin, post.getAttribute('data-author-fullname'));
  const stamp = Number(post.getAttribute('data-timestamp'));
  const postedAt = isoDatetime(own('p.tagline time[datetime]')?.getAttribute('datetime')) ?? isoFromEpochMs(stamp);
  const titleLink = own('p.title a.title');
  const title = titleLink ? flowText(titleLink) : '';
  // A self post's body, when the page shows it (its comments page, or an opened expando).
  const body = own('.expando .usertext-body .md');
  const text = joinText(title, body ? flowText(body) : '');
  const thumbnail = httpUrl(own('a.thumbnail img[src]')?.getAttribute('src'), origin);
  const linked = fullSizeImage(post.getAttribute('data-url'), origin);
  const player = own('.expando [data-hls-url], .expando [data-mpd-url]');
  const stream = player
    ? (redditStream(player.getAttribute('data-hls-url'), origin) ?? redditStream(player.getAttribute('data-mpd-url'), origin))
    : cachedStream(own('.expando[data-cachedhtml]')?.getAttribute('data-cachedhtml'), origin);
  const media = [
    linked && thumbnail ? { ...linked, thumbnailUrl: thumbnail.href } : linked,
    ...ownAll(post, '.expando img[src]', 'div.thing').map((img) => fullSizeImage(img.getAttribute('src'), origin)),
    ...(stream ? [videoMedium(stream, thumbnail?.href)] : []),
  ];
  const outLinks = outLinksOf(post.getAttribute('data-url'), body, origin, link.url);
  return redditPost({ link, fullname, pageUrl, author, postedAt, text, media, outLinks });
}

/** Both layouts end the same way: the post id is the fullname (`t3_…`) when the page gives it. */
function redditPost(read: {
  link: { url: string; id: string };
  fullname: string;
  pageUrl: string;
  author: ExtractedPost['author'];
  postedAt: string | undefined;
  text: string;
  media: Parameters<typeof present>[0];
  outLinks: OutLink[];
}): ExtractedPost {
  const { link, fullname, pageUrl, author, postedAt, text, media, outLinks } = read;
  return extractedPost({
    platform: 'reddit',
    url: link.url,
    pageUrl,
    postId: FULLNAME.test(fullname) ? fullname : `t3_${link.id}`,
    author,
    postedAt,
    text,
    media: present(media),
    quoted: [],
    outLinks,
  });
}

function extract(post: Element, pageUrl: string): ExtractedPost | null {
  return post.localName === NEW_POST ? extractNew(post, pageUrl) : extractOld(post, pageUrl);
}

export const redditAdapter: PlatformAdapter = {
  platform: 'reddit',
  name: 'Reddit',
  matches: ['https://www.reddit.com/*', 'https://old.reddit.com/*', 'https://sh.reddit.com/*'],
  // v.redd.it: the manifests and segments of Reddit-hosted videos (see redditStream). styles.redditmedia.com: the
  // avatars and banners of subreddits and profiles; *.thumbs.redditmedia.com: old Reddit's header pictures (and its
  // posts' thumbnails). Not www.redditstatic.com: Reddit's own default pictures, the same for everyone, hash nothing.
  mediaHosts: [
    'https://i.redd.it/*', 'https://preview.redd.it/*', 'https://external-preview.redd.it/*', 'https://v.redd.it/*',
    'https://styles.redditmedia.com/*', 'https://*.thumbs.redditmedia.com/*',
  ],
  postSelector: `:is(${NEW_POST}, ${OLD_POST})`,
  // New Reddit's action row is in the element's shadow root; the credit bar (author, time) is the
  // post's own light DOM. Old Reddit: the row of links under the title (comments, share, save…).
  buttonSlot: (post) =>
    post.localName === NEW_POST
      ? post.querySelector(':scope > [slot="credit-bar"]')
      : ownFirst(post, 'ul.buttons', 'div.thing'),
  extract,
  readAccount,
  // One attribute read.
  permalink: (post, pageUrl) => ownLink(post, originOf(pageUrl))?.url ?? null,
};
