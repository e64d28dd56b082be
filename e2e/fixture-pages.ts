/** Every DOM fixture, at the URL it was captured from (or, hand-built, the URL it stands for). */
import { describedFixtures } from '../test-support/described-fixtures';
import { readDomFixture, readHandBuiltFixture } from '../test-support/dom-fixtures';

export interface FixturePage {
  name: string;
  url: string;
  html: () => string;
  /** The first post the content script must find there. */
  first: { platform: string; url: string; author: string };
  /** How many posts, where the fixture is read whole (X and Telegram). */
  count?: number;
}

const shared = (file: string) => () => readDomFixture(file);
const handBuilt = (file: string) => () => readHandBuiltFixture(file);

export const MASTODON_INSTANCE = 'social.example';

export const fixturePages: FixturePage[] = [
  {
    name: 'X profile', url: 'https://x.com/lcMenci', html: shared('x/x_profile_timeline_lcMenci_2025-11-03.html'), count: 2,
    first: { platform: 'x', url: 'https://x.com/lcMenci/status/1985395058229817831', author: '@lcMenci' },
  },
  {
    name: 'X status with video', url: 'https://x.com/verge/status/957383241714970624', html: shared('x/x_status_video_verge_capture-2025-12.html'),
    first: { platform: 'x', url: 'https://x.com/verge/status/957383241714970624', author: '@verge' },
  },
  {
    name: 'X status with link card', url: 'https://x.com/Forbes/status/2016058596782670275', html: shared('x/x_status_linkcard_forbes_2026-01-27.html'),
    first: { platform: 'x', url: 'https://x.com/Forbes/status/2016058596782670275', author: '@Forbes' },
  },
  {
    name: 'Telegram channel preview', url: 'https://t.me/s/mchs_bryansk', html: shared('telegram/tme_s_mchs_bryansk_2024-12-05.html'), count: 4,
    first: { platform: 'telegram', url: 'https://t.me/mchs_bryansk/4656', author: '@mchs_bryansk' },
  },
  {
    name: 'YouTube home grid', url: 'https://www.youtube.com/', html: shared('youtube/home_grid_lockup_2025-12.html'),
    first: { platform: 'youtube', url: 'https://www.youtube.com/watch?v=lJnQChnv1T4', author: '@diemaus' },
  },
  {
    name: 'YouTube legacy grid', url: 'https://www.youtube.com/', html: shared('youtube/home_grid_legacy_richgridmedia_2025-09.html'),
    first: { platform: 'youtube', url: 'https://www.youtube.com/watch?v=EKPdg-aZ468', author: '@pcsecuritychannel' },
  },
  {
    name: 'YouTube watch page (hand-built)', url: 'https://www.youtube.com/watch?v=Qx7bN2kLp4E', html: handBuilt('youtube_watch_handbuilt.html'),
    first: { platform: 'youtube', url: 'https://www.youtube.com/watch?v=Qx7bN2kLp4E', author: '@riverworks-example' },
  },
  {
    name: 'TikTok video page', url: 'https://www.tiktok.com/@illojuan/video/7571863205253778710', html: shared('tiktok/tiktok_video_page_illojuan_2025-12.html'),
    first: { platform: 'tiktok', url: 'https://www.tiktok.com/@illojuan/video/7571863205253778710', author: '@illojuan' },
  },
  {
    name: 'TikTok profile grid', url: 'https://www.tiktok.com/@illojuan', html: shared('tiktok/tiktok_profile_grid_illojuan_2025-12.html'),
    first: { platform: 'tiktok', url: 'https://www.tiktok.com/@illojuan/video/7571863205253778710', author: '@illojuan' },
  },
  {
    name: 'Bluesky thread', url: 'https://bsky.app/profile/glendunlap.bsky.social/post/3mdegyw3ves2t', html: shared('bluesky/bsky_post_thread_glendunlap_2026-01-27.html'),
    first: { platform: 'bluesky', url: 'https://bsky.app/profile/glendunlap.bsky.social/post/3mdegyw3ves2t', author: '@glendunlap.bsky.social' },
  },
  {
    name: 'Bluesky profile feed', url: 'https://bsky.app/profile/stephenking.bsky.social', html: shared('bluesky/bsky_profile_feed_stephenking_2026-01.html'),
    first: { platform: 'bluesky', url: 'https://bsky.app/profile/stephenking.bsky.social/post/3mddvy5bv6k27', author: '@stephenking.bsky.social' },
  },
  {
    name: 'old Reddit listing', url: 'https://old.reddit.com/r/programming/', html: shared('reddit/old_reddit_listing_things_2023-02-18.html'),
    first: { platform: 'reddit', url: 'https://old.reddit.com/r/programming/comments/114rpif/john_carmack_on_functional_programming_in_c/', author: 'u/Alexander_Selkirk' },
  },
  {
    name: 'new Reddit feed (hand-built)', url: 'https://www.reddit.com/r/programming/', html: handBuilt('reddit_shreddit_feed_handbuilt.html'),
    first: { platform: 'reddit', url: 'https://www.reddit.com/r/programming/comments/1vbp0vm/on_type_inference/', author: 'u/radekmie' },
  },
  {
    name: 'Mastodon (hand-built)', url: `https://${MASTODON_INSTANCE}/home`, html: handBuilt('mastodon_handbuilt.html'),
    first: { platform: 'mastodon', url: `https://${MASTODON_INSTANCE}/@ana/113500000000000001`, author: `@ana@${MASTODON_INSTANCE}` },
  },
  {
    name: 'Facebook feed (hand-built)', url: 'https://www.facebook.com/', html: handBuilt('facebook_feed_handbuilt.html'),
    first: { platform: 'facebook', url: 'https://www.facebook.com/riverworks.example/posts/pfbid02AbCdEfGh1234567890', author: 'riverworks.example' },
  },
  {
    name: 'Instagram feed (hand-built)', url: 'https://www.instagram.com/', html: handBuilt('instagram_handbuilt.html'),
    first: { platform: 'instagram', url: 'https://www.instagram.com/p/C4xYz12AbCd/', author: '@riverworks.example' },
  },
  // Every other platform's fixture, by what it says it stands for.
  ...describedFixtures().map(({ platform, file, url, first, html }) => ({
    name: `${platform} (${file})`, url, html, first: { platform, ...first },
  })),
];
