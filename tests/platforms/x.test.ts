import { describe, expect, test } from 'vitest';
import { ExtractedPost } from '../../utils/platforms/types';
import { xAdapter } from '../../utils/platforms/x';
import { postFrom as postOf, postsInCapture } from './hand-built';

/** A saved X page's posts, as the content script would find them. */
const postsIn = (file: string) => postsInCapture(xAdapter, `x/${file}`);

/** A hand-built post, for cases the saved pages do not cover. */
const postFrom = (html: string) => postOf(xAdapter, html);

const media = (id: string, format: string, size: string) => ({
  kind: 'image',
  sourceUrl: `https://pbs.twimg.com/media/${id}?format=${format}&name=orig`,
  thumbnailUrl: `https://pbs.twimg.com/media/${id}?format=${format}&name=${size}`,
});

const lcMenci = {
  handle: '@lcMenci',
  displayName: 'Menci 💖',
  url: 'https://x.com/lcMenci',
};

describe('x adapter on the lcMenci profile timeline', () => {
  const pageUrl = 'https://x.com/lcMenci';
  const posts = postsIn('x_profile_timeline_lcMenci_2025-11-03.html');

  test('finds both tweets', () => {
    expect(posts).toHaveLength(2);
  });

  test('first tweet: own text and 4 photos; the quote by reference only', () => {
    expect(xAdapter.extract(posts[0]!, pageUrl)).toEqual({
      platform: 'x',
      url: 'https://x.com/lcMenci/status/1985395058229817831',
      pageUrl,
      postId: '1985395058229817831',
      author: lcMenci,
      postedAt: '2025-11-03T17:14:03.000Z',
      text: '跑了一下从五年前到现在的几个比较大的个人项目（10k+ sloc）',
      media: [
        media('G42JlFfaAAALjaj', 'png', 'small'),
        media('G42KBacbQAIcOtu', 'png', 'small'),
        media('G42KDTyboAAY2gW', 'png', 'small'),
        media('G42KEQpbQAEFCec', 'png', 'small'),
      ],
      quoted: [
        {
          url: 'https://x.com/hwwaanng/status/1985275729278541990',
          author: { handle: '@hwwaanng', displayName: 'Hwang' },
        },
      ],
    });
  });

  test('second tweet: photos only, no text', () => {
    const post = xAdapter.extract(posts[1]!, pageUrl);
    expect(post).toEqual({
      platform: 'x',
      url: 'https://x.com/lcMenci/status/1985365413946122566',
      pageUrl,
      postId: '1985365413946122566',
      author: lcMenci,
      postedAt: '2025-11-03T15:16:15.000Z',
      media: [media('G41vULFbcAATIQT', 'jpg', '900x900'), media('G41vULBbYAEBMy4', 'jpg', '900x900')],
      quoted: [],
    });
    expect(post).not.toHaveProperty('text');
  });

  test('buttonSlot is the own action bar, even when the quote has a group of its own', () => {
    const post = posts[0]!;
    const own = xAdapter.buttonSlot(post);
    expect(own?.getAttribute('aria-label')).toBe('2 replies, 18 likes, 1 bookmark, 1289 views');
    const quote = post.querySelector('div[role="link"]')!;
    const decoy = document.createElement('div');
    decoy.setAttribute('role', 'group');
    decoy.innerHTML = '<button data-testid="like"></button>';
    quote.prepend(decoy);
    expect(xAdapter.buttonSlot(post)).toBe(own);
    expect(xAdapter.buttonSlot(posts[1]!)?.getAttribute('aria-label')).toBe('12 likes, 477 views');
  });
});

describe('x adapter on status pages', () => {
  test('verge: streamed video becomes its full-size poster, and a video medium that says why its stream is unknown', () => {
    const pageUrl = 'https://x.com/verge/status/957383241714970624';
    const [post] = postsIn('x_status_video_verge_capture-2025-12.html');
    expect(post?.getAttribute('tabindex')).toBe('-1');
    expect(xAdapter.extract(post!, pageUrl)).toEqual({
      platform: 'x',
      url: 'https://x.com/verge/status/957383241714970624',
      pageUrl,
      postId: '957383241714970624',
      author: { handle: '@verge', displayName: 'The Verge', url: 'https://x.com/verge' },
      postedAt: '2018-01-27T22:42:06.000Z',
      text: 'Is it bad to blow into game cartridges?',
      media: [
        {
          kind: 'poster',
          sourceUrl: 'https://pbs.twimg.com/media/DRg1OMRVwAEuwTK?format=jpg&name=orig',
          thumbnailUrl: 'https://pbs.twimg.com/media/DRg1OMRVwAEuwTK.jpg',
        },
        // This old post's poster lives in /media/: it names no media id, so no stream can be found.
        {
          kind: 'video',
          sourceUrl: 'https://video.twimg.com/',
          thumbnailUrl: 'https://pbs.twimg.com/media/DRg1OMRVwAEuwTK.jpg',
          error: expect.stringContaining('X does not name this video'),
        },
      ],
      quoted: [],
    });
    expect(xAdapter.buttonSlot(post!)?.getAttribute('aria-label')).toBe('15 replies, 64 reposts, 122 likes');
  });

  test('Forbes: the link card image is an image at name=orig', () => {
    const pageUrl = 'https://x.com/Forbes/status/2016058596782670275';
    const [post] = postsIn('x_status_linkcard_forbes_2026-01-27.html');
    expect(xAdapter.extract(post!, pageUrl)).toEqual({
      platform: 'x',
      url: 'https://x.com/Forbes/status/2016058596782670275',
      pageUrl,
      postId: '2016058596782670275',
      author: { handle: '@Forbes', displayName: 'Forbes', url: 'https://x.com/Forbes' },
      postedAt: '2026-01-27T08:00:00.000Z',
      text: 'Is Wellness The New Happy Hour? As Socializing Changes, $22 Billion In Liquor Sits Unsold',
      media: [
        {
          kind: 'image',
          sourceUrl: 'https://pbs.twimg.com/card_img/2015705388792918017/sQmPzqwO?format=jpg&name=orig',
          thumbnailUrl: 'https://pbs.twimg.com/card_img/2015705388792918017/sQmPzqwO?format=jpg&name=900x900',
        },
      ],
      quoted: [],
      // The card's link keeps its target (report 1.2): X shows the destination's domain only.
      outLinks: [{ url: 'https://t.co/07aUgF8gJs', offPlatform: true, shownAs: 'forbes.com' }],
    });
  });
});

describe('x adapter robustness', () => {
  test('every fixture post passes the ExtractedPost schema', () => {
    const files = [
      'x_profile_timeline_lcMenci_2025-11-03.html',
      'x_status_video_verge_capture-2025-12.html',
      'x_status_linkcard_forbes_2026-01-27.html',
    ];
    const posts = files.flatMap(postsIn);
    expect(posts).toHaveLength(4);
    for (const post of posts) {
      expect(() => ExtractedPost.parse(xAdapter.extract(post, 'https://x.com/home'))).not.toThrow();
    }
  });

  test('an empty article is not a post: null, no throw', () => {
    const post = postFrom('<article data-testid="tweet"></article>');
    expect(xAdapter.extract(post, 'https://x.com/home')).toBeNull();
    expect(xAdapter.buttonSlot(post)).toBeNull();
  });

  test('twitter.com links are normalised and /photo/N stripped', () => {
    const post = postFrom(`<article data-testid="tweet">
      <a href="https://twitter.com/Some_One/status/123/photo/1"><time datetime="2024-01-02T03:04:05.000Z">1h</time></a>
    </article>`);
    expect(xAdapter.extract(post, 'https://twitter.com/home')).toMatchObject({
      url: 'https://x.com/Some_One/status/123',
      postId: '123',
      postedAt: '2024-01-02T03:04:05.000Z',
    });
  });

  test('the page URL stands in only for the focal tweet of a status page', () => {
    const html = (tabindex: string) => `<article data-testid="tweet" tabindex="${tabindex}">
      <div data-testid="tweetText">hi</div></article>`;
    const pageUrl = 'https://x.com/someone/status/42/analytics';
    expect(xAdapter.extract(postFrom(html('-1')), pageUrl)?.url).toBe('https://x.com/someone/status/42');
    expect(xAdapter.extract(postFrom(html('0')), pageUrl)).toBeNull();
    expect(xAdapter.extract(postFrom(html('-1')), 'https://x.com/home')).toBeNull();
  });

  test('a GIF is its direct mp4', () => {
    const post = postFrom(`<article data-testid="tweet"><a href="/a/status/1"><time datetime="2024-01-01T00:00:00Z">x</time></a>
      <div data-testid="tweetPhoto"><div data-testid="videoPlayer">
        <video src="https://video.twimg.com/tweet_video/GIFID.mp4" poster="https://pbs.twimg.com/tweet_video_thumb/GIFID.jpg"></video>
        <img src="https://pbs.twimg.com/tweet_video_thumb/GIFID.jpg">
      </div></div></article>`);
    expect(xAdapter.extract(post, 'https://x.com/home')?.media).toEqual([
      {
        kind: 'gif',
        sourceUrl: 'https://video.twimg.com/tweet_video/GIFID.mp4',
        thumbnailUrl: 'https://pbs.twimg.com/tweet_video_thumb/GIFID.jpg',
      },
    ]);
  });

  test.each([
    ['amplify_video', 'https://pbs.twimg.com/amplify_video_thumb/1869999999999999999/img/AbCdEf.jpg'],
    ['ext_tw_video', 'https://pbs.twimg.com/ext_tw_video_thumb/1869999999999999999/pu/img/AbCdEf.jpg'],
  ])('a streamed %s: its poster, and its stream located by the media id the poster names', (folder, poster) => {
    const post = postFrom(`<article data-testid="tweet"><a href="/a/status/1"><time datetime="2024-01-01T00:00:00Z">x</time></a>
      <div data-testid="videoPlayer"><video src="blob:https://x.com/abc" poster="${poster}"></video></div></article>`);
    expect(xAdapter.extract(post, 'https://x.com/home')?.media).toEqual([
      { kind: 'poster', sourceUrl: `${poster.replace('.jpg', '')}?format=jpg&name=orig`, thumbnailUrl: poster },
      {
        kind: 'video',
        sourceUrl: `https://video.twimg.com/${folder}/1869999999999999999/`,
        thumbnailUrl: poster,
        locate: { from: 'tab-requests', mediaId: '1869999999999999999' },
      },
    ]);
  });

  test('hostile markup: non-http(s) and foreign links are ignored, text is capped', () => {
    const post = postFrom(`<article data-testid="tweet">
      <div data-testid="User-Name"><div><span>@admin</span></div><div><a href="javascript:alert(1)">@real</a></div></div>
      <a href="javascript:alert(1)//x.com/a/status/1"><time datetime="not a date">x</time></a>
      <a href="https://evil.example/a/status/2">x</a>
      <a href="/real/status/3/photo/1"><div data-testid="tweetPhoto">
        <img src="data:image/png;base64,AAAA"><img src="blob:https://x.com/abc"><img src="https://pbs.twimg.com/media/OK?format=webp&name=small">
      </div></a>
      <div data-testid="videoPlayer"><video src="blob:https://x.com/def" poster="data:image/png;base64,AAAA"></video></div>
      <div data-testid="tweetText">${'a'.repeat(6000)}</div>
    </article>`);
    const result = xAdapter.extract(post, 'https://x.com/home');
    expect(result).not.toBeNull();
    // The display name reads "@admin"; the handle comes from the text after it.
    expect(result?.author).toEqual({ handle: '@real', displayName: '@admin', url: 'https://x.com/real' });
    expect(result?.url).toBe('https://x.com/real/status/3');
    expect(result?.postedAt).toBeUndefined();
    expect(result?.text).toHaveLength(5000);
    expect(result?.media).toEqual([media('OK', 'webp', 'small')]);
    expect(() => ExtractedPost.parse(result)).not.toThrow();
  });
});
