import { describe, expect, test } from 'vitest';
import { guarded } from '../../../utils/platforms/guarded';
import { telegramAdapter } from '../../../utils/platforms/telegram';
import { parseInert as parse, readDomFixture } from '../../../test-support/dom-fixtures';

const telegram = guarded(telegramAdapter);
const channelPage = () => parse(readDomFixture('telegram/tme_s_mchs_bryansk_2024-12-05.html'));
const AVATAR = /^https:\/\/cdn4\.cdn-telegram\.org\/file\/Xhyac5V1Lr_.*\.jpg$/;

describe('telegram: the channel of a t.me/s page', () => {
  test('mchs_bryansk, saved without its header: the messages name the channel and show its photo', () => {
    const read = telegram.readAccount!(channelPage(), 'https://t.me/s/mchs_bryansk');
    expect(read?.header.matches('section.tgme_channel_history')).toBe(true);
    expect(read?.at).toBe('start');
    expect(read?.account).toEqual({
      handle: '@mchs_bryansk',
      displayName: 'МЧС Брянской области',
      url: 'https://t.me/mchs_bryansk',
      avatarUrl: expect.stringMatching(AVATAR),
      recentPosts: ['4656', '4659', '4660', '4661'].map((id) => ({ url: `https://t.me/mchs_bryansk/${id}`, id: `mchs_bryansk/${id}` })),
    });
  });

  test("with the channel's header drawn (hand-built from t.me/s's public markup): title, photo, the button in the header", () => {
    const page = parse(`<div class="tgme_channel_info"><div class="tgme_channel_info_header">
      <i class="tgme_page_photo_image bgcolor3" data-content="E"><img src="https://cdn5.cdn-telegram.org/file/channel-photo.jpg"></i>
      <div class="tgme_channel_info_header_title"><span dir="auto">Example channel</span></div>
      <div class="tgme_channel_info_header_username"><a href="https://t.me/example_channel">@example_channel</a></div></div></div>
      <section class="tgme_channel_history"></section>`);
    const read = telegram.readAccount!(page, 'https://t.me/s/example_channel');
    expect(read?.header.matches('.tgme_channel_info_header')).toBe(true);
    expect(read?.at).toBeUndefined();
    expect(read?.account).toEqual({
      handle: '@example_channel', displayName: 'Example channel', url: 'https://t.me/example_channel',
      avatarUrl: 'https://cdn5.cdn-telegram.org/file/channel-photo.jpg', recentPosts: [],
    });
  });

  test('no account on a single post page or elsewhere', () => {
    expect(telegram.readAccount!(channelPage(), 'https://t.me/s/mchs_bryansk/4656')).toBeNull();
    expect(telegram.readAccount!(channelPage(), 'https://t.me/mchs_bryansk')).toBeNull();
  });
});

describe('telegram: out-links', () => {
  test('the links of the text, with their words; a hashtag search is not one', () => {
    const posts = channelPage().querySelectorAll(telegramAdapter.postSelector);
    const links = Array.from(posts).flatMap((post) => telegram.extract(post, 'https://t.me/s/mchs_bryansk')?.outLinks ?? []);
    expect(links).toContainEqual({ url: 'https://t.me/mchs_bryansk', offPlatform: false, shownAs: 'МЧС Брянской области в ТГ' });
    expect(links).toContainEqual({ url: 'https://vk.com/mchs32_bryansk', offPlatform: true, shownAs: 'ГУ МЧС России по Брянской области в ВК' });
    expect(links.some((link) => link.url.startsWith('https://m.ok.ru/dk?'))).toBe(true);
    expect(links.every((link) => !link.url.includes('?q='))).toBe(true);
  });

  test("a link preview is one link out, shown as the site's name", () => {
    const post = parse(`<div class="tgme_widget_message" data-post="example_channel/7"><div class="tgme_widget_message_text">Read this</div>
      <a class="tgme_widget_message_link_preview" href="https://news.example.org/a"><div class="link_preview_site_name">Example News</div></a>
      <div class="tgme_widget_message_date"><time datetime="2024-12-05T13:10:40+00:00"></time></div></div>`).querySelector(telegramAdapter.postSelector)!;
    expect(telegram.extract(post, 'https://t.me/s/example_channel')?.outLinks).toEqual([
      { url: 'https://news.example.org/a', offPlatform: true, shownAs: 'Example News' },
    ]);
  });
});
