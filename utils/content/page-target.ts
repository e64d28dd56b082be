/** What to report when the right-click was not inside a post: a link, a medium, or the page itself. */
import type { ClickContext } from '../messages';
import type { ExtractedMedia, ExtractedPost } from '../platforms/types';
import type { Reason } from '../i18n';
import { adapterForHost } from '../platforms';
import { httpUrl } from '../platforms/read-dom';
import type { Platform } from '../schema/report';

function httpHref(value: string | null | undefined, base: string): string | undefined {
  return httpUrl(value, base)?.href;
}

/** The page's own idea of its address (`<link rel=canonical>`, then `og:url`), else where we are. */
export function canonicalPageUrl(doc: Document, pageUrl: string): string {
  const canonical = doc.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.getAttribute('href');
  const ogUrl = doc.querySelector<HTMLMetaElement>('meta[property="og:url"]')?.getAttribute('content');
  return httpHref(canonical, pageUrl) ?? httpHref(ogUrl, pageUrl) ?? pageUrl;
}

/** The platform a URL belongs to, whatever site it was found on. */
function platformOf(url: string): Platform {
  return adapterForHost(new URL(url).hostname)?.platform ?? 'other';
}

export function pageTarget(doc: Document, context: ClickContext): ExtractedPost | { error: Reason } {
  const pageUrl = httpHref(context.pageUrl, context.pageUrl) ?? doc.location.href;
  const url = httpHref(context.linkUrl, pageUrl) ?? canonicalPageUrl(doc, pageUrl);
  // A notice names an exact https location (DSA Art. 16(2)(b)); anything else cannot be reported.
  if (!url.startsWith('https://')) return { error: { key: 'onlyHttps', detail: url } };
  const src = httpHref(context.srcUrl, pageUrl);
  const media: ExtractedMedia[] = src ? [{ kind: context.mediaType === 'video' ? 'video' : 'image', sourceUrl: src }] : [];
  return { platform: platformOf(url), url, pageUrl, media, quoted: [] };
}
