import { describe, expect, test } from 'vitest';
import { guarded } from '../../../utils/platforms/guarded';
import { mastodonAdapter } from '../../../utils/platforms/mastodon';
import { parseInert as parse } from '../../../test-support/dom-fixtures';

// Hand-built from mastodon/mastodon's account header component (account__header, __image, __avatar, __tabs__name):
// no saved render of a Mastodon account page exists (../shared/fixtures/dom/SOURCES.md, "Mastodon (web UI)").
const accountPage = (statusAcct = 'ana') => parse(`<div class="account__header">
  <div class="account__header__image"><img src="https://files.social.example/accounts/headers/ana.png" alt=""></div>
  <div class="account__header__bar"><div class="account__header__tabs"><a class="avatar" href="/@ana"><div class="account__avatar"><img src="https://files.social.example/accounts/avatars/ana.png" alt=""></div></a></div>
  <div class="account__header__tabs__name"><h1><span>Ana Example</span> <small><span>@ana</span></small></h1></div></div></div>
  <div class="status__wrapper"><div class="status" data-id="113500000000000001"><div class="status__info">
  <a class="status__relative-time" href="/@${statusAcct}/113500000000000001"><time datetime="2025-03-14T09:26:53.000Z"></time></a></div>
  <div class="status__content"><p>hello</p></div></div></div>`);

describe('mastodon: the account of an account page', () => {
  const mastodon = guarded(mastodonAdapter);

  test('@ana on social.example: full acct, name without the acct line, avatar and banner, her statuses in view', () => {
    const read = mastodon.readAccount!(accountPage(), 'https://social.example/@ana');
    expect(read?.header.matches('.account__header__tabs__name')).toBe(true);
    expect(read?.account).toEqual({
      handle: '@ana@social.example', displayName: 'Ana Example', url: 'https://social.example/@ana',
      avatarUrl: 'https://files.social.example/accounts/avatars/ana.png', bannerUrl: 'https://files.social.example/accounts/headers/ana.png',
      recentPosts: [{ url: 'https://social.example/@ana/113500000000000001', id: '113500000000000001' }],
    });
  });

  test("another account's boosted status is not one of hers; no account on the home timeline", () => {
    expect(mastodon.readAccount!(accountPage('bo'), 'https://social.example/@ana')?.account.recentPosts).toEqual([]);
    expect(mastodon.readAccount!(accountPage(), 'https://social.example/home')).toBeNull();
  });
});
