import { describe, expect, test } from 'vitest';
import { blueskyAdapter as bluesky, tidTime } from '../../utils/platforms/bluesky';
import { ExtractedPost } from '../../utils/platforms/types';
import { postFrom, postsInCapture } from './hand-built';

const owlImage = 'plain/did:plc:24xmtazrkaxh7kwx2ehginec/bafkreialfqefcq2xoumlw6ulbkfbamombpf5g56x3oncuxulwelcm6332i@jpeg';

describe('bluesky adapter on a thread page', () => {
  const pageUrl = 'https://bsky.app/profile/glendunlap.bsky.social/post/3mdegyw3ves2t';
  const posts = postsInCapture(bluesky, 'bluesky/bsky_post_thread_glendunlap_2026-01-27.html');

  test('finds the focal post and two replies', () => {
    expect(posts).toHaveLength(3);
  });

  test('focal post: no /post/ link and no <time>: the page URL, and the time from the rkey TID', () => {
    const post = bluesky.extract(posts[0]!, pageUrl);
    expect(post).toEqual({
      platform: 'bluesky',
      url: 'https://bsky.app/profile/glendunlap.bsky.social/post/3mdegyw3ves2t',
      pageUrl,
      postId: '3mdegyw3ves2t',
      author: {
        handle: '@glendunlap.bsky.social',
        displayName: 'Glen Dunlap',
        url: 'https://bsky.app/profile/glendunlap.bsky.social',
        // From the avatar's CDN path; the page's <noscript> summary names the same DID.
        id: 'did:plc:24xmtazrkaxh7kwx2ehginec',
      },
      postedAt: '2026-01-26T23:55:27.431Z',
      text: 'Owliver decided to fly to another branch and check things out. He can look in my window from this spot!  #Birds #Raptors #Nature #Photography',
      media: [
        {
          kind: 'image',
          sourceUrl: `https://cdn.bsky.app/img/feed_fullsize/${owlImage}`,
          thumbnailUrl: `https://cdn.bsky.app/img/feed_thumbnail/${owlImage}`,
        },
      ],
      quoted: [],
    });
    expect(post?.text?.startsWith('Owliver decided to fly to another branch and check things ou')).toBe(true);
  });

  test('replies link to themselves; their time is their TID too (the link shows local time only)', () => {
    expect(bluesky.extract(posts[1]!, pageUrl)).toEqual({
      platform: 'bluesky',
      url: 'https://bsky.app/profile/dreece-ca.bsky.social/post/3mdeitsgznc24',
      pageUrl,
      postId: '3mdeitsgznc24',
      author: {
        handle: '@dreece-ca.bsky.social',
        displayName: 'Reece Martin 🫘 🇺🇸',
        url: 'https://bsky.app/profile/dreece-ca.bsky.social',
        id: 'did:plc:lsxeabri2cfwvzncqlrlklp6',
      },
      // aria-label "January 27, 2026 at 1:28 AM" in the capturing browser's UTC+1.
      postedAt: '2026-01-27T00:28:23.313Z',
      text: "He's looking a little judge-y.",
      media: [],
      quoted: [],
    });
    expect(bluesky.extract(posts[2]!, pageUrl)).toMatchObject({
      url: 'https://bsky.app/profile/lizthelawless.bsky.social/post/3mdeicpyge22l',
      author: { handle: '@lizthelawless.bsky.social', displayName: 'Liz Lawless' },
      text: "He's a peeping owl!!!",
    });
  });

  test('the focal post quoting its own author’s post keeps the page URL; the quote is referenced', () => {
    const post = posts[0]!.cloneNode(true) as Element;
    post.querySelector('[data-word-wrap="1"]')!.insertAdjacentHTML(
      'afterend',
      '<a href="/profile/glendunlap.bsky.social/post/3mddvy5bv6k27"><div data-word-wrap="1">an older owl</div></a>',
    );
    expect(bluesky.extract(post, pageUrl)).toMatchObject({
      url: pageUrl,
      text: expect.stringMatching(/^Owliver/),
      quoted: [{ url: 'https://bsky.app/profile/glendunlap.bsky.social/post/3mddvy5bv6k27', author: { handle: '@glendunlap.bsky.social' } }],
    });
  });

  test('a reply row of the same author is never taken for the page’s post', () => {
    const reply = posts[1]!.cloneNode(true) as Element;
    reply.setAttribute('data-testid', 'postThreadItem-by-glendunlap.bsky.social');
    reply.querySelectorAll('a[href*="/post/"]').forEach((a) => a.remove());
    expect(bluesky.extract(reply, pageUrl)).toBeNull();
  });

  test('the focal post is only the page URL’s post: elsewhere it cannot be identified', () => {
    expect(bluesky.extract(posts[0]!, 'https://bsky.app/')).toBeNull();
    expect(bluesky.extract(posts[0]!, 'https://bsky.app/profile/someone.else/post/3mdegyw3ves2t')).toBeNull();
  });

  test('buttonSlot is the reply … options row', () => {
    const slot = bluesky.buttonSlot(posts[0]!);
    expect(slot?.querySelector('[data-testid="replyBtn"]')).not.toBeNull();
    expect(slot?.querySelector('[data-testid="postDropdownBtn"]')).not.toBeNull();
    expect(slot?.querySelector('[data-word-wrap]')).toBeNull();
  });
});

describe('bluesky adapter on a profile feed', () => {
  const pageUrl = 'https://bsky.app/profile/stephenking.bsky.social';
  const posts = postsInCapture(bluesky, 'bluesky/bsky_profile_feed_stephenking_2026-01.html');

  test('first post: its /post/ link, TID time, postText', () => {
    expect(posts).toHaveLength(3);
    const post = bluesky.extract(posts[0]!, pageUrl);
    expect(post).toEqual({
      platform: 'bluesky',
      url: 'https://bsky.app/profile/stephenking.bsky.social/post/3mddvy5bv6k27',
      pageUrl,
      postId: '3mddvy5bv6k27',
      author: { handle: '@stephenking.bsky.social', displayName: 'Stephen King', url: 'https://bsky.app/profile/stephenking.bsky.social' },
      postedAt: '2026-01-26T18:50:47.802Z',
      text:
        'The rightwing response to the murder of Alex Pretti is predictable: to outshout and talk over anyone taking ' +
        "another position. The shrillness on Twitter is especially grating, but again, not surprising. It's Orwell's " +
        'doublespeak. If the man had a cell phone instead of a gun, yell louder.',
      media: [],
      quoted: [],
    });
    expect(post?.text?.startsWith('The rightwing response to the murder of Alex Pretti is predi')).toBe(true);
  });

  test('the other rows', () => {
    expect(posts.slice(1).map((post) => bluesky.extract(post, pageUrl)?.url)).toEqual([
      'https://bsky.app/profile/stephenking.bsky.social/post/3md4rhnginc2m',
      'https://bsky.app/profile/stephenking.bsky.social/post/3md274jjoss2f',
    ]);
  });
});

describe('bluesky adapter details', () => {
  test('TID decoding: top 53 bits are microseconds since the epoch', () => {
    expect(tidTime('3mdegyw3ves2t')).toBe('2026-01-26T23:55:27.431Z');
    expect(tidTime('3mddvy5bv6k27')).toBe('2026-01-26T18:50:47.802Z');
    expect(tidTime('self')).toBeUndefined();
    expect(tidTime('zzzzzzzzzzzzz')).toBeUndefined(); // top bit set: not a TID
  });

  const row = (inner: string) => `<div role="link" data-testid="feedItem-by-alice.example.com">
    <a href="/profile/alice.example.com" aria-label="Alice's avatar"><div data-testid="userAvatarImage"><img src="https://cdn.bsky.app/img/avatar_thumbnail/plain/did:plc:aaaa/bafyavatar@jpeg"></div></a>
    <a href="/profile/alice.example.com" dir="auto">‪Alice‬</a><a href="/profile/alice.example.com" dir="auto">&nbsp;‪@alice.example.com‬</a>
    <a href="/profile/alice.example.com/post/3mdegyw3ves2t" data-tooltip="x"><span>· </span>1h</a>
    <div data-testid="contentHider-post"><div dir="auto" data-word-wrap="1" data-testid="postText">mine</div></div>${inner}
    <div><div><button data-testid="replyBtn"></button></div><div><button data-testid="likeBtn"></button></div><div><button data-testid="postDropdownBtn"></button></div></div></div>`;

  test('a quote is referenced, its text and images never merged', () => {
    const post = postFrom(
      bluesky,
      row(`<a href="/profile/bob.example.com/post/3mddvy5bv6k27" title="Post by bob.example.com"><div>
        <div dir="auto">Bob</div><div dir="auto" data-word-wrap="1">quoted text</div>
        <img src="https://cdn.bsky.app/img/feed_thumbnail/plain/did:plc:bbbb/bafyquoted@jpeg"></div></a>`),
    );
    expect(bluesky.extract(post, 'https://bsky.app/')).toEqual({
      platform: 'bluesky',
      url: 'https://bsky.app/profile/alice.example.com/post/3mdegyw3ves2t',
      pageUrl: 'https://bsky.app/',
      postId: '3mdegyw3ves2t',
      author: { handle: '@alice.example.com', displayName: 'Alice', url: 'https://bsky.app/profile/alice.example.com', id: 'did:plc:aaaa' },
      postedAt: '2026-01-26T23:55:27.431Z',
      text: 'mine',
      media: [],
      quoted: [{ url: 'https://bsky.app/profile/bob.example.com/post/3mddvy5bv6k27', author: { handle: '@bob.example.com' } }],
    });
  });

  test('a video is its poster frame and its HLS playlist; a <time datetime>, when present, is preferred over the TID', () => {
    const post = postFrom(
      bluesky,
      row(`<time datetime="2026-01-26T23:55:28.000Z"></time><video poster="https://video.bsky.app/watch/did%3Aplc%3Aaaaa/bafyvideo/thumbnail.jpg" src="blob:https://bsky.app/1"></video>`),
    );
    expect(bluesky.extract(post, 'https://bsky.app/')).toMatchObject({
      postedAt: '2026-01-26T23:55:28.000Z',
      media: [
        { kind: 'poster', sourceUrl: 'https://video.bsky.app/watch/did%3Aplc%3Aaaaa/bafyvideo/thumbnail.jpg' },
        {
          kind: 'video',
          sourceUrl: 'https://video.bsky.app/watch/did%3Aplc%3Aaaaa/bafyvideo/playlist.m3u8',
          thumbnailUrl: 'https://video.bsky.app/watch/did%3Aplc%3Aaaaa/bafyvideo/thumbnail.jpg',
        },
      ],
    });
  });

  test('an embed not yet playing shows its thumbnail as an <img>: the same poster and stream', () => {
    const thumbnail = 'https://video.bsky.app/watch/did%3Aplc%3Aaaaa/bafyvideo/thumbnail.jpg';
    const post = postFrom(bluesky, row(`<div><img src="${thumbnail}"></div>`));
    expect(bluesky.extract(post, 'https://bsky.app/')?.media).toEqual([
      { kind: 'poster', sourceUrl: thumbnail },
      { kind: 'video', sourceUrl: thumbnail.replace('thumbnail.jpg', 'playlist.m3u8'), thumbnailUrl: thumbnail },
    ]);
  });

  test('a poster that is not an embed thumbnail names no stream', () => {
    for (const poster of ['https://video.bsky.app/watch/did%3Aplc%3Aaaaa/bafyvideo/other.jpg', 'https://cdn.bsky.app/img/x.jpg']) {
      const post = postFrom(bluesky, row(`<video poster="${poster}" src="blob:https://bsky.app/1"></video>`));
      expect(bluesky.extract(post, 'https://bsky.app/')?.media).toEqual([{ kind: 'poster', sourceUrl: poster }]);
    }
  });

  test('every fixture post passes the ExtractedPost schema', () => {
    const pageUrl = 'https://bsky.app/profile/glendunlap.bsky.social/post/3mdegyw3ves2t';
    const posts = [
      ...postsInCapture(bluesky, 'bluesky/bsky_post_thread_glendunlap_2026-01-27.html'),
      ...postsInCapture(bluesky, 'bluesky/bsky_profile_feed_stephenking_2026-01.html'),
    ];
    expect(posts).toHaveLength(6);
    for (const post of posts) expect(() => ExtractedPost.parse(bluesky.extract(post, pageUrl))).not.toThrow();
  });

  test('bare rows: null, no throw', () => {
    for (const html of ['<div data-testid="feedItem-by-"></div>', '<div data-testid="postThreadItem-by-a.b"></div>']) {
      const post = postFrom(bluesky, html);
      expect(bluesky.extract(post, 'https://bsky.app/')).toBeNull();
      expect(bluesky.buttonSlot(post)).toBeNull();
    }
  });

  test('hostile markup: foreign hosts, script links, foreign images, long text', () => {
    const post = postFrom(
      bluesky,
      `<div data-testid="feedItem-by-alice.example.com">
        <a href="https://evil.example/profile/alice.example.com/post/3mdegyw3ves2t">x</a>
        <a href="javascript:alert(1)//profile/alice.example.com/post/3mdegyw3ves2t">x</a>
        <a href="https://bsky.app/profile/alice.example.com/post/3mddvy5bv6k27">1h</a>
        <img src="https://evil.example/img/feed_thumbnail/plain/x@jpeg"><img src="data:image/png;base64,AAAA">
        <div data-testid="postText">${'a'.repeat(6000)}</div></div>`,
    );
    const result = bluesky.extract(post, 'https://bsky.app/');
    expect(result).toMatchObject({ url: 'https://bsky.app/profile/alice.example.com/post/3mddvy5bv6k27', media: [], quoted: [] });
    expect(result?.text).toHaveLength(5000);
    expect(() => ExtractedPost.parse(result)).not.toThrow();
  });
});
