import { describe, expect, test } from 'vitest';
import { instagramAdapter as instagram } from '../../utils/platforms/instagram';
import { ExtractedPost } from '../../utils/platforms/types';
import { postFrom, postsOf, readHandBuiltFixture } from './hand-built';

const cdn = 'https://scontent-fra5-1.cdninstagram.com/v/t51.29350-15';

describe('instagram adapter (hand-built fixture)', () => {
  /** The articles that get a button: one without a timestamp has no key (types.ts, postKey). */
  const posts = postsOf(instagram, readHandBuiltFixture('instagram_handbuilt.html')).filter((post) => instagram.postKey?.(post) !== null);

  test('two posts; the profile-grid <article> (no timestamp) is not one', () => {
    expect(posts).toHaveLength(2);
  });

  test('a feed carousel: the link around <time>, slides at their widest srcset, avatars left out', () => {
    const pageUrl = 'https://www.instagram.com/';
    expect(instagram.extract(posts[0]!, pageUrl)).toEqual({
      platform: 'instagram',
      url: 'https://www.instagram.com/p/C4xYz12AbCd/',
      pageUrl,
      postId: 'C4xYz12AbCd',
      author: { handle: '@riverworks.example', url: 'https://www.instagram.com/riverworks.example/' },
      postedAt: '2025-03-14T09:26:53.000Z',
      // A feed caption has no structural marker: no text rather than a guess.
      media: [
        {
          kind: 'image',
          sourceUrl: `${cdn}/481111111_111_n.jpg?stp=dst-jpg_e35_p1080x1080_sh0.08&_nc_ht=scontent-fra5-1.cdninstagram.com&oh=00_AYc&oe=67A00002`,
          thumbnailUrl: `${cdn}/481111111_111_n.jpg?stp=dst-jpg_e35_p640x640_sh0.08&_nc_ht=scontent-fra5-1.cdninstagram.com&oh=00_AYb&oe=67A00002`,
        },
        {
          kind: 'image',
          sourceUrl: `${cdn}/482222222_222_n.jpg?stp=dst-jpg_e35_p1080x1080_sh0.08&oh=00_AYf&oe=67A00003`,
          thumbnailUrl: `${cdn}/482222222_222_n.jpg?stp=dst-jpg_e35_p640x640_sh0.08&oh=00_AYe&oe=67A00003`,
        },
      ],
      quoted: [],
    });
    const slot = instagram.buttonSlot(posts[0]!);
    expect(slot?.localName).toBe('section');
    expect(slot?.querySelectorAll('[role="button"]')).toHaveLength(3);
  });

  test('a reel on its page: caption from <h1>, the streamed video’s poster frame and its file from the page data', () => {
    const pageUrl = 'https://www.instagram.com/reel/DAbC123xYz9/?igsh=abc';
    expect(instagram.extract(posts[1]!, pageUrl)).toEqual({
      platform: 'instagram',
      url: 'https://www.instagram.com/reel/DAbC123xYz9/',
      pageUrl,
      postId: 'DAbC123xYz9',
      author: { handle: '@quickclips.example', url: 'https://www.instagram.com/quickclips.example/' },
      postedAt: '2025-03-10T12:00:00.000Z',
      text: 'Bridge deck lift, time-lapse #engineering',
      media: [
        {
          kind: 'poster',
          sourceUrl: 'https://scontent-fra5-1.cdninstagram.com/v/t51.2885-15/483333333_333_n.jpg?stp=dst-jpg_e35_p720x720&oh=00_AYi&oe=67A00006',
        },
        // The widest of the page data's video_versions for this shortcode.
        {
          kind: 'video',
          sourceUrl: 'https://scontent-fra5-1.cdninstagram.com/o1/v/t16/f2/m86/AQOreel720.mp4?efg=eyJ2In0&oh=00_AYv&oe=67A00007',
          thumbnailUrl: 'https://scontent-fra5-1.cdninstagram.com/v/t51.2885-15/483333333_333_n.jpg?stp=dst-jpg_e35_p720x720&oh=00_AYi&oe=67A00006',
        },
      ],
      quoted: [],
    });
  });

  test('a streamed video the page data does not describe (another shortcode, a foreign host) says so', () => {
    const reel = (json: string) =>
      postFrom(instagram, `<article><a href="/reel/DAbC123xYz9/"><time datetime="2025-03-10T12:00:00.000Z">x</time></a>
        <video poster="https://scontent.cdninstagram.com/p.jpg" src="blob:https://www.instagram.com/1"></video></article>
        <script type="application/json">${json}</script>`);
    for (const json of [
      '{"items":[{"code":"ZZZZZZZZZZZ","video_versions":[{"width":720,"url":"https://scontent.cdninstagram.com/v.mp4"}]}]}',
      '{"items":[{"code":"DAbC123xYz9","video_versions":[{"width":720,"url":"https://evil.example/v.mp4"}]}]}',
      'not json',
    ]) {
      expect(instagram.extract(reel(json), 'https://www.instagram.com/')?.media[1]).toEqual({
        kind: 'video',
        sourceUrl: 'https://scontent.cdninstagram.com/',
        thumbnailUrl: 'https://scontent.cdninstagram.com/p.jpg',
        error: expect.stringContaining("Instagram's page data names no file"),
      });
    }
  });

  test('every fixture post passes the ExtractedPost schema', () => {
    for (const post of posts) expect(() => ExtractedPost.parse(instagram.extract(post, 'https://www.instagram.com/'))).not.toThrow();
  });
});

describe('instagram adapter robustness', () => {
  test("the post's date is its own link's time, not a comment's that comes before it", () => {
    const post = postFrom(instagram, `<article>
      <header><a href="/riverworks.example/">riverworks.example</a></header>
      <ul><li><a href="/commenter/">commenter</a> nice
        <a href="/p/C4xYz12AbCd/c/18000000000000001/"><time datetime="2025-03-20T10:00:00.000Z">2d</time></a></li></ul>
      <div><a href="/p/C4xYz12AbCd/"><time datetime="2025-03-14T09:26:53.000Z">March 14</time></a></div>
    </article>`);
    const out = instagram.extract(post, 'https://www.instagram.com/p/C4xYz12AbCd/');
    expect(out?.url).toBe('https://www.instagram.com/p/C4xYz12AbCd/');
    expect(out?.postedAt).toBe('2025-03-14T09:26:53.000Z');
  });

  test('a bare article is not a post; extract on it is null, no throw', () => {
    expect(postsOf(instagram, '<article></article>').filter((post) => instagram.postKey?.(post) !== null)).toHaveLength(0);
    const bare = document.createElement('article');
    expect(instagram.extract(bare, 'https://www.instagram.com/')).toBeNull();
    expect(instagram.buttonSlot(bare)).toBeNull();
    const timeOnly = postFrom(instagram, '<article><time datetime="2025-01-01T00:00:00.000Z"></time></article>');
    expect(instagram.extract(timeOnly, 'https://www.instagram.com/')).toBeNull();
  });

  test('/<user>/p/<id>/ links are the same post', () => {
    const post = postFrom(instagram, '<article><a href="/someone/p/C4xYz12AbCd/"><time datetime="2025-01-01T00:00:00.000Z"></time></a></article>');
    expect(instagram.extract(post, 'https://www.instagram.com/')?.url).toBe('https://www.instagram.com/p/C4xYz12AbCd/');
  });

  test('hostile markup: foreign hosts, script links, foreign images, long caption', () => {
    const post = postFrom(
      instagram,
      `<article><header><a href="https://evil.example/mallory/">m</a><a href="/explore/">x</a><a href="/real.user/">r</a></header>
        <a href="https://evil.example/p/EVIL12345/"><time datetime="2025-01-01T00:00:00.000Z"></time></a><a href="/p/GOOD12345/">x</a>
        <img src="https://evil.example/a.jpg" srcset="https://evil.example/b.jpg 1080w"><img src="javascript:alert(1)">
        <h1>${'a'.repeat(6000)}</h1></article>`,
    );
    const result = instagram.extract(post, 'https://www.instagram.com/');
    expect(result).toMatchObject({ url: 'https://www.instagram.com/p/GOOD12345/', author: { handle: '@real.user' }, media: [] });
    expect(result?.text).toHaveLength(5000);
    expect(() => ExtractedPost.parse(result)).not.toThrow();
  });
});
