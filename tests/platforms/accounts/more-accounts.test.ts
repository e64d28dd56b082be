import { describe, expect, test } from 'vitest';
import { blueskyAdapter } from '../../../utils/platforms/bluesky';
import { guarded } from '../../../utils/platforms/guarded';
import { redditAdapter } from '../../../utils/platforms/reddit';
import { tiktokAdapter } from '../../../utils/platforms/tiktok';
import { parseInert as parse, readDomFixture } from '../../../test-support/dom-fixtures';
import { readHandBuiltFixture } from '../hand-built';

describe('tiktok: the account of a profile page', () => {
  const tiktok = guarded(tiktokAdapter);
  const profile = () => parse(readDomFixture('tiktok/tiktok_profile_grid_illojuan_2025-12.html'));

  test('illojuan: handle, name, avatar, the 18 tiles of the grid', () => {
    const read = tiktok.readAccount!(profile(), 'https://www.tiktok.com/@illojuan');
    expect(read?.header.querySelector('h1[data-e2e="user-title"]')).not.toBeNull();
    expect(read?.account).toMatchObject({
      handle: '@illojuan', displayName: 'IlloJuan', url: 'https://www.tiktok.com/@illojuan',
      avatarUrl: expect.stringMatching(/^https:\/\/p16-common-sign\.tiktokcdn-eu\.com\/tos-maliva-avt-0068\//),
    });
    expect(read?.account.recentPosts).toHaveLength(18);
    expect(read?.account.recentPosts[0]).toEqual({ url: 'https://www.tiktok.com/@illojuan/video/7571863205253778710', id: '7571863205253778710' });
  });

  test('no account on a video page, or a profile URL the header does not match', () => {
    expect(tiktok.readAccount!(profile(), 'https://www.tiktok.com/@illojuan/video/7571863205253778710')).toBeNull();
    expect(tiktok.readAccount!(profile(), 'https://www.tiktok.com/@someoneelse')).toBeNull();
  });
});

describe('bluesky: the account of a profile page', () => {
  const bluesky = guarded(blueskyAdapter);
  const profile = () => parse(readDomFixture('bluesky/bsky_profile_feed_stephenking_2026-01.html'));

  test('stephenking: handle, name (without its badge), the three rows in view; the saved page drew no picture', () => {
    const read = bluesky.readAccount!(profile(), 'https://bsky.app/profile/stephenking.bsky.social');
    expect(read?.account).toEqual({
      handle: '@stephenking.bsky.social', displayName: 'Stephen King', url: 'https://bsky.app/profile/stephenking.bsky.social',
      recentPosts: expect.arrayContaining([{ url: 'https://bsky.app/profile/stephenking.bsky.social/post/3mddvy5bv6k27', id: '3mddvy5bv6k27' }]),
    });
    expect(read?.account.recentPosts).toHaveLength(3);
  });

  test('with its avatar drawn (as the live page does), the avatar on cdn.bsky.app is hashed', () => {
    const page = profile();
    page.querySelector('[data-testid="userAvatarImage"]')!.innerHTML = '<img src="https://cdn.bsky.app/img/avatar/plain/did:plc:abc/bafk@jpeg">';
    expect(bluesky.readAccount!(page, 'https://bsky.app/profile/stephenking.bsky.social')?.account.avatarUrl)
      .toBe('https://cdn.bsky.app/img/avatar/plain/did:plc:abc/bafk@jpeg');
  });

  test('no account on a post page', () => {
    expect(bluesky.readAccount!(profile(), 'https://bsky.app/profile/stephenking.bsky.social/post/3mddvy5bv6k27')).toBeNull();
  });
});

describe('reddit: a subreddit or a user (hand-built from old Reddit sidebar markup and the saved listing)', () => {
  const reddit = guarded(redditAdapter);
  const withSidebar = () => {
    const page = parse(readDomFixture('reddit/old_reddit_listing_things_2023-02-18.html'));
    const side = document.createElement('div');
    side.className = 'side';
    side.innerHTML = '<div class="titlebox"><h1 class="redditname"><a href="https://old.reddit.com/r/programming/">programming</a></h1></div>';
    // Where old Reddit writes it: the sidebar before the listing (it floats to the right), so its header is above the posts.
    page.prepend(side);
    return page;
  };

  test('a subreddit: r/name, its posts in view', () => {
    const read = reddit.readAccount!(withSidebar(), 'https://old.reddit.com/r/programming/');
    expect(read?.header.matches('.titlebox')).toBe(true);
    expect(read?.account).toEqual({
      handle: 'r/programming', displayName: 'programming', url: 'https://old.reddit.com/r/programming/',
      recentPosts: [
        { url: 'https://old.reddit.com/r/programming/comments/114rpif/john_carmack_on_functional_programming_in_c/', id: 't3_114rpif' },
        { url: 'https://old.reddit.com/r/emacs/comments/112t0uo/weekly_tips_tricks_c_thread/', id: 't3_112t0uo' },
      ],
    });
  });

  test("a user's page: u/name, their posts only", () => {
    const read = reddit.readAccount!(withSidebar(), 'https://old.reddit.com/user/AutoModerator/');
    expect(read?.account).toMatchObject({ handle: 'u/AutoModerator', url: 'https://old.reddit.com/user/AutoModerator/' });
    expect(read?.account.recentPosts.map((post) => post.id)).toEqual(['t3_112t0uo']);
  });

  test("old Reddit's header picture is a subreddit's banner (on its thumbnail host), never a user's", () => {
    const page = withSidebar();
    const header = document.createElement('div');
    header.id = 'header';
    header.innerHTML = '<a href="/r/programming/"><img id="header-img" src="https://b.thumbs.redditmedia.com/Zr5tQ8wLm1cQx7bN2kLp4E.png"></a>';
    page.prepend(header);
    expect(reddit.readAccount!(page, 'https://old.reddit.com/r/programming/')?.account.bannerUrl)
      .toBe('https://b.thumbs.redditmedia.com/Zr5tQ8wLm1cQx7bN2kLp4E.png');
    expect(reddit.readAccount!(page, 'https://old.reddit.com/user/AutoModerator/')?.account.bannerUrl).toBeUndefined();
    page.querySelector('#header-img')!.setAttribute('src', 'https://tracker.example/header.png');
    expect(reddit.readAccount!(page, 'https://old.reddit.com/r/programming/')?.account.bannerUrl).toBeUndefined();
  });

  test('no account on a comments page or without a sidebar', () => {
    expect(reddit.readAccount!(withSidebar(), 'https://old.reddit.com/r/programming/comments/114rpif/x/')).toBeNull();
    expect(reddit.readAccount!(parse(readDomFixture('reddit/old_reddit_listing_things_2023-02-18.html')), 'https://old.reddit.com/r/programming/')).toBeNull();
  });
});

describe('reddit: a new Reddit subreddit (hand-built: the header element and its attributes, pictures as Reddit names them)', () => {
  const reddit = guarded(redditAdapter);
  const PAGE = 'https://www.reddit.com/r/rivers/';
  const page = () => parse(readHandBuiltFixture('reddit_subreddit_handbuilt.html'));

  test('r/rivers: handle, display name, id, URL, its icon and banner (not the side menu\'s icon), its posts', () => {
    const read = reddit.readAccount!(page(), PAGE);
    expect(read?.header.localName).toBe('shreddit-subreddit-header');
    expect(read?.account).toEqual({
      handle: 'r/rivers', displayName: 'Rivers', id: 't5_3rvx9', url: 'https://www.reddit.com/r/rivers/',
      avatarUrl: 'https://styles.redditmedia.com/t5_3rvx9/styles/communityIcon_q1w2e3r4t5y6.png?width=256&s=9a8b7c6d',
      bannerUrl: 'https://styles.redditmedia.com/t5_3rvx9/styles/bannerBackgroundImage_k2m7q9x4bz1f.png?width=4000&s=5c1e90ab',
      recentPosts: [
        { url: 'https://www.reddit.com/r/rivers/comments/1vbq2ab/barrier_closed_again/', id: 't3_1vbq2ab' },
        { url: 'https://www.reddit.com/r/rivers/comments/1vbr7xy/the_new_gate/', id: 't3_1vbr7xy' },
      ],
    });
  });

  test('pictures only on styles.redditmedia.com, only under its own id, only those named as its icon or banner', () => {
    const planted = page();
    for (const img of planted.querySelectorAll('section img, section [style]')) img.remove();
    planted.querySelector('section')!.insertAdjacentHTML('afterbegin', [
      '<img src="https://tracker.example/t5_3rvx9/styles/communityIcon_q1w2e3r4t5y6.png">',
      '<img src="https://styles.redditmedia.com/t5_3rvx9/styles/postBackgroundImage_x1.png">',
      '<img src="https://styles.redditmedia.com/t5_3rvx9x/styles/communityIcon_x2.png">',
    ].join(''));
    const read = reddit.readAccount!(planted, PAGE);
    expect(read?.account).toMatchObject({ handle: 'r/rivers', id: 't5_3rvx9' });
    expect(read?.account.avatarUrl).toBeUndefined();
    expect(read?.account.bannerUrl).toBeUndefined();
  });

  test('a header without an id or a display name: the subreddit by its name, without pictures', () => {
    const bare = page();
    const header = bare.querySelector('shreddit-subreddit-header')!;
    header.removeAttribute('subreddit-id');
    header.removeAttribute('display-name');
    expect(reddit.readAccount!(bare, PAGE)?.account).toEqual({
      handle: 'r/rivers', url: 'https://www.reddit.com/r/rivers/', recentPosts: expect.any(Array),
    });
    header.setAttribute('subreddit-id', 't5_3rvx9"], img, [x="');
    expect(reddit.readAccount!(bare, PAGE)?.account.id).toBeUndefined();
  });
});
