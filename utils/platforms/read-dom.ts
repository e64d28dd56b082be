/** Reading a hostile page safely: every adapter and the right-click path use these. */

import {
  MAX_MEDIA, MAX_NAME_LENGTH, MAX_OUT_LINKS, MAX_POST_ID_LENGTH, MAX_QUOTED, MAX_RECENT_POSTS, MAX_SHOWN_AS_LENGTH, MAX_TEXT_LENGTH,
  MAX_URL_LENGTH,
} from '../schema/limits';
import type { OutLink } from '../schema/report';
import type { ExtractedAccount, ExtractedMedia, ExtractedPost } from './types';

/** Parses an href against `base`; only short http(s) URLs survive (no javascript:, data:, blob:). */
export function httpUrl(raw: string | null | undefined, base: string): URL | null {
  if (!raw || raw.length > MAX_URL_LENGTH) return null;
  try {
    const url = new URL(raw, base);
    // Measured again once encoded: 1,900 CJK characters make a 17 KB href.
    if (url.href.length > MAX_URL_LENGTH) return null;
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** Cuts at `max` UTF-16 units without leaving half a surrogate pair. */
export function capText(text: string, max: number): string {
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** Visible text, with emoji drawn as `<img alt="💖">` turned back into characters. */
export function visibleText(node: Node): string {
  // nodeType, not instanceof: page nodes seen from a content script may come from another realm.
  if (node.nodeType === Node.TEXT_NODE) return node.nodeValue ?? '';
  if (node.nodeType !== Node.ELEMENT_NODE) return '';
  const element = node as Element;
  if (element.localName === 'img') return element.getAttribute('alt') ?? '';
  if (element.localName === 'br') return '\n';
  return Array.from(element.childNodes, visibleText).join('');
}

/** Elements whose text is never shown. */
const UNSHOWN = new Set(['script', 'style', 'template', 'noscript', 'svg']);
/** Elements that start and end a line when laid out (`p` a paragraph: a blank line). */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'ol', 'p', 'pre', 'section', 'table',
  'tr', 'ul',
]);

/**
 * Text as a browser lays it out with `white-space: normal`: runs of source whitespace are one space,
 * `<br>` breaks a line, block elements start and end lines, a `<p>` is a paragraph (a blank line),
 * emoji `<img alt>` are characters. For markup whose source is indented (Telegram, YouTube, old
 * Reddit, Mastodon); pages that keep their text's own newlines (`white-space: pre-wrap`, as X and
 * Bluesky do) want `visibleText`. No-break spaces are text, not layout: they are kept.
 */
export function flowText(node: Node): string {
  const LINE = '\u0001'; // a block's edge: at most one line break, however many edges meet
  const PARAGRAPH = '\u0002'; // a paragraph's edge: a blank line
  const out: string[] = [];
  const walk = (current: Node): void => {
    if (current.nodeType === Node.TEXT_NODE) {
      out.push((current.nodeValue ?? '').replace(/[\t\n\f\r \u0001\u0002]+/g, ' '));
      return;
    }
    if (current.nodeType !== Node.ELEMENT_NODE) return;
    const element = current as Element;
    const name = element.localName;
    if (UNSHOWN.has(name)) return;
    if (name === 'img') return void out.push((element.getAttribute('alt') ?? '').replace(/[\u0001\u0002]/g, ''));
    if (name === 'br') return void out.push('\n');
    const edge = name === 'p' ? PARAGRAPH : BLOCKS.has(name) ? LINE : '';
    out.push(edge);
    element.childNodes.forEach(walk);
    out.push(edge);
  };
  walk(node);
  return out
    .join('')
    .replace(/ *[\u0001\u0002][ \u0001\u0002]*/g, (edges) => (edges.includes(PARAGRAPH) ? '\n\n' : '\n'))
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The URL of an element's inline `background-image: url(…)` (Telegram draws its photos so). */
export function backgroundImageUrl(element: Element, base: string): URL | null {
  const style = element.getAttribute('style') ?? '';
  const match = /background-image\s*:\s*url\(\s*(['"]?)([^'")]*)\1\s*\)/i.exec(style);
  return match ? httpUrl(match[2]?.trim(), base) : null;
}

/** The widest candidate of an `<img srcset="… 640w, … 1080w">`; null when there is none. */
export function widestSrcsetUrl(srcset: string | null | undefined, base: string): URL | null {
  let best: { url: URL; width: number } | null = null;
  for (const candidate of (srcset ?? '').split(/,\s+/)) {
    const [raw, descriptor = ''] = candidate.trim().split(/\s+/);
    const width = /^(\d+)w$/.exec(descriptor)?.[1];
    const url = width ? httpUrl(raw, base) : null;
    if (url && (!best || Number(width) > best.width)) best = { url, width: Number(width) };
  }
  return best?.url ?? null;
}

/**
 * The elements of `post` that match `selector` and belong to it, not to a post nested in it (a shared or
 * quoted post): their nearest `postSelector` ancestor is `post` itself.
 */
export function ownAll(post: Element, selector: string, postSelector: string): Element[] {
  return Array.from(post.querySelectorAll(selector)).filter((el) => el.closest(postSelector) === post);
}

/**
 * `ownAll(post, selector, postSelector).find(test)`, for the feed's hot path (a post's action bar): one query that
 * stops at the first match, which is the post's own in the usual case, where `ownAll` visits the whole post and
 * walks up from every match. The whole post is searched only when that first match is not the answer.
 */
export function ownFirst(post: Element, selector: string, postSelector: string, test?: (el: Element) => boolean): Element | null {
  const first = post.querySelector(selector);
  if (!first) return null;
  if (first.closest(postSelector) === post && (!test || test(first))) return first;
  return ownAll(post, selector, postSelector).find((el) => !test || test(el)) ?? null;
}

/**
 * A profile's header, searched only up to the page's first post: the header is drawn above the posts it heads, so
 * the search costs the page's top and not its feed, however long the feed has grown (the account button looks
 * again a few times after each navigation: utils/content/account-button.ts). One query that stops at the first
 * element matching either selector.
 */
export function headerAbovePosts(doc: ParentNode, header: string, postSelector: string): Element | null {
  const first = doc.querySelector(`${header}, ${postSelector}`);
  return first && !first.matches(postSelector) ? first : null;
}

/** The nearest element containing both `a` and `b` (a post's action bar from two of its buttons). */
export function commonAncestor(a: Element, b: Element): Element | null {
  for (let node: Element | null = a; node; node = node.parentElement) if (node.contains(b)) return node;
  return null;
}

const ISO_DATETIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d{1,9})?(Z|[+-]\d\d:?\d\d)$/;

/**
 * A machine-readable timestamp from the page, as an ISO 8601 date-time with offset, or undefined.
 * Kept as written when it is already one (`2024-12-05T13:10:40+00:00`); an offset without a colon
 * (`+0000`, as Reddit writes it) is normalised to UTC. Anything else is not trusted.
 */
export function isoDatetime(raw: string | null | undefined): string | undefined {
  const match = raw ? ISO_DATETIME.exec(raw.trim()) : null;
  if (!match) return undefined;
  const [whole, base = '', fraction = '', offset = ''] = match;
  const withColon = offset === 'Z' ? 'Z' : `${offset.slice(0, 3)}:${offset.slice(-2)}`;
  const time = Date.parse(`${base}${fraction.slice(0, 4)}${withColon}`);
  if (Number.isNaN(time)) return undefined;
  return offset === withColon ? whole.trim() : new Date(time).toISOString();
}

/** Milliseconds since the Unix epoch as an ISO date-time in UTC; whole seconds written without `.000`. */
export function isoFromEpochMs(ms: number): string | undefined {
  // 2000-01-01 … 2100-01-01: an id or attribute decoding outside that is not a timestamp.
  if (!Number.isFinite(ms) || ms < 946_684_800_000 || ms > 4_102_444_800_000) return undefined;
  const iso = new Date(ms).toISOString();
  return ms % 1000 === 0 ? iso.replace('.000Z', 'Z') : iso;
}

/** An author's name as shown, cut to the contract's bound. */
export const capName = (name: string) => capText(name, MAX_NAME_LENGTH);

/** The first item of each key, at most `max` of them. */
function uniqueBy<T>(items: T[], key: (item: T) => string, max: number): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) if (!byKey.has(key(item))) byKey.set(key(item), item);
  return [...byKey.values()].slice(0, max);
}

/**
 * The page a post was seen on, within the contract's bound (it requires one): adapters pass `location.href`, which a
 * long search can make longer; then the post names its page itself.
 */
const boundedPageUrl = (pageUrl: string, postUrl: string) => (pageUrl.length <= MAX_URL_LENGTH ? pageUrl : postUrl);

/**
 * An ExtractedPost from what an adapter read, within the contract's limits (utils/schema/limits.ts), the
 * one place adapters get them from: the text cut, media and quoted posts each once (by URL) and
 * bounded; optional fields that came out empty are left out, and so is a post id too long to be one
 * (a page can put anything in the attribute it comes from).
 */
export function extractedPost(fields: ExtractedPost): ExtractedPost {
  const { postId, author, postedAt, text, media, quoted, outLinks, pageUrl, ...required } = fields;
  const links = outLinks ? outLinksOf(outLinks) : undefined;
  const cut = text ? capText(text, MAX_TEXT_LENGTH) : '';
  return {
    ...required,
    pageUrl: boundedPageUrl(pageUrl, required.url),
    ...(postId && postId.length <= MAX_POST_ID_LENGTH ? { postId } : {}),
    ...(author ? { author } : {}),
    ...(postedAt ? { postedAt } : {}),
    ...(cut ? { text: cut } : {}),
    media: uniqueBy(media, (medium) => medium.sourceUrl, MAX_MEDIA),
    quoted: uniqueBy(quoted, (post) => post.url, MAX_QUOTED),
    ...(links ? { outLinks: links } : {}),
  };
}

/**
 * An outbound link of a post, or null for one that is not worth reporting (no http(s) URL, a link to the page
 * itself). `platformHosts` are the platform's own hosts (its redirector included), a Set or anything with `has`: a
 * link to any other host leaves the platform. `shownAs` is what the page writes for it when that is not the URL (a card's domain), cut to the bound.
 */
export function outLink(raw: string | null | undefined, base: string, platformHosts: { has(host: string): boolean }, shownAs?: string): OutLink | null {
  const url = httpUrl(raw, base);
  if (!url) return null;
  const shown = shownAs?.trim() ? capText(shownAs.trim(), MAX_SHOWN_AS_LENGTH) : '';
  return {
    url: url.href,
    offPlatform: !platformHosts.has(url.hostname.toLowerCase()),
    ...(shown && shown !== url.href ? { shownAs: shown } : {}),
  };
}

/** Links each once (by URL), at most the contract's bound; undefined when there are none. */
export function outLinksOf(links: readonly (OutLink | null)[]): OutLink[] | undefined {
  const found = uniqueBy(links.filter((link) => link !== null), (link) => link.url, MAX_OUT_LINKS);
  return found.length ? found : undefined;
}

/**
 * The post a report of a whole account carries (report 1.2, `target.kind: 'account'`): the account's URL as the
 * target, the account as its author, its avatar then its banner as media (hashed like a post's), nothing quoted.
 */
export function accountPost(platform: string, account: ExtractedAccount, pageUrl: string): ExtractedPost {
  const media: ExtractedMedia[] = [account.avatarUrl, account.bannerUrl]
    .filter((url) => url !== undefined)
    .map((sourceUrl) => ({ kind: 'image', sourceUrl }));
  const { handle, displayName, id, url } = account;
  // Through extractedPost, like every post: its bounds (the page's address among them) are kept in one place.
  return extractedPost({
    platform,
    url,
    pageUrl,
    author: { handle, ...(displayName ? { displayName } : {}), url, ...(id ? { id } : {}) },
    media,
    quoted: [],
    account: { ...account, recentPosts: uniqueBy(account.recentPosts, (post) => post.url, MAX_RECENT_POSTS) },
  });
}
