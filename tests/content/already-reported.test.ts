import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { REPORTED_ATTRIBUTE, startAlreadyReported } from '../../utils/content/already-reported';
import { decoratePosts } from '../../utils/content/report-button';
import { askBackground } from '../../utils/content/messaging';
import { tiktokAdapter } from '../../utils/platforms/tiktok';
import { xAdapter } from '../../utils/platforms/x';
import { parseInert, readDomFixture } from '../../test-support/dom-fixtures';

vi.mock('../../utils/content/messaging', async (original) => ({
  ...(await original<typeof import('../../utils/content/messaging')>()),
  askBackground: vi.fn(),
}));
const send = vi.mocked(askBackground);
const strings = { reportAction: 'Report', alreadyReported: 'Already reported', alreadyReportedShow: 'Show', reportAccountAction: 'Report this account', dialogTitle: 'Report terrorist content', lang: 'en', dir: 'ltr' } as const;

const profile = readDomFixture('x/x_profile_timeline_lcMenci_2025-11-03.html');
const FIRST = 'https://x.com/lcMenci/status/1985395058229817831';
const SECOND = 'https://x.com/lcMenci/status/1985365413946122566';

/** Stands in for IntersectionObserver: the test says what came on screen. */
class FakeObserver {
  static current: FakeObserver;
  observed = new Set<Element>();
  constructor(readonly callback: (entries: Partial<IntersectionObserverEntry>[]) => void) {
    FakeObserver.current = this;
  }
  observe(el: Element) { this.observed.add(el); }
  unobserve(el: Element) { this.observed.delete(el); }
  disconnect() { this.observed.clear(); }
  show(el: Element, side = 200) {
    this.callback([{ target: el, isIntersecting: true, boundingClientRect: { width: side, height: side } as DOMRect }]);
  }
}

type State = { mark: boolean; blur: boolean; matchMedia: boolean; empty: boolean };

/** The background's answers to `wellbeing.check`: `reported` for a batch of posts, none to the page's first question. */
function answers(state: State, reported: number[] = []): void {
  send.mockImplementation(async (type, payload) => {
    if (type !== 'wellbeing.check') throw new Error(`unexpected ${type}`);
    return { ...state, reported: (payload as { posts: unknown[] }).posts.length ? reported : [] };
  });
}
const checks = () => send.mock.calls.filter(([type]) => type === 'wellbeing.check').map(([, payload]) => (payload as { posts: { permalink?: string; media: string[] }[] }).posts);

let controller: AbortController;
beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers();
  vi.stubGlobal('IntersectionObserver', FakeObserver);
  controller = new AbortController();
  send.mockReset();
});
afterEach(() => {
  controller.abort();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function loadFeed(): Element[] {
  const feed = document.createElement('div');
  feed.append(parseInert(profile));
  document.body.replaceChildren(feed);
  decoratePosts(xAdapter, document.body, 'Report', controller.signal, startAlreadyReported(xAdapter, strings, controller.signal));
  return [...document.querySelectorAll(xAdapter.postSelector)];
}

/** A new, undecorated post after the first one, as a feed adds it. */
function addPost(): Element {
  const cell = document.querySelector(xAdapter.postSelector)!.parentElement!;
  const copy = cell.cloneNode(true) as Element;
  copy.querySelectorAll('[data-flagpost-action]').forEach((node) => node.remove());
  copy.querySelectorAll('[data-flagpost-decorated]').forEach((node) => node.removeAttribute('data-flagpost-decorated'));
  cell.after(copy);
  return copy;
}

describe('already-reported posts on the page', () => {
  test('one message for the whole batch, with permalinks and media URLs; marks written from the answer', async () => {
    answers({ mark: true, blur: true, matchMedia: false, empty: false }, [1]);
    const posts = loadFeed();
    // Before any post is read, the page asks what to do; the posts wait for the next idle period.
    expect(checks()).toEqual([[]]);
    await vi.runAllTimersAsync();
    expect(checks()).toHaveLength(2);
    const asked = checks()[1]!;
    expect(asked.map((post) => post.permalink)).toEqual([FIRST, SECOND]);
    expect(asked[1]!.media).toContain('https://pbs.twimg.com/media/G41vULFbcAATIQT?format=jpg&name=900x900');

    expect(posts.map((post) => post.getAttribute(REPORTED_ATTRIBUTE))).toEqual([null, 'blur']);
    const note = posts[1]!.querySelector('.flagpost-reported')!;
    expect(note.textContent).toBe('Already reported Show');
    expect(note.parentElement).toBe(xAdapter.buttonSlot(posts[1]!));

    // A reflexive Space on Show does nothing (issue 18): its keydown and keyup, the one that clicks, are refused.
    for (const type of ['keydown', 'keyup']) {
      const space = new KeyboardEvent(type, { key: ' ', bubbles: true, cancelable: true });
      note.querySelector('button')!.dispatchEvent(space);
      expect(space.defaultPrevented, type).toBe(true);
    }
    const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    note.querySelector('button')!.dispatchEvent(enter);
    expect(enter.defaultPrevented).toBe(false);
    expect(posts[1]!.getAttribute(REPORTED_ATTRIBUTE)).toBe('blur');

    // One click (or Enter) shows; focus stays on the note, not lost with the button.
    note.querySelector('button')!.click();
    expect(posts[1]!.getAttribute(REPORTED_ATTRIBUTE)).toBe('shown');
    expect(note.querySelector('button')).toBeNull();
    expect(document.activeElement).toBe(note);
  });

  test('no answer to the first question: the posts are asked about with the first batch', async () => {
    send.mockRejectedValueOnce(new Error('Could not establish connection'));
    const posts = loadFeed();
    answers({ mark: true, blur: true, matchMedia: false, empty: false }, [0]);
    await vi.runAllTimersAsync();
    expect(checks().map((asked) => asked.length)).toEqual([0, 2]);
    expect(posts[0]!.getAttribute(REPORTED_ATTRIBUTE)).toBe('blur');
  });

  test('blurring off: marked, nothing to show', async () => {
    answers({ mark: true, blur: false, matchMedia: false, empty: false }, [0]);
    const posts = loadFeed();
    await vi.runAllTimersAsync();
    expect(posts[0]!.getAttribute(REPORTED_ATTRIBUTE)).toBe('mark');
    expect(posts[0]!.querySelector('.flagpost-reported button')).toBeNull();
  });

  test('a post that is itself a link (a TikTok grid tile) is marked and blurred, with no button inside the link', async () => {
    answers({ mark: true, blur: true, matchMedia: false, empty: false }, [0]);
    const feed = document.createElement('div');
    feed.append(parseInert(readDomFixture('tiktok/tiktok_profile_grid_illojuan_2025-12.html')));
    document.body.replaceChildren(feed);
    decoratePosts(tiktokAdapter, document.body, 'Report', controller.signal, startAlreadyReported(tiktokAdapter, strings, controller.signal));
    await vi.runAllTimersAsync();
    const [tile] = [...document.querySelectorAll(tiktokAdapter.postSelector)].filter((post) => post.hasAttribute(REPORTED_ATTRIBUTE));
    expect(tile!.getAttribute(REPORTED_ATTRIBUTE)).toBe('blur');
    expect(tile!.querySelector('.flagpost-reported')?.textContent).toBe('Already reported');
    // Ours only: the platform's own markup has controls of its own inside its links.
    expect(document.querySelectorAll(':is(a, button, [role="link"], [role="button"]) [data-flagpost-action]')).toHaveLength(0);
  });

  test('marking off: the page is not asked about again', async () => {
    answers({ mark: false, blur: false, matchMedia: false, empty: true });
    loadFeed();
    await vi.runAllTimersAsync();
    const copy = addPost();
    await vi.runAllTimersAsync();
    expect(copy.querySelector('[data-flagpost-action="report"]')).not.toBeNull(); // decorated, but not asked about
    expect(checks()).toEqual([[]]); // no post was ever read
  });

  test('the endpoint lists nothing: later posts are not read', async () => {
    answers({ mark: true, blur: true, matchMedia: false, empty: true });
    loadFeed();
    await vi.runAllTimersAsync();
    addPost();
    await vi.runAllTimersAsync();
    expect(checks()).toEqual([[]]); // the posts of the first page were not read either
  });

  /** The background's word after a sync stored a new list, or a wellbeing setting changed. */
  const changed = () => fakeBrowser.runtime.onMessage.trigger({ type: 'wellbeing.changed', payload: {} }, { id: fakeBrowser.runtime.id });

  test('the list was empty when the tab opened, then arrives: the page\'s posts, and those added after, are checked and marked', async () => {
    answers({ mark: true, blur: true, matchMedia: false, empty: true }); // first sync not done, or endpoint down
    loadFeed();
    await vi.runAllTimersAsync();
    answers({ mark: true, blur: true, matchMedia: false, empty: false }, [0]);
    await changed();
    await vi.runAllTimersAsync();
    expect(checks().at(-1)!.map((post) => post.permalink)).toEqual([FIRST, SECOND]);
    expect(document.querySelector(xAdapter.postSelector)!.getAttribute(REPORTED_ATTRIBUTE)).toBe('blur');
    const copy = addPost();
    await vi.runAllTimersAsync();
    expect(copy.querySelector(xAdapter.postSelector)!.getAttribute(REPORTED_ATTRIBUTE)).toBe('blur');
  });

  test('marking switched off, then on again in Settings: posts on an open feed are checked again; off again, marks go', async () => {
    answers({ mark: false, blur: false, matchMedia: false, empty: true });
    loadFeed();
    await vi.runAllTimersAsync();
    answers({ mark: true, blur: true, matchMedia: false, empty: false }, [0]);
    await changed();
    await vi.runAllTimersAsync();
    const copy = addPost();
    await vi.runAllTimersAsync();
    expect(copy.querySelector(xAdapter.postSelector)!.getAttribute(REPORTED_ATTRIBUTE)).toBe('blur');
    answers({ mark: false, blur: false, matchMedia: false, empty: true });
    await changed();
    await vi.runAllTimersAsync();
    expect(document.querySelectorAll(`[${REPORTED_ATTRIBUTE}]`)).toHaveLength(0);
  });

  test('opted in: big on-screen pictures of unmarked posts are asked about once, in one batch; a match marks', async () => {
    const picture = 'https://pbs.twimg.com/media/G41vULFbcAATIQT?format=jpg&name=900x900';
    answers({ mark: true, blur: true, matchMedia: true, empty: false }, [0]);
    const posts = loadFeed();
    await vi.runAllTimersAsync();
    const observer = FakeObserver.current;
    const watched = [...observer.observed];
    expect(watched.every((img) => posts[1]!.contains(img))).toBe(true); // the marked post's media are not
    const photo = watched.find((img) => (img as HTMLImageElement).src === picture)!;
    const avatar = watched.find((img) => (img as HTMLImageElement).src.includes('profile_images'))!;

    send.mockResolvedValueOnce({ matched: [picture] });
    observer.show(photo);
    observer.show(avatar, 40); // too small to be worth hashing
    await vi.runAllTimersAsync();
    expect(send).toHaveBeenLastCalledWith('wellbeing.match', { urls: [picture] });
    expect(posts[1]!.getAttribute(REPORTED_ATTRIBUTE)).toBe('blur');
    expect(observer.observed.has(photo)).toBe(false);
  });

  test('a report just sent from this tab marks nothing in the page: the content script hears of none', async () => {
    answers({ mark: true, blur: true, matchMedia: false, empty: false });
    const posts = loadFeed();
    await vi.runAllTimersAsync();
    await fakeBrowser.runtime.onMessage.trigger({ type: 'wellbeing.reported', payload: { permalink: FIRST, media: [] } }, { id: fakeBrowser.runtime.id });
    expect(posts.map((post) => post.getAttribute(REPORTED_ATTRIBUTE))).toEqual([null, null]);
  });
});
