import type { Author } from '../schema/report';
import { capName, extractedPost, flowText, headerAbovePosts, httpUrl } from './read-dom';
import type { AccountOnPage, ExtractedMedia, ExtractedPost, PlatformAdapter } from './types';
import { pageRootOf } from './page-json';
import { storyboardSpecOnPage } from './youtube-storyboard';

// YouTube (www.youtube.com). Selectors use YouTube's custom element names, element ids and link
// shapes only: the page's class names change with every redesign and its text is translated.
//
// Posts: a home-grid item (`ytd-rich-item-renderer`, holding either the current
// `yt-lockup-view-model` or the older `ytd-rich-grid-media`), the watch page's metadata block
// (`ytd-watch-metadata`) and a Shorts player item (`ytd-reel-video-renderer`). YouTube recycles
// all three for other videos, hence `postKey`.

const ORIGIN = 'https://www.youtube.com';
const YT_HOSTS = new Set(['www.youtube.com', 'youtube.com', 'm.youtube.com']);
const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
const SHORTS_PATH = /^\/shorts\/([A-Za-z0-9_-]{11})(?:[/?#]|$)/;
/** A video's still on i.ytimg.com: `/vi/ID/hq720.jpg`, `/vi_webp/ID/…`. */
const THUMB_PATH = /^\/vi(?:_webp)?\/([A-Za-z0-9_-]{11})\//;
const CHANNEL_HANDLE = /^\/@([^/?#]{1,100})\/?$/;
const CHANNEL_ID = /^\/channel\/(UC[A-Za-z0-9_-]{22})\/?$/;

/** A grid item: a video, or a skeleton or ad slot, which link to no video (`postKey` null: no button). */
const GRID_ITEM = 'ytd-rich-item-renderer';
const WATCH = 'ytd-watch-metadata';
const SHORT = 'ytd-reel-video-renderer';

interface VideoRef {
  id: string;
  short: boolean;
}

/** The relative links YouTube writes itself, read without building a URL: this runs for every post of the feed. */
const RELATIVE_VIDEO = /^\/(?:watch\?v=([A-Za-z0-9_-]{11})(?:[&#]|$)|shorts\/([A-Za-z0-9_-]{11})(?:[/?#]|$))/;

/** `/watch?v=ID`, `/shorts/ID`, absolute or relative, on YouTube's own hosts only. */
function videoOfHref(raw: string | null | undefined): VideoRef | null {
  const relative = raw ? RELATIVE_VIDEO.exec(raw) : null;
  if (relative) return relative[1] ? { id: relative[1], short: false } : { id: relative[2]!, short: true };
  const url = httpUrl(raw, ORIGIN);
  if (!url || !YT_HOSTS.has(url.hostname)) return null;
  if (url.pathname === '/watch') {
    const id = url.searchParams.get('v') ?? '';
    return VIDEO_ID.test(id) ? { id, short: false } : null;
  }
  const short = SHORTS_PATH.exec(url.pathname)?.[1];
  return short ? { id: short, short: true } : null;
}

function permalink(video: VideoRef): string {
  return video.short ? `${ORIGIN}/shorts/${video.id}` : `${ORIGIN}/watch?v=${video.id}`;
}

/**
 * The video an element links to: its first `/watch?v=` or `/shorts/` link. The relative links
 * YouTube writes itself are looked for first: one query that stops at the thumbnail's link.
 */
function linkedVideo(post: Element): VideoRef | null {
  const own = videoOfHref(post.querySelector('a[href^="/watch?v="], a[href^="/shorts/"]')?.getAttribute('href'));
  if (own) return own;
  for (const a of post.querySelectorAll('a[href]')) {
    const video = videoOfHref(a.getAttribute('href'));
    if (video) return video;
  }
  return null;
}

/**
 * Which video a post element shows now. Grid items: their link. The watch page: the page URL when
 * it is a watch URL (what the reporter sees), else `ytd-watch-flexy[video-id]`. A Shorts item links
 * to no video of its own (a link in it may be a related video): the page URL names the active
 * item; the others are preloaded neighbours, which nothing identifies.
 */
function videoOf(post: Element, pageUrl: string | undefined): VideoRef | null {
  if (post.localName === WATCH) {
    const fromPage = videoOfHref(pageUrl);
    if (fromPage && !fromPage.short) return fromPage;
    const id = post.closest('ytd-watch-flexy')?.getAttribute('video-id') ?? '';
    return VIDEO_ID.test(id) ? { id, short: false } : null;
  }
  if (post.localName === SHORT) {
    const fromPage = post.hasAttribute('is-active') ? videoOfHref(pageUrl) : null;
    return fromPage?.short ? fromPage : null;
  }
  return linkedVideo(post);
}

/**
 * The channel link: `/@handle` (percent-encoded for non-Latin handles) or `/channel/UC…`. On the
 * watch page and in Shorts only the owner's block counts: titles and descriptions mention others.
 */
function authorOf(post: Element): Author | undefined {
  const scope =
    post.localName === WATCH
      ? post.querySelector('ytd-video-owner-renderer')
      : post.localName === SHORT
        ? post.querySelector('yt-reel-channel-bar-view-model')
        : post;
  if (!scope) return undefined;
  for (const a of scope.querySelectorAll('a[href]')) {
    const url = httpUrl(a.getAttribute('href'), ORIGIN);
    if (!url || !YT_HOSTS.has(url.hostname)) continue;
    const handle = CHANNEL_HANDLE.exec(url.pathname)?.[1];
    const channelId = CHANNEL_ID.exec(url.pathname)?.[1];
    if (!handle && !channelId) continue;
    let name = channelId ?? '';
    if (handle) {
      try {
        name = `@${decodeURIComponent(handle)}`;
      } catch {
        continue;
      }
    }
    // The channel name is the link's text; on the watch page the avatar link comes first, empty.
    const named = Array.from(scope.querySelectorAll('a[href]')).find(
      (other) => other.getAttribute('href') === a.getAttribute('href') && flowText(other),
    );
    // Shorts show the handle itself as the channel's name: that is no display name.
    const shown = named ? capName(flowText(named)) : '';
    const displayName = shown === name ? '' : shown;
    return {
      handle: name,
      ...(displayName ? { displayName } : {}),
      url: handle ? `${ORIGIN}/${name}` : `${ORIGIN}/channel/${channelId}`,
      ...(channelId ? { id: channelId } : {}),
    };
  }
  return undefined;
}

/** The title: the item's heading (its `title` attribute when the text is empty). */
function titleOf(post: Element): string {
  const heading = post.querySelector(post.localName === WATCH ? 'h1' : 'h3, h2');
  if (!heading) return '';
  const text = flowText(heading) || heading.getAttribute('title') || '';
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The video's still: `i.ytimg.com/vi/ID/maxresdefault.jpg`, the largest YouTube makes. The dialog
 * shows the still the page shows (`hq720.jpg?sqp=…`), or `hqdefault.jpg`, which every video has,
 * when the page shows none (the watch page and Shorts, or a grid item not yet loaded).
 */
function stillOf(post: Element, id: string): ExtractedMedia {
  const shown = Array.from(post.querySelectorAll('img[src]'), (img) => httpUrl(img.getAttribute('src'), ORIGIN)).find(
    (url) => url?.hostname === 'i.ytimg.com' && THUMB_PATH.exec(url.pathname)?.[1] === id,
  );
  return {
    kind: 'image',
    sourceUrl: `https://i.ytimg.com/vi/${id}/maxresdefault.jpg`,
    thumbnailUrl: shown?.href ?? `https://i.ytimg.com/vi/${id}/hqdefault.jpg`,
  };
}

/**
 * The video itself, as far as YouTube shows it without its player: its storyboard (the seek-bar preview
 * sheets on i.ytimg.com/sb/<id>/, hashed a PDQ per tile). Its streams are signed per session and
 * ciphered, so they are not fetched. On the watch page the player response in the page's own script
 * names the storyboard when it is this video's (not after in-app navigation to another); otherwise the
 * background reads it from the public watch page.
 */
function storyboardOf(post: Element, video: VideoRef): ExtractedMedia {
  const root = post.localName === WATCH ? pageRootOf(post) : null;
  const spec = root ? storyboardSpecOnPage(root, video.id) : undefined;
  return {
    kind: 'video',
    sourceUrl: `https://i.ytimg.com/sb/${video.id}/`,
    thumbnailUrl: `https://i.ytimg.com/vi/${video.id}/hqdefault.jpg`,
    locate: { from: 'storyboard', videoId: video.id, ...(spec ? { spec } : {}) },
  };
}

function extract(post: Element, pageUrl: string): ExtractedPost | null {
  const video = videoOf(post, pageUrl);
  if (!video) return null;
  const author = authorOf(post);
  const text = titleOf(post);
  // The watch page and Shorts name their video by URL: until the title or channel is drawn,
  // the element is not yet that video's.
  if (post.localName !== GRID_ITEM && !author && !text) return null;
  return extractedPost({
    platform: 'youtube',
    url: permalink(video),
    pageUrl,
    postId: video.id,
    author,
    // Grids show only "8 years ago" (translated); the watch page's date is text too: no postedAt.
    text,
    media: [stillOf(post, video.id), storyboardOf(post, video)],
    quoted: [],
  });
}

/** A channel picture on yt3.ggpht.com (`…=s48-c-k-…`): the largest size YouTube serves of it. */
function fullSizeChannelImage(raw: string | null | undefined): string | undefined {
  const url = httpUrl(raw, ORIGIN);
  if (!url) return undefined;
  return url.hostname.endsWith('.ggpht.com') || url.hostname.endsWith('.googleusercontent.com') ? url.href.replace(/=s\d+(-[^/]*)?$/, '=s0') : url.href;
}

/** The channel page's header (current and older layouts) and its pictures. */
const POSTS = `:is(${GRID_ITEM}, ${WATCH}, ${SHORT})`;
const CHANNEL_HEADER = 'yt-page-header-renderer, ytd-c4-tabbed-header-renderer, #page-header';
const CHANNEL_AVATAR = 'yt-decorated-avatar-view-model img[src], yt-avatar-shape img[src], #avatar img[src]';
const CHANNEL_BANNER = 'yt-image-banner-view-model img[src], #banner img[src]';

/**
 * The channel of the page: a channel page (`/@handle`, `/channel/UC…`: its header, avatar, banner, and the videos
 * of its grid in view), or a watch page, whose channel is the video's owner (`ytd-video-owner-renderer`, where the
 * button goes; the video itself is the one post in view).
 */
function readAccount(doc: ParentNode, pageUrl: string): AccountOnPage | null {
  const page = httpUrl(pageUrl, ORIGIN);
  if (!page || !YT_HOSTS.has(page.hostname)) return null;
  const owner = page.pathname === '/watch' ? doc.querySelector(`${WATCH} ytd-video-owner-renderer`) : null;
  if (owner) {
    const watch = owner.closest(WATCH)!;
    const author = authorOf(watch);
    if (!author?.url) return null;
    const video = videoOf(watch, pageUrl);
    const avatar = fullSizeChannelImage(owner.querySelector('#avatar img[src], img[src]')?.getAttribute('src'));
    return {
      header: owner,
      account: {
        handle: author.handle,
        ...(author.displayName ? { displayName: author.displayName } : {}),
        ...(author.id ? { id: author.id } : {}),
        url: author.url,
        ...(avatar ? { avatarUrl: avatar } : {}),
        recentPosts: video ? [{ url: permalink(video), id: video.id }] : [],
      },
    };
  }
  const handle = CHANNEL_HANDLE.exec(page.pathname.replace(/\/(?:videos|featured|shorts|streams)\/?$/, ''))?.[1];
  const channelId = CHANNEL_ID.exec(page.pathname)?.[1];
  if (!handle && !channelId) return null;
  const header = headerAbovePosts(doc, CHANNEL_HEADER, POSTS);
  if (!header) return null;
  let name: string;
  try {
    name = handle ? `@${decodeURIComponent(handle)}` : channelId!;
  } catch {
    return null;
  }
  const title = header.querySelector('h1');
  const displayName = title ? capName(flowText(title)) : '';
  const avatar = fullSizeChannelImage(header.querySelector(CHANNEL_AVATAR)?.getAttribute('src'));
  const banner = fullSizeChannelImage(header.querySelector(CHANNEL_BANNER)?.getAttribute('src'));
  const videos = Array.from(doc.querySelectorAll(GRID_ITEM)).flatMap((item) => {
    const video = videoOf(item, pageUrl);
    return video ? [{ url: permalink(video), id: video.id }] : [];
  });
  return {
    header,
    account: {
      handle: name,
      ...(displayName && displayName !== name ? { displayName } : {}),
      ...(channelId ? { id: channelId } : {}),
      url: handle ? `${ORIGIN}/${name}` : `${ORIGIN}/channel/${channelId}`,
      ...(avatar ? { avatarUrl: avatar } : {}),
      ...(banner ? { bannerUrl: banner } : {}),
      recentPosts: videos,
    },
  };
}

export const youtubeAdapter: PlatformAdapter = {
  platform: 'youtube',
  name: 'YouTube',
  matches: ['https://www.youtube.com/*'],
  // yt3.ggpht.com and yt3.googleusercontent.com: channel avatars and banners, hashed when a whole channel is reported.
  mediaHosts: ['https://i.ytimg.com/*', 'https://yt3.ggpht.com/*', 'https://yt3.googleusercontent.com/*'],
  // No `:has()` for "holds a video": it costs more than everything else the feed does per item.
  postSelector: POSTS,
  buttonSlot: (post) => {
    const slots =
      post.localName === WATCH
        ? ['#top-level-buttons-computed', '#actions']
        : post.localName === SHORT
          ? ['reel-action-bar-view-model', '#actions']
          : // Under the channel and view-count rows: the lockup's metadata, or the legacy meta block.
            ['yt-content-metadata-view-model', 'ytd-video-meta-block'];
    for (const selector of slots) {
      const slot = post.querySelector(selector);
      if (slot) return slot;
    }
    return null;
  },
  extract,
  readAccount,
  // Links (or the page URL) only.
  permalink: (post, pageUrl) => {
    const video = videoOf(post, pageUrl);
    return video ? permalink(video) : null;
  },
  // A grid item linking to no video holds none (skeleton, ad slot); the watch page and a preloaded
  // Short are always a video, even before anything names it.
  postKey: (post) => {
    try {
      // A grid item (the feed's every post) is its link: the page's URL, three reads more, is not needed there.
      if (post.localName === GRID_ITEM) return linkedVideo(post)?.id ?? null;
      const video = videoOf(post, post.ownerDocument?.location?.href);
      return video?.id ?? '';
    } catch {
      return null;
    }
  },
};
