import { describe, expect, test } from 'vitest';
import { pageTarget } from '../../utils/background/page-target';
import { canonicalPageUrl } from '../../utils/content/canonical-url';
import { DialogSubject } from '../../utils/domain';

function page(head: string): Document {
  const doc = document.implementation.createHTMLDocument('t');
  doc.head.innerHTML = head;
  return doc;
}

describe('right-click outside a post', () => {
  test('uses <link rel=canonical>, then og:url, then the page URL', () => {
    expect(canonicalPageUrl(page('<link rel="canonical" href="/a/b">'), 'https://news.example/x?utm=1')).toBe('https://news.example/a/b');
    expect(canonicalPageUrl(page('<meta property="og:url" content="https://news.example/og">'), 'https://news.example/x')).toBe('https://news.example/og');
    expect(canonicalPageUrl(page('<link rel="canonical" href="javascript:alert(1)">'), 'https://news.example/x')).toBeUndefined();
    expect(pageTarget({ pageUrl: 'https://news.example/x?utm=1' }, 'https://news.example/a/b')).toMatchObject({ post: { url: 'https://news.example/a/b' } });
    expect(pageTarget({ pageUrl: 'https://news.example/x' })).toMatchObject({ post: { url: 'https://news.example/x' } });
  });

  test('a right-clicked link is the target; a right-clicked image is its medium', () => {
    const target = pageTarget({
      pageUrl: 'https://news.example/x',
      linkUrl: 'https://mirror.example/channel/12',
      srcUrl: 'https://cdn.example/i.jpg',
      mediaType: 'image',
    });
    expect(target).toEqual({
      kind: 'post',
      post: {
        platform: 'other',
        url: 'https://mirror.example/channel/12',
        pageUrl: 'https://news.example/x',
        media: [{ kind: 'image', sourceUrl: 'https://cdn.example/i.jpg' }],
        quoted: [],
      },
    });
    expect(DialogSubject.safeParse(target).success).toBe(true);
  });

  test('a link to a supported platform is reported as that platform', () => {
    const target = pageTarget({ pageUrl: 'https://news.example/x', linkUrl: 'https://x.com/a/status/1' });
    expect(target).toMatchObject({ kind: 'post', post: { platform: 'x', url: 'https://x.com/a/status/1' } });
  });

  test('an http:// address cannot be reported, and the user is told why', () => {
    expect(pageTarget({ pageUrl: 'http://news.example/x' })).toEqual({ kind: 'error', error: { key: 'onlyHttps', detail: 'http://news.example/x' } });
  });

  test('data: and blob: media are never reported', () => {
    const target = pageTarget({ pageUrl: 'https://news.example/x', srcUrl: 'blob:https://news.example/1', mediaType: 'video' });
    expect(target).toMatchObject({ post: { media: [] } });
  });

  test('a right-clicked blob: video (an MSE player) is reported by the page’s own media, not with none', () => {
    const pageMedia = [{ kind: 'video' as const, sourceUrl: 'https://cdn.example/v/clip.mp4' }];
    const clicked = { pageUrl: 'https://news.example/a', srcUrl: 'blob:https://news.example/1234-5678', mediaType: 'video' as const };
    expect(pageTarget(clicked, undefined, pageMedia)).toMatchObject({ kind: 'post', post: { media: pageMedia } });
    // A link's target is not the page: its media are not the page's.
    expect(pageTarget({ ...clicked, linkUrl: 'https://other.example/x' }, undefined, pageMedia)).toMatchObject({ post: { media: [] } });
  });

  test('an https page whose address is over the bound (tracking parameters) is reported by its canonical URL', () => {
    const pageUrl = `https://www.example.com/article/42?utm=${'x'.repeat(2100)}`;
    expect(pageTarget({ pageUrl }, 'https://www.example.com/article/42')).toMatchObject({
      kind: 'post', post: { url: 'https://www.example.com/article/42', pageUrl: 'https://www.example.com/article/42' },
    });
  });

  test('without one, the user is told the address is too long, in words that can cross to the report frame', () => {
    const pageUrl = `https://www.example.com/article/42?utm=${'x'.repeat(2100)}`;
    const subject = pageTarget({ pageUrl });
    expect(subject).toMatchObject({ kind: 'error', error: { key: 'addressTooLong' } });
    expect(DialogSubject.safeParse(subject).success).toBe(true);
    // A link too long for https:// is refused for its scheme, and its address is cut the same way.
    const http = pageTarget({ pageUrl: 'https://www.example.com/', linkUrl: `http://www.example.com/?q=${'x'.repeat(2000)}` });
    expect(http).toMatchObject({ kind: 'error', error: { key: 'onlyHttps' } });
    expect(DialogSubject.safeParse(http).success).toBe(true);
  });
});
