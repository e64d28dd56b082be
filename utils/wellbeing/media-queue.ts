/**
 * On-screen media matching, paced so that it never competes with the page: one medium at a time,
 * a pause of `intervalMs` between two, each URL hashed once (a bounded cache), and a short queue
 * that drops the oldest request when the user scrolls faster than the budget (that medium has
 * most likely left the screen; it is asked for again if it comes back).
 */
import type { HashListItem } from './reported-index';

export interface MediaQueueOptions {
  /** Fetch, decode, hash one medium; throws when it cannot. */
  hash(url: string): Promise<HashListItem[]>;
  /** Pause between two media: 500 ms is at most 2 media a second. */
  intervalMs: number;
  /** Requests waiting at most; older ones are dropped. */
  maxQueued: number;
  /** URLs whose hashes (or failure) are remembered. */
  cacheSize: number;
}

/** The budget: at most 2 media a second, 24 waiting, 1 000 remembered. */
export const MEDIA_BUDGET = { intervalMs: 500, maxQueued: 24, cacheSize: 1000 } as const;

export interface MediaQueue {
  /** The medium's hashes; [] when it could not be hashed; null when it was dropped before its turn. */
  hashesOf(url: string): Promise<HashListItem[] | null>;
  /** How many requests wait (for tests and benchmarks). */
  readonly queued: number;
}

export function createMediaQueue(options: MediaQueueOptions): MediaQueue {
  const cache = new Map<string, HashListItem[]>();
  /** Insertion order is the queue's order. */
  const waiting = new Map<string, Array<(hashes: HashListItem[] | null) => void>>();
  /** The medium being hashed now and who waits for it. */
  let current: { url: string; resolvers: Array<(hashes: HashListItem[] | null) => void> } | null = null;
  let running = false;

  function remember(url: string, hashes: HashListItem[]): void {
    cache.delete(url);
    cache.set(url, hashes);
    if (cache.size > options.cacheSize) cache.delete(cache.keys().next().value!);
  }

  async function work(): Promise<void> {
    running = true;
    for (let next = waiting.keys().next(); !next.done; next = waiting.keys().next()) {
      const url = next.value;
      current = { url, resolvers: waiting.get(url)! };
      waiting.delete(url);
      const hashes = await options.hash(url).catch(() => []);
      remember(url, hashes);
      for (const resolve of current.resolvers) resolve(hashes);
      current = null;
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
    }
    running = false;
  }

  return {
    hashesOf(url) {
      const cached = cache.get(url);
      if (cached) {
        remember(url, cached);
        return Promise.resolve(cached);
      }
      return new Promise((resolve) => {
        if (current?.url === url) return void current.resolvers.push(resolve);
        const resolvers = waiting.get(url);
        if (resolvers) resolvers.push(resolve);
        else waiting.set(url, [resolve]);
        if (waiting.size > options.maxQueued) {
          const [oldest, dropped] = waiting.entries().next().value!;
          waiting.delete(oldest);
          for (const drop of dropped) drop(null);
        }
        if (!running) void work();
      });
    },
    get queued() {
      return waiting.size;
    },
  };
}
