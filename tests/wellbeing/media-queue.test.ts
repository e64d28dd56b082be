import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createMediaQueue } from '../../utils/wellbeing/media-queue';

const pdq = (url: string) => [{ algorithm: 'pdq', value: url }];

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function queue(options: { maxQueued?: number; cacheSize?: number; fail?: string } = {}) {
  const hashed: string[] = [];
  const media = createMediaQueue({
    hash: async (url) => {
      hashed.push(url);
      if (url === options.fail) throw new Error('decode failed');
      return pdq(url);
    },
    intervalMs: 500,
    maxQueued: options.maxQueued ?? 10,
    cacheSize: options.cacheSize ?? 10,
  });
  return { media, hashed };
}

describe('the budgeted media queue', () => {
  test('hashes one medium at a time, at most one per interval', async () => {
    const { media, hashed } = queue();
    const results = ['a', 'b', 'c'].map((url) => media.hashesOf(url));
    await vi.advanceTimersByTimeAsync(0);
    expect(hashed).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(499);
    expect(hashed).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1);
    expect(hashed).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(500);
    expect(await Promise.all(results)).toEqual([pdq('a'), pdq('b'), pdq('c')]);
  });

  test('the same URL is hashed once, whether asked twice at once or later (cache)', async () => {
    const { media, hashed } = queue();
    const both = Promise.all([media.hashesOf('a'), media.hashesOf('a')]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await both).toEqual([pdq('a'), pdq('a')]);
    expect(await media.hashesOf('a')).toEqual(pdq('a'));
    expect(hashed).toEqual(['a']);
  });

  test('a full queue drops its oldest request (scrolled past); it is not cached and may be asked again', async () => {
    const { media, hashed } = queue({ maxQueued: 2 });
    const first = media.hashesOf('a'); // starts at once: no longer waiting
    const dropped = media.hashesOf('b');
    void media.hashesOf('c');
    void media.hashesOf('d');
    expect(await dropped).toBeNull();
    expect(media.queued).toBe(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(await first).toEqual(pdq('a'));
    expect(hashed).toEqual(['a', 'c', 'd']);
    const again = media.hashesOf('b');
    await vi.advanceTimersByTimeAsync(0);
    expect(await again).toEqual(pdq('b'));
  });

  test('a medium that cannot be hashed answers [] and is not tried again', async () => {
    const { media, hashed } = queue({ fail: 'bad' });
    const result = media.hashesOf('bad');
    await vi.advanceTimersByTimeAsync(0);
    expect(await result).toEqual([]);
    expect(await media.hashesOf('bad')).toEqual([]);
    expect(hashed).toEqual(['bad']);
  });

  test('the cache keeps the most recently used URLs only', async () => {
    const { media, hashed } = queue({ cacheSize: 2 });
    for (const url of ['a', 'b', 'c']) {
      const done = media.hashesOf(url);
      await vi.advanceTimersByTimeAsync(500);
      await done;
    }
    const again = media.hashesOf('a');
    await vi.advanceTimersByTimeAsync(500);
    await again;
    expect(hashed).toEqual(['a', 'b', 'c', 'a']);
  });
});
