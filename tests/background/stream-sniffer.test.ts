import { beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { locateStreams, manifestUnder, STREAM_NOT_LOADED } from '../../utils/background/locate-streams';
import { createStreamLog, listenForStreams, MANIFESTS_PER_TAB, type SnifferEvents } from '../../utils/background/stream-sniffer';
import { streamPageMatches, streamRequestPatterns } from '../../utils/platforms';
import type { ExtractedMedia } from '../../utils/platforms/types';

const MASTER = 'https://video.twimg.com/amplify_video/1869999999999999999/pl/Xy12AbCdEfGhIjKl.m3u8?tag=16';
const VARIANT = 'https://video.twimg.com/amplify_video/1869999999999999999/pl/avc1/1280x720/Zz98YyXxWwVv.m3u8';
const OTHER = 'https://video.twimg.com/ext_tw_video/1111111111111111111/pu/pl/Qq11Rr22.m3u8';

/** The webRequest and tabs events, driven by the test. */
function fakeEvents() {
  const listeners = {
    completed: [] as [Parameters<SnifferEvents['onCompleted']['addListener']>[0], { urls: string[] }][],
    before: [] as [Parameters<SnifferEvents['onBeforeRequest']['addListener']>[0], { urls: string[]; types?: string[] }][],
    removed: [] as ((tabId: number) => void)[],
  };
  const events: SnifferEvents = {
    onCompleted: { addListener: (callback, filter) => void listeners.completed.push([callback, filter]) },
    onBeforeRequest: { addListener: (callback, filter) => void listeners.before.push([callback, filter]) },
    onTabRemoved: { addListener: (callback) => void listeners.removed.push(callback) },
  };
  return { events, listeners };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('stream log (storage.session)', () => {
  beforeEach(() => fakeBrowser.reset());

  test('keeps each tab\'s manifests apart, most recent last, without repeats, bounded', async () => {
    const log = createStreamLog(fakeBrowser.storage.session);
    await Promise.all([log.record(1, MASTER), log.record(1, VARIANT), log.record(2, OTHER), log.record(1, MASTER)]);
    expect(await log.manifests(1)).toEqual([VARIANT, MASTER]);
    expect(await log.manifests(2)).toEqual([OTHER]);
    for (let i = 0; i < MANIFESTS_PER_TAB + 5; i++) await log.record(3, `https://video.twimg.com/x/${i}.m3u8`);
    const kept = await log.manifests(3);
    expect(kept).toHaveLength(MANIFESTS_PER_TAB);
    expect(kept.at(-1)).toBe(`https://video.twimg.com/x/${MANIFESTS_PER_TAB + 4}.m3u8`);
  });

  test('outlives the service worker: a new log over the same session storage reads what the last one wrote', async () => {
    await createStreamLog(fakeBrowser.storage.session).record(7, MASTER);
    expect(await createStreamLog(fakeBrowser.storage.session).manifests(7)).toEqual([MASTER]);
  });

  test('requests of no tab (tabId -1: the extension\'s own, a service worker\'s) are not kept', async () => {
    const log = createStreamLog(fakeBrowser.storage.session);
    await log.record(-1, MASTER);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});

describe('listening for streams', () => {
  beforeEach(() => fakeBrowser.reset());

  test('observes only the adapters\' manifest patterns; records loaded manifests; forgets a tab on a new document or close', async () => {
    const { events, listeners } = fakeEvents();
    const log = createStreamLog(fakeBrowser.storage.session);
    const errors: unknown[] = [];
    listenForStreams(events, log, { manifests: streamRequestPatterns, pageMatches: streamPageMatches }, (e) => errors.push(e));
    expect(listeners.completed.map(([, filter]) => filter)).toEqual([{ urls: ['https://video.twimg.com/*.m3u8*'] }]);
    expect(listeners.before.map(([, filter]) => filter)).toEqual([
      { urls: ['https://x.com/*', 'https://twitter.com/*', 'https://mobile.twitter.com/*'], types: ['main_frame'] },
    ]);
    const [completed] = listeners.completed[0]!;
    // Nothing blocks: every listener answers undefined.
    expect(completed({ tabId: 4, url: MASTER, statusCode: 200, type: 'xmlhttprequest' })).toBeUndefined();
    completed({ tabId: 4, url: VARIANT, statusCode: 403, type: 'xmlhttprequest' });
    completed({ tabId: 5, url: OTHER, statusCode: 200, type: 'xmlhttprequest' });
    await settle();
    expect(await log.manifests(4)).toEqual([MASTER]);

    expect(listeners.before[0]![0]({ tabId: 4, type: 'main_frame' })).toBeUndefined();
    listeners.removed[0]!(5);
    await settle();
    expect(await log.manifests(4)).toEqual([]);
    expect(await log.manifests(5)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('locating streams', () => {
  const poster: ExtractedMedia = { kind: 'poster', sourceUrl: 'https://pbs.twimg.com/amplify_video_thumb/1869999999999999999/img/a?format=jpg&name=orig' };
  const video: ExtractedMedia = {
    kind: 'video',
    sourceUrl: 'https://video.twimg.com/amplify_video/1869999999999999999/',
    thumbnailUrl: 'https://pbs.twimg.com/amplify_video_thumb/1869999999999999999/img/a.jpg',
    locate: { from: 'tab-requests', mediaId: '1869999999999999999' },
  };

  test('the master playlist under the stream\'s folder, whatever order the player asked in', () => {
    expect(manifestUnder(video.sourceUrl, [VARIANT, OTHER, MASTER])).toBe(MASTER);
    expect(manifestUnder(video.sourceUrl, [VARIANT])).toBe(VARIANT);
    expect(manifestUnder(video.sourceUrl, [OTHER, 'not a url', 'http://video.twimg.com/amplify_video/1869999999999999999/pl/a.m3u8'])).toBeUndefined();
    // Another media id that starts with this one is another video.
    expect(manifestUnder(video.sourceUrl, ['https://video.twimg.com/amplify_video/18699999999999999990/pl/a.m3u8'])).toBeUndefined();
  });

  test('a located video gets its playlist; other media pass through; the manifests are read once', async () => {
    let reads = 0;
    const located = await locateStreams([poster, video, { ...video }], { manifests: async () => (reads++, [OTHER, VARIANT, MASTER]) });
    expect(located).toEqual([poster, { kind: 'video', sourceUrl: MASTER, thumbnailUrl: video.thumbnailUrl }, { kind: 'video', sourceUrl: MASTER, thumbnailUrl: video.thumbnailUrl }]);
    expect(reads).toBe(1);
  });

  test('a stream the page never loaded: the video says so, the poster is still there', async () => {
    const located = await locateStreams([poster, video], { manifests: async () => [OTHER] });
    expect(located).toEqual([poster, { kind: 'video', sourceUrl: video.sourceUrl, thumbnailUrl: video.thumbnailUrl, error: STREAM_NOT_LOADED }]);
    const failing = await locateStreams([video], { manifests: async () => Promise.reject(new Error('storage gone')) });
    expect(failing[0]?.error).toBe(STREAM_NOT_LOADED);
  });
});
