import { describe, expect, test } from 'vitest';
import { guarded } from '../../../utils/platforms/guarded';
import { accountPost } from '../../../utils/platforms/read-dom';
import { ExtractedPost } from '../../../utils/platforms/types';
import { xAdapter } from '../../../utils/platforms/x';
import { parseInert as parse, readDomFixture } from '../../../test-support/dom-fixtures';

const profile = () => parse(readDomFixture('x/x_profile_timeline_lcMenci_2025-11-03.html'));
const x = guarded(xAdapter);

describe('x: the account of a profile page', () => {
  test('lcMenci: handle, name, id from the banner, avatar and banner at full size, the two posts in view', () => {
    const read = x.readAccount!(profile(), 'https://x.com/lcMenci');
    expect(read?.header.getAttribute('data-testid')).toBe('UserName');
    expect(read?.account).toEqual({
      handle: '@lcMenci',
      displayName: 'Menci 💖',
      id: '1511944029440671746',
      url: 'https://x.com/lcMenci',
      avatarUrl: 'https://pbs.twimg.com/profile_images/1517907359565488128/PpiYHL1A.jpg',
      bannerUrl: 'https://pbs.twimg.com/profile_banners/1511944029440671746/1725545123/1500x500',
      recentPosts: [
        { url: 'https://x.com/lcMenci/status/1985395058229817831', id: '1985395058229817831' },
        { url: expect.stringMatching(/^https:\/\/x\.com\/lcMenci\/status\/\d+$/), id: expect.stringMatching(/^\d+$/) },
      ],
    });
  });

  test('the post an account report carries: the account as target and author, avatar then banner as media', () => {
    const { account } = x.readAccount!(profile(), 'https://x.com/lcMenci')!;
    const post = accountPost('x', account, 'https://x.com/lcMenci');
    expect(ExtractedPost.safeParse(post).success).toBe(true);
    expect(post.url).toBe('https://x.com/lcMenci');
    expect(post.author).toEqual({ handle: '@lcMenci', displayName: 'Menci 💖', url: 'https://x.com/lcMenci', id: '1511944029440671746' });
    expect(post.media.map((m) => m.sourceUrl)).toEqual([account.avatarUrl, account.bannerUrl]);
    expect(post.account).toEqual(account);
  });

  test('no account on a status page, a feed, or a profile whose header names another handle', () => {
    expect(x.readAccount!(profile(), 'https://x.com/lcMenci/status/1985395058229817831')).toBeNull();
    expect(x.readAccount!(profile(), 'https://x.com/home')).toBeNull();
    expect(x.readAccount!(profile(), 'https://x.com/someoneelse')).toBeNull();
    expect(x.readAccount!(parse(readDomFixture('x/x_status_linkcard_forbes_2026-01-27.html')), 'https://x.com/Forbes/status/2016058596782670275')).toBeNull();
  });

  test('a planted avatar on another host is not hashed', () => {
    const page = profile();
    page.querySelector('a[href="/lcMenci/photo"] img')!.setAttribute('src', 'https://tracker.example/a.jpg');
    expect(x.readAccount!(page, 'https://x.com/lcMenci')?.account.avatarUrl).toBeUndefined();
  });
});

describe('x: out-links', () => {
  test("the Forbes link card keeps its target: the t.co link, leaving X, shown as the card's domain", () => {
    const post = parse(readDomFixture('x/x_status_linkcard_forbes_2026-01-27.html')).querySelector(xAdapter.postSelector)!;
    const read = x.extract(post, 'https://x.com/Forbes/status/2016058596782670275');
    expect(read?.outLinks).toEqual([{ url: 'https://t.co/07aUgF8gJs', offPlatform: true, shownAs: 'forbes.com' }]);
  });

  test('a link in the text is reported as the destination X shows, not as t.co', () => {
    const post = parse(`<article data-testid="tweet" tabindex="-1"><div data-testid="User-Name"><a href="/a">A</a></div>
      <div data-testid="tweetText"><a href="https://t.co/abc" role="link"><span aria-hidden="true">https://</span>example.org/long/pa<span aria-hidden="true">th?q=1</span><span aria-hidden="true">…</span></a>
      <a href="/hashtag/x">#x</a></div></article>`).querySelector(xAdapter.postSelector)!;
    expect(x.extract(post, 'https://x.com/a/status/1')?.outLinks).toEqual([{ url: 'https://example.org/long/path?q=1', offPlatform: true }]);
  });

  test('a post without links has none', () => {
    const post = profile().querySelector(xAdapter.postSelector)!;
    expect(x.extract(post, 'https://x.com/lcMenci')?.outLinks).toBeUndefined();
  });
});
