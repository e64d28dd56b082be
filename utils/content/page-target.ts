/** What to report when the right-click was not inside a post: a link, a medium, or the page itself. */
import type { ClickContext } from '../messages';
import type { ExtractedMedia, ExtractedPost } from '../platforms/types';
import type { Platform } from '../schema/report';

function httpUrl(value: string | null | undefined, base: string): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The page's own idea of its address (`<link rel=canonical>`, then `og:url`), else where we are. */
export function canonicalPageUrl(doc: Document, pageUrl: string): string {
  const canonical = doc.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.getAttribute('href');
  const ogUrl = doc.querySelector<HTMLMetaElement>('meta[property="og:url"]')?.getAttribute('content');
  return httpUrl(canonical, pageUrl) ?? httpUrl(ogUrl, pageUrl) ?? pageUrl;
}

export function pageTarget(doc: Document, context: ClickContext, platform: Platform): ExtractedPost {
  const pageUrl = httpUrl(context.pageUrl, context.pageUrl) ?? doc.location.href;
  const url = httpUrl(context.linkUrl, pageUrl) ?? canonicalPageUrl(doc, pageUrl);
  const src = httpUrl(context.srcUrl, pageUrl);
  const media: ExtractedMedia[] = src ? [{ kind: context.mediaType === 'video' ? 'video' : 'image', sourceUrl: src }] : [];
  return { platform, url, pageUrl, media, quoted: [] };
}
