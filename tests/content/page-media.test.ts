import { describe, expect, test } from 'vitest';
import { pageTarget } from '../../utils/background/page-target';
import { pageMainMedia } from '../../utils/content/page-media';
import { ReportSubject } from '../../utils/domain';
import { MAX_MEDIA } from '../../utils/schema/limits';

const PAGE = 'https://news.example/story/1';

function page(head: string): Document {
  const doc = document.implementation.createHTMLDocument('t');
  doc.head.innerHTML = head;
  return doc;
}

const jsonLd = (data: unknown) => `<script type="application/ld+json">${JSON.stringify(data)}</script>`;

describe("a page's main media (right-click on the page itself)", () => {
  test('Open Graph and Twitter card media, relative URLs resolved against the page', () => {
    const doc = page(`
      <meta property="og:image" content="/img/lead.jpg">
      <meta property="og:video:secure_url" content="https://cdn.example/v.mp4">
      <meta name="twitter:image" content="https://cdn.example/card.png">`);
    expect(pageMainMedia(doc, PAGE)).toEqual([
      { kind: 'video', sourceUrl: 'https://cdn.example/v.mp4' },
      { kind: 'image', sourceUrl: 'https://news.example/img/lead.jpg' },
      { kind: 'image', sourceUrl: 'https://cdn.example/card.png' },
    ]);
  });

  test('an og:video declared as an HTML player page is not a medium; one declared as a video file is', () => {
    const player = page(`
      <meta property="og:video" content="https://www.youtube.com/embed/abc">
      <meta property="og:video:type" content="text/html">
      <meta property="og:image" content="https://i.ytimg.com/vi/abc/hq.jpg">`);
    expect(pageMainMedia(player, PAGE)).toEqual([{ kind: 'image', sourceUrl: 'https://i.ytimg.com/vi/abc/hq.jpg' }]);
    const file = page(`
      <meta property="og:video" content="https://cdn.example/v.mp4">
      <meta property="og:video:type" content="text/html">
      <meta property="og:video:type" content="video/mp4">`);
    expect(pageMainMedia(file, PAGE)).toEqual([{ kind: 'video', sourceUrl: 'https://cdn.example/v.mp4' }]);
  });

  test("each og:video:type is its own og:video's: a player listed beside a file drops the player only", () => {
    const doc = page(`
      <meta property="og:video" content="https://player.example/embed/42">
      <meta property="og:video:secure_url" content="https://player.example/embed/42?s=1">
      <meta property="og:video:type" content="text/html">
      <meta property="og:video" content="https://cdn.example/42.mp4">
      <meta property="og:video:type" content="video/mp4">`);
    expect(pageMainMedia(doc, 'https://news.example/v/42')).toEqual([{ kind: 'video', sourceUrl: 'https://cdn.example/42.mp4' }]);
    // The file first and the player second: still the file, not both or neither.
    const reversed = page(`
      <meta property="og:video" content="https://cdn.example/42.mp4">
      <meta property="og:video:type" content="video/mp4">
      <meta property="og:video:url" content="https://player.example/embed/42">
      <meta property="og:video:type" content="text/html">`);
    expect(pageMainMedia(reversed, PAGE)).toEqual([{ kind: 'video', sourceUrl: 'https://cdn.example/42.mp4' }]);
    // A type given before any og:video is read page-wide, as before.
    const leading = page(`
      <meta property="og:video:type" content="text/html">
      <meta property="og:video" content="https://player.example/embed/42">`);
    expect(pageMainMedia(leading, PAGE)).toEqual([]);
  });

  test('a JSON-LD VideoObject (in a @graph too): its contentUrl with its thumbnail, else the thumbnail alone', () => {
    const doc = page(`
      ${jsonLd({ '@context': 'https://schema.org', '@graph': [{ '@type': 'NewsArticle' }, { '@type': 'VideoObject', contentUrl: '/media/clip.mp4', thumbnailUrl: ['/media/clip.jpg'] }] })}
      ${jsonLd({ '@type': ['VideoObject'], thumbnailUrl: { '@type': 'ImageObject', url: 'https://cdn.example/poster.jpg' } })}
      <script type="application/ld+json">{ not json</script>`);
    expect(pageMainMedia(doc, PAGE)).toEqual([
      { kind: 'video', sourceUrl: 'https://news.example/media/clip.mp4', thumbnailUrl: 'https://news.example/media/clip.jpg' },
      { kind: 'image', sourceUrl: 'https://cdn.example/poster.jpg' },
    ]);
  });

  test('JSON-LD thumbnailUrl as an array of ImageObjects (url or contentUrl), one level deep; the first http(s) one', () => {
    const doc = page(`
      ${jsonLd({ '@type': 'VideoObject', contentUrl: 'https://cdn.example/v.mp4', thumbnailUrl: [{ '@type': 'ImageObject', url: 'https://cdn.example/poster.jpg' }] })}
      ${jsonLd({ '@type': 'VideoObject', contentUrl: [{ contentUrl: 'data:video/mp4;base64,AAAA' }, { '@type': 'MediaObject', contentUrl: '/w.mp4' }] })}
      ${jsonLd({ '@type': 'VideoObject', thumbnailUrl: [['https://cdn.example/nested.jpg'], { url: { url: 'https://cdn.example/deep.jpg' } }] })}`);
    expect(pageMainMedia(doc, PAGE)).toEqual([
      { kind: 'video', sourceUrl: 'https://cdn.example/v.mp4', thumbnailUrl: 'https://cdn.example/poster.jpg' },
      { kind: 'video', sourceUrl: 'https://news.example/w.mp4' },
    ]);
  });

  test('JSON-LD @type VideoObject as a full schema.org IRI (http or https) or schema: compact IRI', () => {
    const types = ['http://schema.org/VideoObject', 'https://schema.org/VideoObject', 'schema:VideoObject', ['Thing', 'https://schema.org/VideoObject']];
    const doc = page(types.map((type, i) => jsonLd({ '@type': type, contentUrl: `https://cdn.example/${i}.mp4` })).join('')
      + jsonLd({ '@type': 'https://example.org/VideoObjectish', contentUrl: 'https://cdn.example/not.mp4' }));
    expect(pageMainMedia(doc, PAGE)).toEqual(types.map((_, i) => ({ kind: 'video', sourceUrl: `https://cdn.example/${i}.mp4` })));
  });

  test('non-http(s) URLs are refused, each URL counts once, and at most MAX_MEDIA', () => {
    const doc = page(`
      <meta property="og:image" content="javascript:alert(1)">
      <meta property="og:image" content="data:image/png;base64,AAAA">
      <meta property="og:video" content="https://cdn.example/v.mp4">
      <meta property="og:video:secure_url" content="https://cdn.example/v.mp4">
      <meta property="og:image" content="https://cdn.example/a.jpg">
      <meta name="twitter:image" content="https://cdn.example/a.jpg">
      ${jsonLd({ '@type': 'VideoObject', contentUrl: 'ftp://files.example/v.mp4' })}`);
    expect(pageMainMedia(doc, PAGE)).toEqual([
      { kind: 'video', sourceUrl: 'https://cdn.example/v.mp4' },
      { kind: 'image', sourceUrl: 'https://cdn.example/a.jpg' },
    ]);
    const many = page(Array.from({ length: MAX_MEDIA + 5 }, (_, i) => `<meta property="og:image" content="/i/${i}.jpg">`).join(''));
    expect(pageMainMedia(many, PAGE)).toHaveLength(MAX_MEDIA);
    expect(pageMainMedia(page('<title>no media</title>'), PAGE)).toEqual([]);
  });

  test("the page's media become the report's when the page itself is reported, not a link or a medium", () => {
    const pageMedia = pageMainMedia(page('<meta property="og:image" content="/lead.jpg">'), PAGE);
    const subject = { kind: 'clicked', clicked: { pageUrl: PAGE }, pageMedia };
    expect(ReportSubject.safeParse(subject).success).toBe(true);
    expect(pageTarget({ pageUrl: PAGE }, undefined, pageMedia)).toMatchObject({ post: { media: [{ kind: 'image', sourceUrl: 'https://news.example/lead.jpg' }] } });
    expect(pageTarget({ pageUrl: PAGE, linkUrl: 'https://other.example/x' }, undefined, pageMedia)).toMatchObject({ post: { media: [] } });
    expect(pageTarget({ pageUrl: PAGE, srcUrl: 'https://cdn.example/i.png', mediaType: 'image' }, undefined, pageMedia))
      .toMatchObject({ post: { media: [{ sourceUrl: 'https://cdn.example/i.png' }] } });
    // From a hostile page: anything but http(s) never reaches the background's report.
    expect(ReportSubject.safeParse({ ...subject, pageMedia: [{ kind: 'image', sourceUrl: 'javascript:alert(1)' }] }).success).toBe(false);
  });
});
