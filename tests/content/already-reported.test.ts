import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { REPORTED_ATTRIBUTE, startAlreadyReported } from '../../utils/content/already-reported';
import { decoratePosts } from '../../utils/content/report-button';
import { askBackground } from '../../utils/content/messaging';
import { xAdapter } from '../../utils/platforms/x';
import { parseInert, readDomFixture } from '../dom-fixtures';

vi.mock('../../utils/content/messaging', async (original) => ({
  ...(await original<typeof import('../../utils/content/messaging')>()),
  askBackground: vi.fn(),
}));
const send = vi.mocked(askBackground);
const strings = { reportAction: 'Report', alreadyReported: 'Already reported', alreadyReportedShow: 'Show' };

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
    send.mockResolvedValueOnce({ mark: true, blur: true, matchMedia: false, empty: false, reported: [1] });
    const posts = loadFeed();
    expect(send).not.toHaveBeenCalled(); // not on the hot path: on the next idle period
    await vi.runAllTimersAsync();
    expect(send).toHaveBeenCalledTimes(1);
    const [type, payload] = send.mock.calls[0]!;
    expect(type).toBe('wellbeing.check');
    const asked = (payload as { posts: { permalink?: string; media: string[] }[] }).posts;
    expect(asked.map((post) => post.permalink)).toEqual([FIRST, SECOND]);
    expect(asked[1]!.media).toContain('https://pbs.twimg.com/media/G41vULFbcAATIQT?format=jpg&name=900x900');

    expect(posts.map((post) => post.getAttribute(REPORTED_ATTRIBUTE))).toEqual([null, 'blur']);
    const note = posts[1]!.querySelector('.flagpost-reported')!;
    expect(note.textContent).toBe('Already reported Show');
    expect(note.parentElement).toBe(xAdapter.buttonSlot(posts[1]!));

    // One click shows; focus stays on the note, not lost with the button.
    note.querySelector('button')!.click();
    expect(posts[1]!.getAttribute(REPORTED_ATTRIBUTE)).toBe('shown');
    expect(note.querySelector('button')).toBeNull();
    expect(document.activeElement).toBe(note);
  });

  test('blurring off: marked, nothing to show', async () => {
    send.mockResolvedValueOnce({ mark: true, blur: false, matchMedia: false, empty: false, reported: [0] });
    const posts = loadFeed();
    await vi.runAllTimersAsync();
    expect(posts[0]!.getAttribute(REPORTED_ATTRIBUTE)).toBe('mark');
    expect(posts[0]!.querySelector('.flagpost-reported button')).toBeNull();
  });

  test('marking off: the page is not asked about again', async () => {
    send.mockResolvedValue({ mark: false, blur: false, matchMedia: false, empty: true, reported: [] });
    loadFeed();
    await vi.runAllTimersAsync();
    const copy = addPost();
    await vi.runAllTimersAsync();
    expect(copy.querySelector('[data-flagpost-action="report"]')).not.toBeNull(); // decorated, but not asked about
    expect(send).toHaveBeenCalledTimes(1);
  });

  test('nothing reported anywhere yet: later posts are not read, until the user reports one here', async () => {
    send.mockResolvedValue({ mark: true, blur: true, matchMedia: false, empty: true, reported: [] });
    loadFeed();
    await vi.runAllTimersAsync();
    addPost();
    await vi.runAllTimersAsync();
    expect(send).toHaveBeenCalledTimes(1);
    await fakeBrowser.runtime.onMessage.trigger({ type: 'wellbeing.reported', payload: { permalink: FIRST, media: [] } }, { id: fakeBrowser.runtime.id });
    addPost();
    await vi.runAllTimersAsync();
    expect(send).toHaveBeenCalledTimes(2);
  });

  test('opted in: big on-screen pictures of unmarked posts are asked about once, in one batch; a match marks', async () => {
    const picture = 'https://pbs.twimg.com/media/G41vULFbcAATIQT?format=jpg&name=900x900';
    send.mockResolvedValueOnce({ mark: true, blur: true, matchMedia: true, empty: false, reported: [0] });
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

  test('a report just sent from this tab marks its post at once', async () => {
    send.mockResolvedValueOnce({ mark: true, blur: true, matchMedia: false, empty: false, reported: [] });
    const posts = loadFeed();
    await vi.runAllTimersAsync();
    await fakeBrowser.runtime.onMessage.trigger({ type: 'wellbeing.reported', payload: { permalink: FIRST, media: [] } }, { id: fakeBrowser.runtime.id });
    expect(posts.map((post) => post.getAttribute(REPORTED_ATTRIBUTE))).toEqual(['blur', null]);
  });
});
