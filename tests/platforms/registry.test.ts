import { describe, expect, test } from 'vitest';
import { decoratePosts, postOfButton, REPORT_ACTION_SELECTOR } from '../../utils/content/report-button';
import {
  adapterForHost,
  adapters,
  contentScriptMatches,
  optionalContentScriptMatches,
  supportedHostPermissions,
} from '../../utils/platforms';
import { contentScriptFileFor } from '../../utils/background/context-menu';
import { adaptersIn, platformContentScript } from '../../utils/platforms/derive';
import { Platform } from '../../utils/schema/report';
import { contentScriptSource, loadAdapters } from '../../build-config/platform-entrypoints';
import { describedFixtures } from '../../test-support/described-fixtures';
import { parseInert, readDomFixture } from '../../test-support/dom-fixtures';
import { readHandBuiltFixture } from './hand-built';

/** A WebExtension match pattern: https scheme, a host (optionally `*.`-prefixed) or `*`, a path. */
const MATCH_PATTERN = /^https:\/\/(\*|(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+)\/.*$/;

describe('the platform registry', () => {
  test('the build finds the same adapters as the registry, each in the file named after its id', async () => {
    const built = await loadAdapters();
    expect(built.map(({ file }) => file)).toEqual(adapters.map((adapter) => adapter.platform));
    for (const { file, adapter } of built) {
      expect(Platform.safeParse(file).success).toBe(true);
      expect(adapter.name.trim()).not.toBe('');
    }
  });

  test('a file whose adapter names another platform, or holds two, is refused', () => {
    const adapter = adapters[0]!;
    expect(() => adaptersIn({ './elsewhere.ts': { adapter } })).toThrow(/named after its platform id/);
    expect(() => adaptersIn({ [`./${adapter.platform}.ts`]: { a: adapter, b: adapter } })).toThrow(/one adapter per file/);
    expect(adaptersIn({ './hosts.ts': { hostMatches: () => true } })).toEqual([]);
  });

  test("each platform with fixed hosts has a content script named after its id, the one the background injects on its pages", async () => {
    for (const found of await loadAdapters()) {
      const [pattern] = found.adapter.matches;
      if (!pattern) continue;
      const pageUrl = pattern.replace('*.', 'www.').replace(/\*$/, '');
      expect(contentScriptFileFor(pageUrl)).toBe(platformContentScript(found.file));
      expect(contentScriptSource(found, '/repo/.wxt/platform-scripts')).toContain(`import { ${found.exportName} } from`);
    }
  });

  test('patterns are valid and https only; the required permissions never include every host', () => {
    for (const adapter of adapters) {
      for (const pattern of [...adapter.matches, ...adapter.mediaHosts, ...(adapter.optionalMatches ?? [])]) {
        expect(pattern).toMatch(MATCH_PATTERN);
      }
    }
    expect(supportedHostPermissions).not.toContain('https://*/*');
    expect(contentScriptMatches).not.toContain('https://*/*');
    expect(optionalContentScriptMatches).toEqual(['https://*/*']);
  });

  test('every post selector is valid CSS', () => {
    for (const adapter of adapters) expect(() => document.querySelectorAll(adapter.postSelector)).not.toThrow();
  });

  test('adapterForHost: exact hosts, still', () => {
    const platformOf = (host: string) => adapterForHost(host)?.platform;
    expect(platformOf('x.com')).toBe('x');
    expect(platformOf('twitter.com')).toBe('x');
    expect(platformOf('www.youtube.com')).toBe('youtube');
    expect(platformOf('www.tiktok.com')).toBe('tiktok');
    expect(platformOf('t.me')).toBe('telegram');
    expect(platformOf('old.reddit.com')).toBe('reddit');
    expect(platformOf('bsky.app')).toBe('bluesky');
    expect(platformOf('www.facebook.com')).toBe('facebook');
    expect(platformOf('www.instagram.com')).toBe('instagram');
    expect(platformOf('mastodon.social')).toBeUndefined(); // found by markup, never by host
    expect(platformOf('news.example')).toBeUndefined();
    expect(platformOf('evilx.com')).toBeUndefined();
  });
});

describe('every adapter with the content script’s decoration', () => {
  const pages: [string, string][] = [
    ['x', readDomFixture('x/x_profile_timeline_lcMenci_2025-11-03.html')],
    ['youtube', readDomFixture('youtube/home_grid_lockup_2025-12.html')],
    ['youtube', readHandBuiltFixture('youtube_watch_handbuilt.html')],
    ['tiktok', readDomFixture('tiktok/tiktok_video_page_illojuan_2025-12.html')],
    ['telegram', readDomFixture('telegram/tme_s_mchs_bryansk_2024-12-05.html')],
    ['reddit', readDomFixture('reddit/old_reddit_listing_things_2023-02-18.html')],
    ['reddit', readHandBuiltFixture('reddit_shreddit_feed_handbuilt.html')],
    ['bluesky', readDomFixture('bluesky/bsky_post_thread_glendunlap_2026-01-27.html')],
    ['mastodon', readHandBuiltFixture('mastodon_handbuilt.html')],
    ['facebook', readHandBuiltFixture('facebook_feed_handbuilt.html')],
    ['instagram', readHandBuiltFixture('instagram_handbuilt.html')],
    ...describedFixtures().map(({ platform, html }): [string, string] => [platform, html()]),
  ];

  test('every platform has a page here', () => {
    expect(new Set(pages.map(([platform]) => platform))).toEqual(new Set(adapters.map(({ platform }) => platform)));
  });

  test.each(pages)('%s: one button per post, in its slot, found again from the button; none twice', (platform, html) => {
    const adapter = adapters.find((candidate) => candidate.platform === platform)!;
    const root = document.createElement('div');
    root.append(parseInert(html));
    // An element that holds no post now (postKey null: a hollow TikTok item) gets no button (types.ts).
    const posts = [...root.querySelectorAll(adapter.postSelector)].filter((post) => adapter.postKey?.(post) !== null);
    expect(posts.length).toBeGreaterThan(0);
    const first = new AbortController();
    decoratePosts(adapter, root, 'Report', first.signal);
    first.abort();
    // Decorating again (the next mutation batch) must not find the decorated posts again.
    const second = new AbortController();
    decoratePosts(adapter, root, 'Report', second.signal);
    second.abort();
    const buttons = [...root.querySelectorAll(REPORT_ACTION_SELECTOR)];
    expect(buttons).toHaveLength(posts.length);
    for (const post of posts) {
      const own = buttons.filter((button) => postOfButton(button, adapter.postSelector) === post);
      expect(own).toHaveLength(1);
      // In its slot (in an `<li>` of ours when the slot is a list), or right after a post that is itself a control.
      const placed = own[0]!.parentElement?.hasAttribute('data-flagpost-holder') ? own[0]!.parentElement : own[0]!;
      if (placed.previousElementSibling !== post) expect(placed.parentElement).toBe(adapter.buttonSlot(post) ?? post);
    }
  });
});
