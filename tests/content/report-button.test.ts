import { afterEach, describe, expect, test, vi } from 'vitest';
import { decoratePosts, postsUnder, REPORT_ACTION_SELECTOR } from '../../utils/content/report-button';
import { xAdapter } from '../../utils/platforms/x';
import { youtubeAdapter } from '../../utils/platforms/youtube';
import { parseInert, readDomFixture } from '../../test-support/dom-fixtures';

const profile = readDomFixture('x/x_profile_timeline_lcMenci_2025-11-03.html');
/** Long enough for the observer's callback, whenever the DOM implementation delivers its records. */
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

function loadFixture(): HTMLElement {
  const feed = document.createElement('div');
  feed.append(parseInert(profile));
  document.body.replaceChildren(feed);
  return feed;
}

let controller = new AbortController();
afterEach(() => {
  controller.abort();
  controller = new AbortController();
});

describe('report buttons on the feed', () => {
  test('every post gets exactly one button, in its own action bar', () => {
    const feed = loadFixture();
    decoratePosts(xAdapter, document.body, 'Report terrorist content', controller.signal);
    const posts = [...feed.querySelectorAll(xAdapter.postSelector)];
    expect(posts).toHaveLength(2);
    for (const post of posts) {
      const buttons = post.querySelectorAll(REPORT_ACTION_SELECTOR);
      expect(buttons).toHaveLength(1);
      expect(buttons[0]!.parentElement).toBe(xAdapter.buttonSlot(post));
      expect(buttons[0]!.getAttribute('aria-label')).toBe('Report terrorist content');
      expect(buttons[0]!.children).toHaveLength(0); // one node per post
    }
  });

  test('posts added by infinite scroll get one too, and nobody gets two', async () => {
    const feed = loadFixture();
    const original = feed.querySelector(xAdapter.postSelector)!.cloneNode(true) as Element;
    decoratePosts(xAdapter, document.body, 'Report', controller.signal);
    for (let batch = 0; batch < 3; batch++) {
      for (let i = 0; i < 5; i++) feed.append(original.cloneNode(true));
      await nextFrame();
    }
    const posts = [...feed.querySelectorAll(xAdapter.postSelector)];
    expect(posts).toHaveLength(17);
    expect(posts.map((post) => post.querySelectorAll(REPORT_ACTION_SELECTOR).length)).toEqual(Array(17).fill(1));
  });

  test('a button the page removes comes back, once', async () => {
    const feed = loadFixture();
    decoratePosts(xAdapter, document.body, 'Report', controller.signal);
    const post = feed.querySelector(xAdapter.postSelector)!;
    post.querySelector(REPORT_ACTION_SELECTOR)!.remove();
    await nextFrame();
    expect(post.querySelectorAll(REPORT_ACTION_SELECTOR)).toHaveLength(1);
  });

  test('a recycled element (same node, new post) keeps exactly one button, keyed to the new post', async () => {
    const feed = document.createElement('div');
    feed.append(parseInert(readDomFixture('youtube/home_grid_lockup_2025-12.html')));
    document.body.replaceChildren(feed);
    decoratePosts(youtubeAdapter, document.body, 'Report', controller.signal);
    const post = feed.querySelector(`:is(${youtubeAdapter.postSelector})`)!;
    const before = youtubeAdapter.postKey!(post);
    expect(post.getAttribute('data-flagpost-decorated')).toBe(before);
    for (const link of post.querySelectorAll('a[href*="lJnQChnv1T4"]')) {
      link.setAttribute('href', link.getAttribute('href')!.replace('lJnQChnv1T4', 'AAAAAAAAAAA'));
    }
    await nextFrame();
    expect(youtubeAdapter.postKey!(post)).not.toBe(before);
    expect(post.getAttribute('data-flagpost-decorated')).toBe(youtubeAdapter.postKey!(post));
    expect(post.querySelectorAll(REPORT_ACTION_SELECTOR)).toHaveLength(1);
  });

  test('a grid item that holds no video (skeleton, ad slot) has no button until it does, and loses it after', async () => {
    document.body.innerHTML = `<div id="grid"><ytd-rich-item-renderer id="skeleton"></ytd-rich-item-renderer>
      <ytd-rich-item-renderer id="ad"><ytd-ad-slot-renderer><a href="https://www.googleadservices.com/x">ad</a></ytd-ad-slot-renderer></ytd-rich-item-renderer></div>`;
    decoratePosts(youtubeAdapter, document.body, 'Report', controller.signal);
    const skeleton = document.getElementById('skeleton')!;
    expect(document.querySelectorAll(REPORT_ACTION_SELECTOR)).toHaveLength(0);

    skeleton.innerHTML = '<a href="/watch?v=AAAAAAAAAAA">video</a><yt-content-metadata-view-model></yt-content-metadata-view-model>';
    await nextFrame();
    expect(skeleton.querySelectorAll(REPORT_ACTION_SELECTOR)).toHaveLength(1);
    expect(skeleton.getAttribute('data-flagpost-decorated')).toBe('AAAAAAAAAAA');

    skeleton.querySelector('a')!.setAttribute('href', 'https://www.googleadservices.com/y'); // recycled into an ad
    await nextFrame();
    expect(skeleton.querySelectorAll(REPORT_ACTION_SELECTOR)).toHaveLength(0);
    expect(skeleton.hasAttribute('data-flagpost-decorated')).toBe(false);
    expect(document.querySelectorAll(REPORT_ACTION_SELECTOR)).toHaveLength(0);
  });

  test('posts are found in what was added without searching inside posts, in document order', () => {
    document.body.innerHTML = `<div id="added">
      <section><article data-testid="tweet" id="a"><div><span></span></div></article></section>
      <div><div><article data-testid="tweet" id="b"></article><p></p></div><article data-testid="tweet" id="c"></article></div>
      <article data-testid="tweet" id="d"></article></div>`;
    const found = new Set<Element>();
    postsUnder(document.getElementById('added')!, xAdapter.postSelector, found);
    expect([...found].map((post) => post.id)).toEqual(['a', 'b', 'c', 'd']);
    const one = new Set<Element>();
    postsUnder(document.getElementById('c')!, xAdapter.postSelector, one);
    expect([...one].map((post) => post.id)).toEqual(['c']);
  });

  test('after teardown nothing more is decorated', async () => {
    const feed = loadFixture();
    decoratePosts(xAdapter, document.body, 'Report', controller.signal);
    controller.abort();
    const fresh = document.createElement('article');
    fresh.setAttribute('data-testid', 'tweet');
    feed.append(fresh);
    await nextFrame();
    expect(fresh.querySelector(REPORT_ACTION_SELECTOR)).toBeNull();
  });

  test('posts inside a subtree added at once (a re-rendered timeline) get one button each', async () => {
    loadFixture();
    decoratePosts(xAdapter, document.body, 'Report', controller.signal);
    const timeline = document.createElement('section');
    timeline.append(parseInert(profile));
    document.body.replaceChildren(timeline);
    await nextFrame();
    const posts = [...timeline.querySelectorAll(xAdapter.postSelector)];
    expect(posts.map((post) => post.querySelectorAll(REPORT_ACTION_SELECTOR).length)).toEqual([1, 1]);
  });

  test('a decorated post is not looked at again for changes elsewhere, nor for our own buttons', async () => {
    const feed = loadFixture();
    // Every look at a post asks for its key.
    const adapter = { ...xAdapter, postKey: vi.fn(() => 'same post') };
    decoratePosts(adapter, document.body, 'Report', controller.signal);
    expect(adapter.postKey).toHaveBeenCalledTimes(2);
    for (let i = 0; i < 3; i++) {
      feed.append(document.createElement('div'));
      await nextFrame();
    }
    expect(adapter.postKey).toHaveBeenCalledTimes(2);
  });
});
