import type { OutLink, QuotedPost } from '../schema/report';
import { backgroundImageUrl, capName, extractedPost, flowText, httpUrl, headerAbovePosts, isoDatetime, outLink, ownAll, ownFirst } from './read-dom';
import type { AccountOnPage, ExtractedMedia, ExtractedPost, PlatformAdapter } from './types';

// Telegram public channel previews (t.me/s/<channel>). The widget's class names
// (`tgme_widget_message_*`) are stable, semantic and the same on every page that embeds a post;
// they are what Telegram's own embed script keys on. Visible text is translated, so it is never read
// as a label.
//
// One post is `div.tgme_widget_message[data-post="<channel>/<id>"]`. Photos are drawn as the CSS
// `background-image` of `a.tgme_widget_message_photo_wrap` (an album is several of those, each
// linking to `<id>?single`); a video has a still in `i.tgme_widget_message_video_thumb` and, when
// the preview can play it, a `<video src>` on Telegram's CDN. A forwarded post names its origin in
// `a.tgme_widget_message_forwarded_from_name`; a reply quotes its parent in
// `a.tgme_widget_message_reply`, which is not this post's content.

const ORIGIN = 'https://t.me';
const T_ME_HOSTS = new Set(['t.me', 'telegram.me', 'www.t.me', 'www.telegram.me']);
const DATA_POST = /^([A-Za-z0-9_]{3,64})\/(\d{1,15})$/;
const POST_PATH = /^\/(?:s\/)?([A-Za-z0-9_]{3,64})\/(\d{1,15})\/?$/;

const POST = 'div.tgme_widget_message[data-post]';
/** Blocks inside a post that show another message: their text and media are not this post's. */
const FOREIGN = '.tgme_widget_message_reply';

const own = (post: Element, selector: string) => ownAll(post, selector, POST).filter((el) => !el.closest(FOREIGN));
const FOOTER = '.tgme_widget_message_footer';

/**
 * The footer with views and time, under the bubble: on every post the feed adds, so first where the page draws it (the
 * bubble's last element, the post's last: two steps), else the first of the post's own footers (ownFirst).
 */
function footerOf(post: Element): Element | null {
  const last = post.lastElementChild?.lastElementChild;
  if (last?.matches(FOOTER)) return last;
  return ownFirst(post, FOOTER, POST, (el) => !el.closest(FOREIGN));
}

/** The still of a video, or a photo: both are background images on Telegram's CDN. */
function mediumOf(el: Element): ExtractedMedia | null {
  if (el.matches('.tgme_widget_message_photo_wrap')) {
    const photo = backgroundImageUrl(el, ORIGIN);
    // Telegram serves one size: the URL in the page is the full-size file.
    return photo ? { kind: 'image', sourceUrl: photo.href } : null;
  }
  if (el.matches('.link_preview_image, .link_preview_right_image')) {
    const picture = backgroundImageUrl(el, ORIGIN);
    return picture ? { kind: 'image', sourceUrl: picture.href } : null;
  }
  // A video or round video player: `<video src>` when playable here, else its still.
  const thumb = el.querySelector('.tgme_widget_message_video_thumb, .tgme_widget_message_roundvideo_thumb');
  const still = thumb ? backgroundImageUrl(thumb, ORIGIN) : null;
  const video = el.querySelector('video');
  const direct = httpUrl(video?.getAttribute('src'), ORIGIN);
  if (direct) return { kind: 'video', sourceUrl: direct.href, ...(still ? { thumbnailUrl: still.href } : {}) };
  return still ? { kind: 'poster', sourceUrl: still.href } : null;
}

function mediaOf(post: Element): ExtractedMedia[] {
  const found = own(
    post,
    'a.tgme_widget_message_photo_wrap, .tgme_widget_message_video_player, .tgme_widget_message_roundvideo_player, ' +
      '.tgme_widget_message_link_preview .link_preview_image, .tgme_widget_message_link_preview .link_preview_right_image',
  ).map(mediumOf);
  return found.filter((medium) => medium !== null);
}

/** `https://t.me/<channel>/<id>` (or `/s/…`, telegram.me) → the canonical t.me permalink. */
function postLink(raw: string | null | undefined): { url: string; channel: string } | null {
  const url = httpUrl(raw, ORIGIN);
  const match = url && T_ME_HOSTS.has(url.hostname) ? POST_PATH.exec(url.pathname) : null;
  if (!match) return null;
  const [, channel = '', id = ''] = match;
  return { url: `${ORIGIN}/${channel}/${id}`, channel };
}

/** The forwarded-from origin, by reference; a hidden sender (no link to a post) cannot be named. */
function quotedOf(post: Element): QuotedPost[] {
  const quoted: QuotedPost[] = [];
  for (const from of own(post, 'a.tgme_widget_message_forwarded_from_name[href]')) {
    const link = postLink(from.getAttribute('href'));
    if (!link) continue;
    const displayName = capName(flowText(from));
    quoted.push({ url: link.url, author: { handle: `@${link.channel}`, ...(displayName ? { displayName } : {}) } });
  }
  return quoted;
}

/**
 * The message's links out: those of its text (Telegram writes the destination itself as the href; a hashtag is a
 * relative `?q=` search, not a link out) and its link preview (`a.tgme_widget_message_link_preview`, shown as the
 * site's name).
 */
function outLinksOf(post: Element): OutLink[] {
  const inText = own(post, '.tgme_widget_message_text a[href]')
    .filter((a) => /^https?:\/\//i.test(a.getAttribute('href') ?? ''))
    .map((a) => outLink(a.getAttribute('href'), ORIGIN, T_ME_HOSTS, flowText(a)));
  const previews = own(post, 'a.tgme_widget_message_link_preview[href]').map((a) => {
    const site = a.querySelector('.link_preview_site_name');
    return outLink(a.getAttribute('href'), ORIGIN, T_ME_HOSTS, site ? flowText(site) : undefined);
  });
  return [...inText, ...previews].filter((link) => link !== null);
}

const CHANNEL_PAGE = /^\/s\/([A-Za-z0-9_]{3,64})\/?$/;
const INFO = '.tgme_channel_info';
const HISTORY = '.tgme_channel_history';

/**
 * A channel's preview page (`t.me/s/<channel>`). Its header (`.tgme_channel_info`: photo, title, @username) is
 * read when drawn; without it (a narrow window, a saved page), each message names its channel and shows its photo
 * (`.tgme_widget_message_user_photo`), and the button goes at the top of the message list. The posts in view are
 * the channel's own messages (`data-post`), not forwarded ones.
 */
function readAccount(doc: ParentNode, pageUrl: string): AccountOnPage | null {
  const page = httpUrl(pageUrl, ORIGIN);
  const channel = page && T_ME_HOSTS.has(page.hostname) ? CHANNEL_PAGE.exec(page.pathname)?.[1] : undefined;
  if (!channel) return null;
  // The header, or the message list holding the posts, comes before them: the search stops at the first post (a
  // feed drawn without either is not searched whole, seven times after each navigation: account-button.ts).
  const top = headerAbovePosts(doc, `${INFO}, ${HISTORY}`, POST);
  if (!top) return null;
  // Found the list first: the header, if drawn, is elsewhere on the page (one search; the button is then placed).
  const info = top.matches(INFO) ? top : doc.querySelector(INFO);
  const header = info?.querySelector('.tgme_channel_info_header') ?? info ?? top;
  // Only once there is a header: the account button looks again while the page has none (account-button.ts).
  const posts = Array.from(doc.querySelectorAll(POST)).filter((post) => ownLink(post)?.channel.toLowerCase() === channel.toLowerCase());
  const firstPost = posts[0];
  const title = info?.querySelector('.tgme_channel_info_header_title') ?? (firstPost && own(firstPost, '.tgme_widget_message_owner_name')[0]);
  const displayName = title ? capName(flowText(title)) : '';
  const photo = info?.querySelector('.tgme_page_photo_image img[src]') ?? (firstPost && own(firstPost, '.tgme_widget_message_user_photo img[src]')[0]);
  const avatar = httpUrl(photo?.getAttribute('src'), ORIGIN);
  return {
    header,
    ...(info ? {} : { at: 'start' as const }),
    account: {
      handle: `@${channel}`,
      ...(displayName ? { displayName } : {}),
      url: `${ORIGIN}/${channel}`,
      ...(avatar ? { avatarUrl: avatar.href } : {}),
      recentPosts: posts.flatMap((post) => {
        const link = ownLink(post);
        return link ? [{ url: link.url, id: link.dataPost }] : [];
      }),
    },
  };
}

/** `data-post="channel/123"` → the message's t.me permalink. */
function ownLink(post: Element): { url: string; dataPost: string; channel: string } | null {
  const match = DATA_POST.exec(post.getAttribute('data-post') ?? '');
  if (!match) return null;
  const [dataPost, channel = '', id = ''] = match;
  return { url: `${ORIGIN}/${channel}/${id}`, dataPost, channel };
}

function extract(post: Element, pageUrl: string): ExtractedPost | null {
  const link = ownLink(post);
  if (!link) return null;
  const { dataPost, channel } = link;
  const owner = own(post, '.tgme_widget_message_owner_name')[0];
  const displayName = owner ? capName(flowText(owner)) : '';
  const postedAt = isoDatetime(own(post, '.tgme_widget_message_date time[datetime]')[0]?.getAttribute('datetime'));
  const body = own(post, '.tgme_widget_message_text')[0];
  // Emoji are `<tg-emoji><i class="emoji"><b>🧑‍🚒</b></i></tg-emoji>`: their text is the `<b>`'s.
  const text = body ? flowText(body) : '';
  const media = mediaOf(post);
  if (!postedAt && !text && media.length === 0) return null; // a shell, not (yet) a message
  return extractedPost({
    platform: 'telegram',
    url: link.url,
    pageUrl,
    postId: dataPost,
    author: { handle: `@${channel}`, displayName, url: `${ORIGIN}/${channel}` },
    postedAt,
    text,
    media,
    quoted: quotedOf(post),
    outLinks: outLinksOf(post),
  });
}

export const telegramAdapter: PlatformAdapter = {
  platform: 'telegram',
  name: 'Telegram',
  matches: ['https://t.me/s/*', 'https://telegram.me/s/*'],
  mediaHosts: ['https://*.cdn-telegram.org/*', 'https://*.telesco.pe/*'],
  postSelector: POST,
  buttonSlot: footerOf,
  extract,
  readAccount,
  // One attribute read.
  permalink: (post) => ownLink(post)?.url ?? null,
};
