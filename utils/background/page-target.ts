/** What to report when the right-click was not inside a post: a link, a medium, or the page itself. */
import type { ClickContext, DialogSubject } from '../domain';
import type { ExtractedMedia } from '../platforms/types';
import { adapterForHost } from '../platforms';
import { capText, httpUrl } from '../platforms/read-dom';
import { MAX_REASON_DETAIL } from '../schema/limits';
import { OTHER_PLATFORM, type Platform } from '../schema/report';

function httpHref(value: string | null | undefined, base: string): string | undefined {
  return httpUrl(value, base)?.href;
}

/** An http(s) address that httpHref refused, so one longer than the contract's bound (measured once encoded). */
function isTooLong(value: string): boolean {
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}

/** Why there is nothing to report, naming the address: cut to what a Reason carries, or the dialog gets no answer at all. */
function refused(key: 'onlyHttps' | 'addressTooLong', address: string): DialogSubject {
  return { kind: 'error', error: { key, detail: capText(address, MAX_REASON_DETAIL) } };
}

/** The platform a URL belongs to, whatever site it was found on. */
function platformOf(url: string): Platform {
  return adapterForHost(new URL(url).hostname)?.platform ?? OTHER_PLATFORM;
}

/**
 * `canonicalUrl`: the page's own idea of its address (utils/content/canonical-url.ts), read by the content
 * script, which carries no platform registry. `pageMedia`: its main media (utils/content/page-media.ts), the
 * report's media when the page itself is reported (neither a link nor a medium was right-clicked).
 */
export function pageTarget(context: ClickContext, canonicalUrl?: string, pageMedia: ExtractedMedia[] = []): DialogSubject {
  // An address longer than a report carries (a search with tracking parameters) is reported by the page's own
  // shorter name for itself, where it has one.
  const pageUrl = httpHref(context.pageUrl, context.pageUrl) ?? (isTooLong(context.pageUrl) ? httpHref(canonicalUrl, context.pageUrl) : undefined);
  if (!pageUrl) return refused(isTooLong(context.pageUrl) ? 'addressTooLong' : 'onlyHttps', context.pageUrl);
  const url = httpHref(context.linkUrl, pageUrl) ?? httpHref(canonicalUrl, pageUrl) ?? pageUrl;
  // A notice names an exact https location (DSA Art. 16(2)(b)); anything else cannot be reported.
  if (!url.startsWith('https://')) return refused('onlyHttps', url);
  const src = httpHref(context.srcUrl, pageUrl);
  // A medium the browser names by an address nobody can fetch (an MSE player's blob:, a data: thumbnail) is
  // stood in for by the page's own media, as when the page itself is reported; a clicked link is not the page.
  const media: ExtractedMedia[] = src
    ? [{ kind: context.mediaType === 'video' ? 'video' : 'image', sourceUrl: src }]
    : context.linkUrl ? [] : pageMedia;
  return { kind: 'post', post: { platform: platformOf(url), url, pageUrl, media, quoted: [] } };
}
