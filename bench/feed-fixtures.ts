/**
 * The page each platform's bench feed is cloned from: its first fixture page (e2e/fixture-pages.ts,
 * which also takes every self-describing hand-built fixture), unless a feed of several posts exists.
 */
import { fixturePages, type FixturePage } from '../e2e/fixture-pages';
import { adapters } from './feed-platforms';

/** Fixture pages that are feeds, preferred over a platform's first page (a thread or a single video). */
const FEED_PAGES: Record<string, string> = { bluesky: 'Bluesky profile feed', tiktok: 'TikTok profile grid' };

export const FEEDS: Record<string, FixturePage> = Object.fromEntries(
  Object.keys(adapters).map((platform) => {
    const pages = fixturePages.filter((page) => page.first.platform === platform);
    const page = pages.find((candidate) => candidate.name === FEED_PAGES[platform]) ?? pages[0];
    if (!page) throw new Error(`no fixture page for ${platform}: add its fixture (test-support/described-fixtures.ts)`);
    return [platform, page];
  }),
);
