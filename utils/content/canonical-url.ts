/** The page's own idea of its address, for a right-click outside any post (utils/background/page-target.ts). */
import { httpUrl } from '../platforms/read-dom';

/** `<link rel=canonical>`, then `og:url`; undefined when neither is an http(s) address. */
export function canonicalPageUrl(doc: Document, pageUrl: string): string | undefined {
  const canonical = doc.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.getAttribute('href');
  const ogUrl = doc.querySelector<HTMLMetaElement>('meta[property="og:url"]')?.getAttribute('content');
  return httpUrl(canonical, pageUrl)?.href ?? httpUrl(ogUrl, pageUrl)?.href;
}
