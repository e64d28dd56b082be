/**
 * Where the report button lands, for every adapter over every saved page (../shared/fixtures/dom) and hand-built
 * one (tests/fixtures/dom): never inside another interactive element (a link, a button, role=link/button), where a
 * click on ours would also be a click on the platform's, and a screen reader would find a control in a control.
 * The buttons are added the way the content script adds them (decoratePosts).
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { decoratePosts, DECORATED_ATTRIBUTE, postOfButton, REPORT_ACTION_SELECTOR } from '../../utils/content/report-button';
import { adapters } from '../../utils/platforms';
import type { PlatformAdapter } from '../../utils/platforms/types';
import { describedFixtures } from '../../test-support/described-fixtures';
import { HAND_BUILT_FIXTURES, parseInert, readDomFixture, readHandBuiltFixture, SHARED_FIXTURES } from '../../test-support/dom-fixtures';

const adapterFor = (platform: string): PlatformAdapter => {
  const found = adapters.find((candidate) => candidate.platform === platform);
  if (!found) throw new Error(`no adapter ${platform}`);
  return found;
};

/** Every saved page by its folder (the platform), every hand-built one by what it says or by its name's first word. */
function pages(): { name: string; adapter: PlatformAdapter; html: () => string }[] {
  const dom = resolve(SHARED_FIXTURES, 'dom');
  const shared = readdirSync(dom, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap(({ name: platform }) =>
      readdirSync(resolve(dom, platform)).filter((file) => file.endsWith('.html')).map((file) => ({
        name: `${platform}/${file}`, adapter: adapterFor(platform), html: () => readDomFixture(`${platform}/${file}`),
      })),
    );
  const described = new Map(describedFixtures().map((fixture) => [fixture.file, fixture.platform]));
  const handBuilt = readdirSync(HAND_BUILT_FIXTURES)
    .filter((file) => file.endsWith('.html'))
    .map((file) => ({ name: file, adapter: adapterFor(described.get(file) ?? file.split('_')[0]!), html: () => readHandBuiltFixture(file) }));
  return [...shared, ...handBuilt];
}

const INTERACTIVE = 'a, button, [role="link"], [role="button"]';

/** The page decorated as the content script would; its buttons once the first pass is done. */
function decorate(adapter: PlatformAdapter, html: string | Element): Element[] {
  let root = html as Element;
  if (typeof html === 'string') {
    root = document.createElement('div');
    const page = parseInert(html);
    // Into the live document: nothing there may load (happy-dom would try the page's style sheets and frames).
    page.querySelectorAll('link, iframe, script, style').forEach((node) => node.remove());
    root.append(page);
    document.body.append(root);
  }
  const stop = new AbortController();
  decoratePosts(adapter, root, 'Report terrorist content', stop.signal);
  stop.abort();
  return [...root.querySelectorAll(REPORT_ACTION_SELECTOR)];
}

afterEach(() => document.body.replaceChildren());

describe('the report button is never inside another control', () => {
  for (const { name, adapter, html } of pages()) {
    test(`${adapter.platform}: ${name}`, () => {
      const buttons = decorate(adapter, html());
      expect(buttons.length, 'buttons added').toBeGreaterThan(0);
      const nested = buttons.filter((button) => button.parentElement?.closest(INTERACTIVE));
      expect(nested.map((button) => button.parentElement!.closest(INTERACTIVE)!.outerHTML.slice(0, 160))).toEqual([]);
      // Each button leads back to its own post (the click finds the post by it), one button per post.
      const posts = buttons.map((button) => postOfButton(button, adapter.postSelector));
      expect(posts.every((post) => post?.hasAttribute(DECORATED_ATTRIBUTE))).toBe(true);
      expect(new Set(posts).size).toBe(buttons.length);
      // Decorated again (a later pass over the same posts), nothing is added.
      expect(decorate(adapter, buttons[0]!.ownerDocument.body.firstElementChild!)).toHaveLength(buttons.length);
    });
  }
});

test('old Reddit: the button has its own <li> in the post\'s row of links, as the site\'s links do', () => {
  const buttons = decorate(adapterFor('reddit'), readDomFixture('reddit/old_reddit_listing_things_2023-02-18.html'));
  expect(buttons.length).toBeGreaterThan(0);
  for (const button of buttons) {
    expect(button.parentElement!.localName).toBe('li');
    expect(button.parentElement!.parentElement!.matches('ul.flat-list.buttons')).toBe(true);
    expect(button.parentElement!.children).toHaveLength(1);
  }
});

test('beside a post that is a link: a post re-made in place (unmarked) finds its button there and gets no second one', () => {
  const bluesky = adapterFor('bluesky');
  const buttons = decorate(bluesky, readDomFixture('bluesky/bsky_profile_feed_stephenking_2026-01.html'));
  const post = postOfButton(buttons[0]!, bluesky.postSelector)!;
  expect(post.nextElementSibling).toBe(buttons[0]);
  post.removeAttribute(DECORATED_ATTRIBUTE);
  expect(decorate(bluesky, document.body.firstElementChild!)).toHaveLength(buttons.length);
});
