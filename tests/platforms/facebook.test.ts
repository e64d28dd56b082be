import { describe, expect, test } from 'vitest';
import { facebookAdapter as facebook, facebookPostLink } from '../../utils/platforms/facebook';
import { ExtractedPost } from '../../utils/platforms/types';
import { postFrom, postsOf, readHandBuiltFixture } from './hand-built';

describe('facebook adapter on a feed (hand-built fixture)', () => {
  const pageUrl = 'https://www.facebook.com/';
  const posts = postsOf(facebook, readHandBuiltFixture('facebook_feed_handbuilt.html'));

  test('three feed units and one article; the comment inside unit 1 is not a post', () => {
    expect(posts).toHaveLength(4);
    expect(posts.map((post) => post.getAttribute('aria-posinset') ?? post.getAttribute('role'))).toEqual(['1', '2', '3', 'article']);
  });

  test('unit 1: the hovered timestamp’s /posts/ link beats the photo link; tracking dropped', () => {
    expect(facebook.extract(posts[0]!, pageUrl)).toEqual({
      platform: 'facebook',
      url: 'https://www.facebook.com/riverworks.example/posts/pfbid02AbCdEfGh1234567890',
      pageUrl,
      postId: 'pfbid02AbCdEfGh1234567890',
      author: { handle: 'riverworks.example', displayName: 'River Works', url: 'https://www.facebook.com/riverworks.example' },
      // The "See more" control is not text; the emoji is its <img alt>; the comment is not the post's.
      text: 'Inspection of the new flood barrier this morning.\nMore photos on our page 🌊 #rivers…',
      // The SVG avatar and the emoji (static.xx.fbcdn.net) are not media; the comment's photo is not the post's.
      media: [
        {
          kind: 'image',
          sourceUrl:
            'https://scontent-fra5-1.xx.fbcdn.net/v/t39.30808-6/461234567_1122334455667788_5566_n.jpg?_nc_cat=1&ccb=1-7&_nc_sid=127cfc&oh=00_AYb&oe=67A00002',
        },
      ],
      quoted: [],
    });
  });

  test('unit 2: timestamp not hovered (href="#"): the photo link identifies the post', () => {
    expect(facebook.extract(posts[1]!, pageUrl)).toEqual({
      platform: 'facebook',
      url: 'https://www.facebook.com/photo/?fbid=5566778899001122',
      pageUrl,
      postId: '5566778899001122',
      author: { handle: '100012345678901', displayName: 'Sam Example', url: 'https://www.facebook.com/profile.php?id=100012345678901' },
      media: [
        {
          kind: 'image',
          sourceUrl: 'https://scontent-fra5-2.xx.fbcdn.net/v/t39.30808-6/470000001_5566778899001122_77_n.jpg?oh=00_AYd&oe=67A00004',
        },
      ],
      quoted: [],
    });
  });

  test('unit 3: nothing identifies it (yet): null, even on a post’s page', () => {
    expect(facebook.extract(posts[2]!, pageUrl)).toBeNull();
    expect(facebook.extract(posts[2]!, 'https://www.facebook.com/riverworks.example/posts/pfbid0Other')).toBeNull();
  });

  test('a unit whose article nothing identifies yet: null too; the article is the unit\'s, not a post\'s page', () => {
    const unit = postFrom(facebook, `<div role="feed"><div aria-posinset="4"><div role="article">
      <div data-ad-rendering-role="profile_name"><h4><a href="/other.page">Other</a></h4></div>
      <a href="#">3h</a>
      <div data-ad-rendering-role="story_message">Another post further down the feed.</div>
    </div></div></div>`);
    expect(unit.getAttribute('aria-posinset')).toBe('4');
    expect(facebook.extract(unit, 'https://www.facebook.com/riverworks.example/posts/pfbid0Other')).toBeNull();
  });

  test('the article on a post’s own page: the page URL is its permalink; a group member is a profile id', () => {
    const postUrl = 'https://www.facebook.com/groups/flood.watchers/posts/7788990011223344/?__cft__[0]=AZX';
    expect(facebook.extract(posts[3]!, postUrl)).toEqual({
      platform: 'facebook',
      url: 'https://www.facebook.com/groups/flood.watchers/posts/7788990011223344',
      pageUrl: postUrl,
      postId: '7788990011223344',
      author: { handle: '100098765432109', displayName: 'Kim Example', url: 'https://www.facebook.com/profile.php?id=100098765432109' },
      text: 'Gate 4 is stuck again.',
      media: [],
      quoted: [],
    });
    expect(facebook.extract(posts[3]!, pageUrl)).toBeNull();
  });

  test('buttonSlot is the Like / Comment / Share row', () => {
    const slot = facebook.buttonSlot(posts[0]!);
    expect(slot?.querySelector('[data-ad-rendering-role="like_button"]')).not.toBeNull();
    expect(slot?.querySelector('[data-ad-rendering-role="share_button"]')).not.toBeNull();
    expect(slot?.querySelector('[data-ad-rendering-role="story_message"]')).toBeNull();
    expect(facebook.buttonSlot(posts[2]!)).toBeNull();
  });

  test('every fixture post passes the ExtractedPost schema (or is null)', () => {
    for (const post of posts) {
      const result = facebook.extract(post, 'https://www.facebook.com/groups/flood.watchers/posts/7788990011223344/');
      if (result) expect(() => ExtractedPost.parse(result)).not.toThrow();
    }
  });
});

describe('facebook adapter details', () => {
  test('post link shapes', () => {
    const cases: [string, string | null][] = [
      ['/someone/posts/pfbid0abc?__cft__[0]=x', 'https://www.facebook.com/someone/posts/pfbid0abc'],
      ['https://web.facebook.com/permalink.php?story_fbid=pfbid0xyz&id=100012345678901&__tn__=K', 'https://www.facebook.com/permalink.php?story_fbid=pfbid0xyz&id=100012345678901'],
      ['/story.php?story_fbid=123&id=456', 'https://www.facebook.com/permalink.php?story_fbid=123&id=456'],
      ['/photo/?fbid=123&set=a.1', 'https://www.facebook.com/photo/?fbid=123'],
      ['/riverworks.example/videos/a-title/1234567890/', 'https://www.facebook.com/riverworks.example/videos/1234567890'],
      ['/reel/987654321/?s=ifu', 'https://www.facebook.com/reel/987654321'],
      ['/watch/?v=111', 'https://www.facebook.com/watch/?v=111'],
      ['/someone/posts/pfbid0abc?comment_id=9', null],
      ['https://evil.example/someone/posts/1', null],
      ['#', null],
    ];
    for (const [href, url] of cases) expect(facebookPostLink(href)?.url ?? null).toBe(url);
  });

  // Hand-built: the page's JSON payload keyed by the video's id, as Facebook's server-rendered data carries it
  // (key names as yt-dlp's Facebook extractor reads them; values invented).
  const videoPost = (json: string) =>
    postFrom(
      facebook,
      `<div aria-posinset="4"><h4><a href="/riverworks.example">River Works</a></h4>
        <a href="https://www.facebook.com/riverworks.example/videos/1234567890123456/">video</a>
        <video poster="https://scontent-fra5-1.xx.fbcdn.net/v/t15/poster.jpg" src="blob:https://www.facebook.com/1"></video></div>
        <script type="application/json" data-sjs>${json}</script>`,
    );
  const hd = 'https://video-fra5-1.xx.fbcdn.net/o1/v/t2/f2/m69/hd.mp4?efg=x&oh=00_A&oe=6';

  test('a streamed video: its poster, and the file the page data gives for the post\'s video id (HD first)', () => {
    const json = JSON.stringify({ require: [[{ __bbox: { result: { data: { video: [
      { id: '999', browser_native_hd_url: 'https://video-fra5-1.xx.fbcdn.net/other.mp4' },
      { __typename: 'Video', id: '1234567890123456', playable_url: 'https://video-fra5-1.xx.fbcdn.net/sd.mp4', browser_native_hd_url: hd },
    ] } } } }]] });
    expect(facebook.extract(videoPost(json), 'https://www.facebook.com/')?.media).toEqual([
      { kind: 'poster', sourceUrl: 'https://scontent-fra5-1.xx.fbcdn.net/v/t15/poster.jpg' },
      { kind: 'video', sourceUrl: hd, thumbnailUrl: 'https://scontent-fra5-1.xx.fbcdn.net/v/t15/poster.jpg' },
    ]);
  });

  test('a streamed video the page data does not describe says so; the poster stays', () => {
    for (const json of ['{"id":"999","playable_url":"https://video.xx.fbcdn.net/x.mp4"}', '{"id":"1234567890123456","playable_url":"https://evil.example/x.mp4"}', '{']) {
      expect(facebook.extract(videoPost(json), 'https://www.facebook.com/')?.media).toEqual([
        { kind: 'poster', sourceUrl: 'https://scontent-fra5-1.xx.fbcdn.net/v/t15/poster.jpg' },
        {
          kind: 'video',
          sourceUrl: 'https://video.xx.fbcdn.net/',
          thumbnailUrl: 'https://scontent-fra5-1.xx.fbcdn.net/v/t15/poster.jpg',
          error: expect.stringContaining("Facebook's page data names no file"),
        },
      ]);
    }
  });

  test('a feed unit holding its post as an article: one post, read from the article, its button in the article’s own row', () => {
    const html = `<div role="feed"><div aria-posinset="5"><div class="frame">
      <div role="article">
        <div data-ad-rendering-role="profile_name"><h4><a href="/harbour.example">Harbour</a></h4></div>
        <a href="/harbour.example/posts/77">1h</a>
        <div data-ad-rendering-role="story_message">Tide tables are out.</div>
        <div class="row"><span data-ad-rendering-role="like_button"></span><span data-ad-rendering-role="comment_button"></span></div>
        <div role="article" aria-label="Comment"><a href="/someone">Someone</a><span data-ad-rendering-role="like_button"></span><span data-ad-rendering-role="share_button"></span></div>
      </div></div></div></div>`;
    // The unit is the post (the article inside it is excluded by `:not(div[aria-posinset] *)`, which
    // happy-dom cannot evaluate; Chromium and Firefox can, and find this one post alone).
    const found = [postFrom(facebook, html)];
    expect(found[0]!.getAttribute('aria-posinset')).toBe('5');
    expect(facebook.extract(found[0]!, 'https://www.facebook.com/')).toMatchObject({
      url: 'https://www.facebook.com/harbour.example/posts/77',
      author: { handle: 'harbour.example' },
      text: 'Tide tables are out.',
    });
    expect(facebook.buttonSlot(found[0]!)?.className).toBe('row');
  });

  test('buttonSlot: markers a unit holds outside its article are not the post’s; one without an article keeps its own', () => {
    const article = `<div role="article"><div class="row"><span data-ad-rendering-role="like_button"></span><span data-ad-rendering-role="comment_button"></span></div></div>`;
    const outside = `<div class="outside"><span data-ad-rendering-role="like_button"></span><span data-ad-rendering-role="share_button"></span></div>`;
    const withArticle = postFrom(facebook, `<div aria-posinset="1">${outside}${article}</div>`);
    expect(facebook.buttonSlot(withArticle)?.className).toBe('row');
    const onlyOutside = postFrom(facebook, `<div aria-posinset="1">${outside}<div role="article"></div></div>`);
    expect(facebook.buttonSlot(onlyOutside)).toBeNull();
    expect(facebook.buttonSlot(postFrom(facebook, `<div aria-posinset="1">${outside}</div>`))?.className).toBe('outside');
  });

  test('the post selector has no :has(): it is tested against every element a feed adds (types.ts)', () => {
    expect(facebook.postSelector).not.toContain(':has(');
  });

  test('bare posts: null, no throw', () => {
    for (const html of ['<div aria-posinset="1"></div>', '<div role="article"></div>']) {
      const post = postFrom(facebook, html);
      expect(facebook.extract(post, 'https://www.facebook.com/')).toBeNull();
      expect(facebook.buttonSlot(post)).toBeNull();
    }
  });

  test('hostile markup: foreign hosts, script links, non-CDN images, long text', () => {
    const post = postFrom(
      facebook,
      `<div aria-posinset="9"><h4><a href="https://evil.example/mallory">Mallory</a><a href="javascript:alert(1)">x</a></h4>
        <a href="https://evil.example/x/posts/1">x</a><a href="/real.page/posts/42">2h</a>
        <img src="https://evil.example/scontent.jpg"><img src="https://static.xx.fbcdn.net/emoji.png"><img src="data:image/png;base64,AAAA">
        <div data-ad-rendering-role="story_message">${'a'.repeat(6000)}</div></div>`,
    );
    const result = facebook.extract(post, 'https://www.facebook.com/');
    expect(result).toMatchObject({ url: 'https://www.facebook.com/real.page/posts/42', media: [] });
    expect(result).not.toHaveProperty('author');
    expect(result?.text).toHaveLength(5000);
    expect(() => ExtractedPost.parse(result)).not.toThrow();
  });
});
