import { describe, expect, test } from 'vitest';
import { redditAdapter as reddit } from '../../utils/platforms/reddit';
import { ExtractedPost } from '../../utils/platforms/types';
import { postFrom, postsInCapture, postsOf, readHandBuiltFixture } from './hand-built';

describe('reddit adapter on old Reddit (div.thing)', () => {
  const pageUrl = 'https://old.reddit.com/r/programming/';
  const posts = postsInCapture(reddit, 'reddit/old_reddit_listing_things_2023-02-18.html');

  test('finds both things', () => {
    expect(posts).toHaveLength(2);
  });

  test('a link post: data-* attributes and time[datetime]; its outbound URL is not media but its out-link', () => {
    expect(reddit.extract(posts[0]!, pageUrl)).toEqual({
      platform: 'reddit',
      url: 'https://old.reddit.com/r/programming/comments/114rpif/john_carmack_on_functional_programming_in_c/',
      pageUrl,
      postId: 't3_114rpif',
      author: { handle: 'u/Alexander_Selkirk', url: 'https://old.reddit.com/user/Alexander_Selkirk/', id: 't2_rvxk0' },
      postedAt: '2023-02-17T16:58:27+00:00',
      text: 'John Carmack on Functional Programming in C++',
      media: [],
      quoted: [],
      // Report 1.2: the link post no longer loses its target.
      outLinks: [{ url: 'http://sevangelatos.com/john-carmack-on/', offPlatform: true }],
    });
  });

  test('a stickied self post from another subreddit', () => {
    expect(reddit.extract(posts[1]!, pageUrl)).toEqual({
      platform: 'reddit',
      url: 'https://old.reddit.com/r/emacs/comments/112t0uo/weekly_tips_tricks_c_thread/',
      pageUrl,
      postId: 't3_112t0uo',
      author: { handle: 'u/AutoModerator', url: 'https://old.reddit.com/user/AutoModerator/', id: 't2_6l4z3' },
      postedAt: '2023-02-15T08:15:09+00:00',
      text: 'Weekly Tips, Tricks, &c. Thread',
      media: [],
      quoted: [],
    });
  });

  test('on www.reddit.com the links stay on www; data-timestamp stands in for a missing <time>', () => {
    const post = posts[0]!.cloneNode(true) as Element;
    post.querySelector('time')?.remove();
    expect(reddit.extract(post, 'https://www.reddit.com/r/programming/')).toMatchObject({
      url: 'https://www.reddit.com/r/programming/comments/114rpif/john_carmack_on_functional_programming_in_c/',
      author: { url: 'https://www.reddit.com/user/Alexander_Selkirk/' },
      postedAt: '2023-02-17T16:58:27Z',
    });
  });

  test('buttonSlot is the row of links under the title', () => {
    expect(reddit.buttonSlot(posts[0]!)?.matches('ul.flat-list.buttons')).toBe(true);
  });

  test('an image link post (i.redd.it) is the image; a self post shows its body when loaded', () => {
    const post = postFrom(
      reddit,
      `<div class="thing link" data-fullname="t3_abc12" data-author="someone" data-url="https://i.redd.it/q1w2e3r4t5.png"
        data-permalink="/r/pics/comments/abc12/a_picture/" data-timestamp="1700000000000">
        <a class="thumbnail" href="https://i.redd.it/q1w2e3r4t5.png"><img src="https://b.thumbs.redditmedia.com/thumb.jpg"></a>
        <div class="entry"><p class="title"><a class="title" href="https://i.redd.it/q1w2e3r4t5.png">A picture</a></p>
        <div class="expando"><div class="usertext-body"><div class="md"><p>First.</p><p>Second.</p></div></div></div></div></div>`,
    );
    expect(reddit.extract(post, 'https://old.reddit.com/')).toEqual({
      platform: 'reddit',
      url: 'https://old.reddit.com/r/pics/comments/abc12/a_picture/',
      pageUrl: 'https://old.reddit.com/',
      postId: 't3_abc12',
      author: { handle: 'u/someone', url: 'https://old.reddit.com/user/someone/' },
      postedAt: '2023-11-14T22:13:20Z',
      text: 'A picture\n\nFirst.\n\nSecond.',
      media: [{ kind: 'image', sourceUrl: 'https://i.redd.it/q1w2e3r4t5.png', thumbnailUrl: 'https://b.thumbs.redditmedia.com/thumb.jpg' }],
      quoted: [],
    });
  });
});

describe('reddit videos (hand-built markup: the shared captures hold no video post)', () => {
  const hls = 'https://v.redd.it/u7jjlh675oth1/HLSPlaylist.m3u8?f=hd%2CsubsAll&v=1&a=1794126759%2COGRl';
  const poster = 'https://external-preview.redd.it/a-video-v0-aWluMDlz.png?width=640&crop=smart&s=7fb0';
  const card = (player: string) => `<shreddit-post permalink="/r/sports/comments/1wybtdf/a_video/" id="t3_1wybtdf" post-type="video"
      author="someone" post-title="A video"><div slot="post-media-container">${player}</div></shreddit-post>`;

  test('new Reddit: the poster and the shreddit-player HLS manifest (its signed query kept)', () => {
    const post = postFrom(reddit, card(`<shreddit-player src="${hls.replaceAll('&', '&amp;')}" poster="${poster.replaceAll('&', '&amp;')}"></shreddit-player>`));
    expect(reddit.extract(post, 'https://www.reddit.com/')?.media).toEqual([
      { kind: 'poster', sourceUrl: poster },
      { kind: 'video', sourceUrl: hls, thumbnailUrl: poster },
    ]);
  });

  test('new Reddit: a player whose src is not a v.redd.it manifest says so; a GIF player keeps its poster only', () => {
    const foreign = postFrom(reddit, card(`<shreddit-player-2 src="https://evil.example/x.m3u8" poster="${poster}"></shreddit-player-2>`));
    expect(reddit.extract(foreign, 'https://www.reddit.com/')?.media).toEqual([
      { kind: 'poster', sourceUrl: poster },
      { kind: 'video', sourceUrl: 'https://v.redd.it/', thumbnailUrl: poster, error: expect.stringContaining('Reddit does not name') },
    ]);
    const gif = postFrom(reddit, card(`<shreddit-player gif src="https://preview.redd.it/abc.gif?format=mp4" poster="${poster}"></shreddit-player>`).replace('post-type="video"', 'post-type="gif"'));
    expect(reddit.extract(gif, 'https://www.reddit.com/')?.media).toEqual([{ kind: 'poster', sourceUrl: poster }]);
  });

  const thing = (expando: string) => `<div class="thing link" data-fullname="t3_abc12" data-author="someone" data-url="https://v.redd.it/abc12"
      data-permalink="/r/videos/comments/abc12/a_video/" data-timestamp="1700000000000">
      <div class="entry"><p class="title"><a class="title" href="/r/videos/comments/abc12/a_video/">A video</a></p>${expando}</div></div>`;

  test('old Reddit: the open expando\'s data-hls-url, else data-mpd-url', () => {
    const open = postFrom(reddit, thing(`<div class="expando"><div class="reddit-video-player-root"
      data-hls-url="https://v.redd.it/abc12/HLSPlaylist.m3u8?a=1&amp;v=1&amp;f=sd" data-mpd-url="https://v.redd.it/abc12/DASHPlaylist.mpd?a=1"></div></div>`));
    expect(reddit.extract(open, 'https://old.reddit.com/')?.media).toEqual([
      { kind: 'video', sourceUrl: 'https://v.redd.it/abc12/HLSPlaylist.m3u8?a=1&v=1&f=sd' },
    ]);
    const dashOnly = postFrom(reddit, thing(`<div class="expando"><div data-mpd-url="https://v.redd.it/abc12/DASHPlaylist.mpd?a=1"></div></div>`));
    expect(reddit.extract(dashOnly, 'https://old.reddit.com/')?.media).toEqual([
      { kind: 'video', sourceUrl: 'https://v.redd.it/abc12/DASHPlaylist.mpd?a=1' },
    ]);
  });

  test('old Reddit: a closed expando keeps the player in data-cachedhtml', () => {
    const cached = '<div class="reddit-video-player-root" data-hls-url="https://v.redd.it/abc12/HLSPlaylist.m3u8?a=1&amp;v=1"></div>';
    const post = postFrom(reddit, thing(`<div class="expando expando-uninitialized" data-cachedhtml="${cached.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;')}"></div>`));
    expect(reddit.extract(post, 'https://old.reddit.com/')?.media).toEqual([
      { kind: 'video', sourceUrl: 'https://v.redd.it/abc12/HLSPlaylist.m3u8?a=1&v=1' },
    ]);
  });
});

describe('reddit adapter on new Reddit (shreddit-post, hand-built fixture)', () => {
  const pageUrl = 'https://www.reddit.com/r/programming/';
  const posts = postsOf(reddit, readHandBuiltFixture('reddit_shreddit_feed_handbuilt.html'));

  test('finds the four cards', () => {
    expect(posts).toHaveLength(4);
  });

  test('the real card: everything from attributes; +0000 normalised to UTC', () => {
    expect(reddit.extract(posts[0]!, pageUrl)).toEqual({
      platform: 'reddit',
      url: 'https://www.reddit.com/r/programming/comments/1vbp0vm/on_type_inference/',
      pageUrl,
      postId: 't3_1vbp0vm',
      author: { handle: 'u/radekmie', url: 'https://www.reddit.com/user/radekmie/', id: 't2_cx7hq' },
      postedAt: '2026-07-31T12:03:50.281Z',
      text: 'On Type Inference',
      media: [],
      quoted: [],
      outLinks: [{ url: 'https://radekmie.dev/blog/on-type-inference/', offPlatform: true }],
    });
    expect(reddit.buttonSlot(posts[0]!)?.getAttribute('slot')).toBe('credit-bar');
  });

  test('a text post: title, then the body’s paragraphs', () => {
    expect(reddit.extract(posts[1]!, pageUrl)).toEqual({
      platform: 'reddit',
      url: 'https://www.reddit.com/r/rivers/comments/1vbq2ab/barrier_closed_again/',
      pageUrl,
      postId: 't3_1vbq2ab',
      author: { handle: 'u/river_watcher', url: 'https://www.reddit.com/user/river_watcher/', id: 't2_ab12cd' },
      postedAt: '2026-07-31T10:15:00.000Z',
      text: 'Barrier closed again\n\nThird time this month. The gates went up at 6am.\n\nAnyone know why?',
      media: [],
      quoted: [],
    });
  });

  test('an image post: content-href at full size, the shown preview as thumbnail', () => {
    expect(reddit.extract(posts[2]!, pageUrl)?.media).toEqual([
      {
        kind: 'image',
        sourceUrl: 'https://i.redd.it/x7k2m9q4bz1f1.jpeg',
        thumbnailUrl: 'https://preview.redd.it/x7k2m9q4bz1f1.jpeg?width=640&crop=smart&auto=webp&s=0d3a5f6e7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e',
      },
    ]);
  });

  test('a gallery by a deleted account: slides at full size, no author', () => {
    expect(reddit.extract(posts[3]!, pageUrl)).toEqual({
      platform: 'reddit',
      url: 'https://www.reddit.com/r/rivers/comments/1vbs0gl/before_and_after/',
      pageUrl,
      postId: 't3_1vbs0gl',
      postedAt: '2026-07-30T08:00:00.000Z',
      text: 'Before and after',
      media: [
        {
          kind: 'image',
          sourceUrl: 'https://i.redd.it/a1b2c3d4e5f6g.jpg',
          thumbnailUrl: 'https://preview.redd.it/before-and-after-v0-a1b2c3d4e5f6g.jpg?width=1080&format=pjpg&auto=webp&s=aa11',
        },
        {
          kind: 'image',
          sourceUrl: 'https://i.redd.it/h7i8j9k0l1m2n.png',
          thumbnailUrl: 'https://preview.redd.it/before-and-after-v0-h7i8j9k0l1m2n.png?width=1080&format=png&auto=webp&s=bb22',
        },
      ],
      quoted: [],
    });
  });
});

describe('reddit adapter robustness', () => {
  test('every fixture post passes the ExtractedPost schema', () => {
    const posts = [
      ...postsInCapture(reddit, 'reddit/old_reddit_listing_things_2023-02-18.html'),
      ...postsOf(reddit, readHandBuiltFixture('reddit_shreddit_feed_handbuilt.html')),
    ];
    expect(posts).toHaveLength(6);
    for (const post of posts) expect(() => ExtractedPost.parse(reddit.extract(post, 'https://www.reddit.com/'))).not.toThrow();
  });

  test('bare posts: null, no throw', () => {
    for (const html of ['<shreddit-post></shreddit-post>', '<div class="thing" data-fullname="t3_x"></div>']) {
      const post = postFrom(reddit, html);
      expect(reddit.extract(post, 'https://www.reddit.com/')).toBeNull();
      expect(reddit.buttonSlot(post)).toBeNull();
    }
  });

  test('comments are not posts', () => {
    expect(postsOf(reddit, '<div class="thing comment" data-fullname="t1_abc" data-permalink="/r/a/comments/b/c/d/"></div>')).toHaveLength(0);
  });

  test('hostile attributes: foreign or script permalinks, bad authors, foreign media', () => {
    for (const permalink of ['javascript:alert(1)', 'https://evil.example/r/a/comments/abc/x/', '//evil.example/r/a/comments/abc/x/']) {
      expect(reddit.extract(postFrom(reddit, `<shreddit-post permalink="${permalink}" author="a"></shreddit-post>`), 'https://www.reddit.com/')).toBeNull();
    }
    const post = postFrom(
      reddit,
      `<shreddit-post permalink="/r/abc/comments/abc/x/" author="&lt;script&gt;" post-type="image" content-href="https://evil.example/i.png"
        post-title="${'t'.repeat(6000)}" created-timestamp="yesterday"></shreddit-post>`,
    );
    const result = reddit.extract(post, 'https://www.reddit.com/');
    expect(result).toMatchObject({ url: 'https://www.reddit.com/r/abc/comments/abc/x/', media: [] });
    expect(result).not.toHaveProperty('author');
    expect(result).not.toHaveProperty('postedAt');
    expect(result?.text).toHaveLength(5000);
    expect(() => ExtractedPost.parse(result)).not.toThrow();
  });
});
