/**
 * The stream manifests each tab's page has requested, for videos whose stream URL the page never shows
 * (X: the playlist's name is random and only the player knows it). Observed with `webRequest`, read-only
 * (no blocking, no change), only for the manifest patterns the adapters declare (`streamRequests`), so
 * the service worker wakes for nothing else.
 *
 * Why `webRequest` and not a PerformanceObserver('resource') in the content script, which needs no
 * permission: a player may fetch from a worker, whose requests the page's timeline never shows; the
 * timeline's buffer fills (250 entries by default) on a media-heavy feed and then drops entries; and
 * the content script may start after the player's first request. The background sees every request
 * of the tab, whoever makes it.
 *
 * The list lives in `storage.session`: in memory only (never on disk), and it outlives the service
 * worker, which the browser stops while the user watches. It is bounded per tab, dropped when the tab
 * closes or loads another document, and never leaves the device except as the one manifest a report names.
 */

import { serialQueue } from '../serial';

/** The most recent manifests kept per tab: a long feed session loads many videos; the reported one is recent. */
export const MANIFESTS_PER_TAB = 64;

type SessionArea = {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
};

export interface StreamLog {
  /** Notes that `tabId`'s page loaded `url` (a manifest the adapters' patterns matched). */
  record(tabId: number, url: string): Promise<void>;
  /** Forgets the tab's manifests (it closed, or loaded another document). */
  forgetTab(tabId: number): Promise<void>;
  /** The tab's manifests, oldest first. */
  manifests(tabId: number): Promise<string[]>;
}

const keyOf = (tabId: number) => `streams.${tabId}`;

export function createStreamLog(area: SessionArea): StreamLog {
  // One write at a time: two manifests requested together must not overwrite each other's update.
  const serially = serialQueue();
  const read = async (tabId: number): Promise<string[]> => {
    const stored = (await area.get(keyOf(tabId)))[keyOf(tabId)];
    return Array.isArray(stored) ? stored.filter((url): url is string => typeof url === 'string') : [];
  };
  return {
    record: (tabId, url) =>
      serially(async () => {
        if (tabId < 0) return; // not a tab's request (the extension's own, a service worker's)
        const urls = (await read(tabId)).filter((known) => known !== url);
        urls.push(url);
        await area.set({ [keyOf(tabId)]: urls.slice(-MANIFESTS_PER_TAB) });
      }),
    forgetTab: (tabId) => serially(() => area.remove(keyOf(tabId))),
    manifests: (tabId) => serially(() => read(tabId)),
  };
}

/** The parts of `browser.webRequest` and `browser.tabs` the sniffer listens to (injected: tests drive them). */
export interface SnifferEvents {
  onCompleted: {
    addListener(
      callback: (details: { tabId: number; url: string; statusCode: number; type: string }) => undefined,
      filter: { urls: string[]; types?: string[] },
    ): void;
  };
  onBeforeRequest: {
    // A listener that returns nothing never blocks the request (webRequest's BlockingResponse is undefined).
    addListener(callback: (details: { tabId: number; type: string }) => undefined, filter: { urls: string[]; types?: ('main_frame')[] }): void;
  };
  onTabRemoved: { addListener(callback: (tabId: number) => void): void };
}

/**
 * Listens, read-only: manifests the page loaded successfully are recorded for their tab; a tab that
 * loads a new document on a platform page (`pageMatches`) or closes starts over.
 */
export function listenForStreams(
  events: SnifferEvents,
  log: StreamLog,
  patterns: { manifests: string[]; pageMatches: string[] },
  onError: (error: unknown) => void,
): void {
  if (patterns.manifests.length === 0) return;
  events.onCompleted.addListener(
    (details) => {
      if (details.statusCode < 400) log.record(details.tabId, details.url).catch(onError);
      return undefined;
    },
    { urls: patterns.manifests },
  );
  events.onBeforeRequest.addListener(
    (details) => {
      log.forgetTab(details.tabId).catch(onError);
      return undefined;
    },
    { urls: patterns.pageMatches, types: ['main_frame'] },
  );
  events.onTabRemoved.addListener((tabId) => {
    log.forgetTab(tabId).catch(onError);
  });
}
