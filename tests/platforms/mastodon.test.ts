import { describe, expect, test } from 'vitest';
import { mastodonAdapter as mastodon } from '../../utils/platforms/mastodon';
import { ExtractedPost } from '../../utils/platforms/types';
import { readDomFixture } from '../../test-support/dom-fixtures';
import { documentOf, postFrom, postsOf, readHandBuiltFixture } from './hand-built';

const files = 'https://files.social.example/media_attachments/files/113/500/000';
const ana = { handle: '@ana@social.example', displayName: 'Ana Example', url: 'https://social.example/@ana' };

describe('mastodon adapter on an instance (hand-built fixture)', () => {
  const html = readHandBuiltFixture('mastodon_handbuilt.html');
  const pageUrl = 'https://social.example/home';
  const posts = postsOf(mastodon, html);

  test('found by markup on any host, not by its host', () => {
    expect(mastodon.matches).toEqual([]);
    expect(mastodon.optionalMatches).toEqual(['https://*/*']);
    expect(mastodon.detect?.(documentOf(html))).toBe(true);
    // The bare app shell, before any status is drawn, is enough.
    expect(mastodon.detect?.(documentOf('<div id="mastodon" data-props="{}"></div>'))).toBe(true);
    for (const other of ['telegram/tme_s_mchs_bryansk_2024-12-05.html', 'reddit/old_reddit_listing_things_2023-02-18.html']) {
      expect(mastodon.detect?.(documentOf(readDomFixture(other)))).toBe(false);
    }
    expect(mastodon.detect?.(documentOf('<div class="status" data-id="1"></div><section id="mastodon"></section>'))).toBe(false);
  });

  test('three timeline statuses and the focal status; the quoted status is not a post of its own', () => {
    expect(posts).toHaveLength(4);
  });

  test('a status with two images: originals at full size, small renditions as thumbnails', () => {
    expect(mastodon.extract(posts[0]!, pageUrl)).toEqual({
      platform: 'mastodon',
      url: 'https://social.example/@ana/113500000000000001',
      pageUrl,
      postId: '113500000000000001',
      // A local account's handle is completed with the instance; custom emoji read as their shortcode.
      author: { ...ana, displayName: 'Ana :river: Example' },
      postedAt: '2025-03-14T09:26:53.000Z',
      text: 'Flood barrier inspection today.\nPhotos below.\n\n#rivers https://www.example.org/news/barrier',
      media: [
        { kind: 'image', sourceUrl: `${files}/000/001/original/aa11bb22.jpg`, thumbnailUrl: `${files}/000/001/small/aa11bb22.jpg` },
        { kind: 'image', sourceUrl: `${files}/000/002/original/cc33dd44.png`, thumbnailUrl: `${files}/000/002/small/cc33dd44.png` },
      ],
      quoted: [],
      // Report 1.2: the link of its text (the instance's own mention and hashtag links are not links out).
      outLinks: [{ url: 'https://www.example.org/news/barrier', offPlatform: true }],
    });
    expect(mastodon.buttonSlot(posts[0]!)?.classList.contains('status__action-bar')).toBe(true);
  });

  test('a remote account’s status quoting another: the quote by reference, its media not merged', () => {
    expect(mastodon.extract(posts[1]!, pageUrl)).toEqual({
      platform: 'mastodon',
      url: 'https://social.example/@ben@other.example/113500000000000002',
      pageUrl,
      postId: '113500000000000002',
      author: { handle: '@ben@other.example', displayName: 'Ben', url: 'https://social.example/@ben@other.example' },
      postedAt: '2025-03-14T10:02:11.000Z',
      text: 'Look at this.',
      media: [],
      quoted: [{ url: 'https://social.example/@ana/113500000000000001', author: { handle: '@ana@social.example', displayName: 'Ana Example' } }],
    });
  });

  test('a video: the file itself, its preview as thumbnail', () => {
    expect(mastodon.extract(posts[2]!, pageUrl)).toMatchObject({
      url: 'https://social.example/@ana/113500000000000003',
      media: [{ kind: 'video', sourceUrl: `${files}/000/003/original/ee55ff66.mp4`, thumbnailUrl: `${files}/000/003/small/ee55ff66.png` }],
    });
  });

  test('the focal status: permalink from its date link, which holds no machine-readable time', () => {
    const pageUrl = 'https://social.example/@ana/113499999999999999';
    expect(mastodon.extract(posts[3]!, pageUrl)).toEqual({
      platform: 'mastodon',
      url: 'https://social.example/@ana/113499999999999999',
      pageUrl,
      postId: '113499999999999999',
      author: ana,
      text: 'Thread start.',
      media: [],
      quoted: [],
    });
    expect(mastodon.buttonSlot(posts[3]!)?.classList.contains('detailed-status__meta')).toBe(true);
  });

  test('every fixture post passes the ExtractedPost schema', () => {
    for (const post of posts) expect(() => ExtractedPost.parse(mastodon.extract(post, pageUrl))).not.toThrow();
  });
});

describe('mastodon adapter robustness', () => {
  test('bare statuses: null, no throw', () => {
    for (const html of ['<div class="status" data-id="1"></div>', '<div class="detailed-status"></div>']) {
      const post = postFrom(mastodon, html);
      expect(mastodon.extract(post, 'https://social.example/home')).toBeNull();
      expect(mastodon.buttonSlot(post)).toBeNull();
    }
  });

  test('links resolve on the page’s instance only; an http page gives no https permalink', () => {
    const html = `<div class="status" data-id="5"><div class="status__info">
      <a class="status__relative-time" href="https://evil.example/@x/5"><time datetime="2025-01-01T00:00:00.000Z"></time></a></div></div>`;
    const post = postFrom(mastodon, html);
    expect(mastodon.extract(post, 'https://social.example/home')).toMatchObject({ url: 'https://evil.example/@x/5' });
    const relative = postFrom(mastodon, html.replace('https://evil.example/@x/5', '/@x/5'));
    expect(mastodon.extract(relative, 'https://social.example/home')?.url).toBe('https://social.example/@x/5');
    expect(mastodon.extract(relative, 'http://social.example/home')).toBeNull();
  });

  test('hostile markup: script and data URLs, long text', () => {
    const post = postFrom(
      mastodon,
      `<div class="status" data-id="5"><div class="status__info"><a class="status__relative-time" href="javascript:alert(1)">x</a></div></div>`,
    );
    expect(mastodon.extract(post, 'https://social.example/home')).toBeNull();
    const media = postFrom(
      mastodon,
      `<div class="status" data-id="6"><div class="status__info"><a class="status__relative-time" href="/@x/6">x</a>
        <a class="status__display-name" href="javascript:alert(1)" title="x"><strong class="display-name__html">X</strong></a></div>
        <div class="status__content"><div class="status__content__text"><p>${'a'.repeat(6000)}</p></div></div>
        <div class="media-gallery"><a class="media-gallery__item-thumbnail" href="javascript:alert(1)"><img src="data:image/png;base64,AAAA"></a></div></div>`,
    );
    const result = mastodon.extract(media, 'https://social.example/home');
    expect(result).toMatchObject({ url: 'https://social.example/@x/6', author: { handle: '@x@social.example' }, media: [] });
    expect(result?.text).toHaveLength(5000);
    expect(() => ExtractedPost.parse(result)).not.toThrow();
  });
});
