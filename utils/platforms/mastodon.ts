import type { Author, QuotedPost } from '../schema/report';
import { capName, extractedPost, flowText, httpUrl, isoDatetime, outLink, ownAll, ownFirst } from './read-dom';
import type { AccountOnPage, ExtractedMedia, ExtractedPost, PlatformAdapter } from './types';

// Mastodon's web app, on any instance (and forks that keep its markup, such as glitch-soc).
// Found by markup, not host: `detect` looks for the app's mount point or its status markup. Its
// class names (`status__*`, `detailed-status__*`, `media-gallery__*`) are semantic, stable across
// versions and the same on every instance; visible text is translated and never read as a label.
//
// Posts: a timeline status `div.status[data-id]` (inside `div.status__wrapper`) and the focal
// status of a thread page, `div.detailed-status`. A quoted post (Mastodon 4.4+) is a nested
// `div.status.status--is-quote[data-id]`: it is referenced, never merged, and gets no button.
// Links are relative to the instance (`/@user/123`, `/@user@remote.example/123`): they resolve
// against the page, so a permalink is the post as this instance shows it.

const POST = 'div.status[data-id]:not(.status--is-quote), div.detailed-status';
const ANY_STATUS = 'div.status[data-id], div.detailed-status';
const STATUS_PATH = /^\/@([A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9.-]{1,253})?)\/(\d{1,20})\/?$/;
const ACCOUNT_PATH = /^\/@([A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9.-]{1,253})?)\/?$/;

/** Elements of `status` itself, not of a status nested in it (a quote). */
const ownAllOf = (status: Element, selector: string) => ownAll(status, selector, ANY_STATUS);
const own = (status: Element, selector: string): Element | null => ownFirst(status, selector, ANY_STATUS);

/** `@user` on this instance is `@user@<instance>`: the handle names the account's home. */
function fullAcct(acct: string, instance: string): string {
  return acct.includes('@') ? `@${acct}` : `@${acct}@${instance}`;
}

function statusLink(status: Element, base: URL): { url: string; id: string; acct: string } | null {
  const anchor = own(status, 'a.status__relative-time[href], a.detailed-status__datetime[href]');
  const url = httpUrl(anchor?.getAttribute('href'), base.href);
  if (!url || url.protocol !== 'https:') return null;
  const match = STATUS_PATH.exec(url.pathname);
  if (!match) return null;
  const [, acct = '', id = ''] = match;
  return { url: `${url.origin}${url.pathname}`, id, acct };
}

/** The account from the display-name link: `title` holds the acct in timelines, the href everywhere. */
function authorOf(status: Element, base: URL, fallbackAcct: string): Author {
  const link = own(status, 'a.status__display-name, a.detailed-status__display-name');
  const url = httpUrl(link?.getAttribute('href'), base.href);
  const fromHref = url ? ACCOUNT_PATH.exec(url.pathname)?.[1] : undefined;
  const title = link?.getAttribute('title') ?? '';
  const acct = fromHref ?? (ACCOUNT_PATH.test(`/@${title}`) ? title : fallbackAcct);
  const nameElement = link?.querySelector('.display-name__html');
  const displayName = nameElement ? capName(flowText(nameElement)) : '';
  return {
    handle: fullAcct(acct, base.hostname),
    ...(displayName ? { displayName } : {}),
    url: url && fromHref ? `${url.origin}${url.pathname}` : `${base.origin}/@${acct}`,
  };
}

/**
 * Media, in order: gallery images at their original (`a.media-gallery__item-thumbnail[href]`, the
 * `<img>` inside is the small rendition), GIFs (`video.media-gallery__item-gifv-thumbnail`),
 * videos (`.video-player video`, a direct file with its preview as poster) and a link card's image.
 */
function mediaOf(status: Element, base: URL): ExtractedMedia[] {
  const media: ExtractedMedia[] = [];
  const selector =
    '.media-gallery a.media-gallery__item-thumbnail[href], .media-gallery video.media-gallery__item-gifv-thumbnail, ' +
    '.video-player video, .status-card img.status-card__image-image';
  for (const el of ownAllOf(status, selector)) {
    if (el.localName === 'a') {
      const original = httpUrl(el.getAttribute('href'), base.href);
      const small = httpUrl(el.querySelector('img')?.getAttribute('src'), base.href);
      const thumbnail = small && small.href !== original?.href ? { thumbnailUrl: small.href } : {};
      if (original) media.push({ kind: 'image', sourceUrl: original.href, ...thumbnail });
    } else if (el.localName === 'video') {
      const src = httpUrl(el.getAttribute('src') ?? el.querySelector('source')?.getAttribute('src'), base.href);
      const poster = httpUrl(el.getAttribute('poster'), base.href);
      const kind = el.matches('.media-gallery__item-gifv-thumbnail') ? 'gif' : 'video';
      if (src) media.push({ kind, sourceUrl: src.href, ...(poster ? { thumbnailUrl: poster.href } : {}) });
      else if (poster) media.push({ kind: 'poster', sourceUrl: poster.href });
    } else {
      const src = httpUrl(el.getAttribute('src'), base.href);
      if (src) media.push({ kind: 'image', sourceUrl: src.href });
    }
  }
  return media;
}

/** Quoted statuses, by reference: their permalink and account, nothing of their content. */
function quotedOf(status: Element, base: URL): QuotedPost[] {
  const nested = Array.from(status.querySelectorAll('div.status[data-id]')).filter(
    (quote) => quote.parentElement?.closest(ANY_STATUS) === status,
  );
  return nested.flatMap((quote) => {
    const link = statusLink(quote, base);
    if (!link) return [];
    // Handle and name only, as the quote shows them: nothing else of the quote is ours to report.
    const { handle, displayName } = authorOf(quote, base, link.acct);
    return [{ url: link.url, author: { handle, ...(displayName ? { displayName } : {}) } }];
  });
}

function extract(post: Element, pageUrl: string): ExtractedPost | null {
  const base = httpUrl(pageUrl, pageUrl);
  if (!base) return null;
  const link = statusLink(post, base);
  if (!link) return null;
  const postedAt = isoDatetime(
    own(post, 'a.status__relative-time time[datetime], a.detailed-status__datetime time[datetime]')?.getAttribute('datetime'),
  );
  const body = own(post, '.status__content__text') ?? own(post, '.status__content');
  const text = body ? flowText(body) : '';
  return extractedPost({
    platform: 'mastodon',
    url: link.url,
    pageUrl,
    postId: post.getAttribute('data-id') ?? link.id,
    author: authorOf(post, base, link.acct),
    postedAt,
    text,
    media: mediaOf(post, base),
    quoted: quotedOf(post, base),
    // Links of the text; mentions and hashtags (`a.mention`) are the instance's own pages, not links out.
    outLinks: ownAllOf(post, '.status__content a[href]:not(.mention)')
      .map((a) => outLink(a.getAttribute('href'), base.href, new Set([base.hostname])))
      .filter((link) => link !== null),
  });
}

/**
 * An account's page (`/@user`, `/@user@remote.example`): `div.account__header`, its banner in
 * `.account__header__image`, its avatar in `.account__avatar`, its name in `.account__header__tabs__name h1` (the
 * `small` in it is the acct, not the name). Markup of mastodon/mastodon `features/account_timeline/components/header`.
 */
function readAccount(doc: ParentNode, pageUrl: string): AccountOnPage | null {
  const base = httpUrl(pageUrl, pageUrl);
  const acct = base ? ACCOUNT_PATH.exec(base.pathname)?.[1] : undefined;
  const header = doc.querySelector('.account__header');
  const name = header?.querySelector('.account__header__tabs__name h1');
  if (!base || !acct || !header || !name) return null;
  const shown = name.cloneNode(true) as Element;
  shown.querySelector('small')?.remove();
  const displayName = capName(flowText(shown));
  const image = (selector: string) => httpUrl(header.querySelector(`${selector} img[src]`)?.getAttribute('src'), base.href)?.href;
  const avatar = image('.account__avatar');
  const banner = image('.account__header__image');
  const handle = fullAcct(acct, base.hostname);
  return {
    header: name.parentElement ?? name,
    account: {
      handle,
      ...(displayName ? { displayName } : {}),
      url: `${base.origin}/@${acct}`,
      ...(avatar ? { avatarUrl: avatar } : {}),
      ...(banner ? { bannerUrl: banner } : {}),
      recentPosts: Array.from(doc.querySelectorAll(POST)).flatMap((status) => {
        const link = statusLink(status, base);
        return link && fullAcct(link.acct, base.hostname) === handle ? [{ url: link.url, id: link.id }] : [];
      }),
    },
  };
}

export const mastodonAdapter: PlatformAdapter = {
  platform: 'mastodon',
  name: 'Mastodon',
  // Any instance: nothing in the manifest; the content script is registered where the user allows it.
  matches: [],
  optionalMatches: ['https://*/*'],
  // Media live on each instance's own host or bucket, which the optional host permission covers.
  mediaHosts: [],
  postSelector: `:is(${POST})`,
  buttonSlot: (post) =>
    own(post, '.status__action-bar') ??
    // The thread page's action bar sits beside `.detailed-status`, not in it: use its meta line.
    own(post, '.detailed-status__meta'),
  extract,
  readAccount,
  // The server-rendered page has the web app's mount point, `div#mastodon[data-props]`, before any
  // status is drawn; a page already showing statuses also has their markup.
  detect: (doc) => {
    try {
      return (
        doc.querySelector(
          'div#mastodon[data-props], div.status__wrapper > div.status[data-id], div.detailed-status .detailed-status__meta',
        ) !== null
      );
    } catch {
      return false;
    }
  },
};
