/**
 * A batch of Mastodon posts (the platform declares no media hosts) through the real drafts and queue: as a single
 * report, media off the platforms' hosts wait for the user's agreement, which the batch form asks for once.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, expect, test, vi } from 'vitest';
import { createBatches, type BatchRecord } from '../../utils/background/batch';
import { createDrafts } from '../../utils/background/drafts';
import { defaultVideoLimits } from '../../utils/hash/video-decode';
import { createQueue } from '../../utils/pipeline/queue';
import type { ExtractedPost } from '../../utils/platforms/types';
import { REPORT_FRAME_PATH } from '../../utils/report-frame';
import { freshIndexedDb } from '../fresh-indexeddb';

const EXT = 'abcdefghijklmnopabcdefghijklmnop';
const PAGE = { id: EXT, tab: { id: 7 } as never, frameId: 0, url: 'https://mastodon.social/home' };
const FRAME = { id: EXT, tab: { id: 7 } as never, frameId: 3, url: `chrome-extension://${EXT}${REPORT_FRAME_PATH}#batch` };
const mediumOf = (n: number) => `https://files.mastodon.social/media_attachments/files/${n}/original/a.png`;

function mastodonPost(n: number): ExtractedPost {
  return {
    platform: 'mastodon', url: `https://mastodon.social/@someone/11${n}`, pageUrl: 'https://mastodon.social/home',
    media: [{ kind: 'image', sourceUrl: mediumOf(n) }], quoted: [],
  } as unknown as ExtractedPost;
}

beforeEach(async () => {
  fakeBrowser.reset();
  await freshIndexedDb();
});

test('media a batch may not fetch unasked are listed per post in its steps, and one agreement fetches them all', async () => {
  const queue = createQueue({
    deliver: async () => ({ kind: 'sent', status: 'received' }),
    endpoint: async () => ({ base: 'https://endpoint.example', token: '' }),
    scheduleWakeUp: async () => {},
    notify: () => {},
  });
  const hashMedia = vi.fn(async () => []);
  const drafts = createDrafts({
    hashMedia, locate: async (post) => post.media, explain: (_p, entry) => entry, queue,
    context: async () => ({
      reporter: { mode: 'anonymous' }, client: { name: 'Flagpost', version: '1', browser: 'chrome', locale: 'en' },
      goodFaithStatement: 'I believe…', videoLimits: defaultVideoLimits,
    }),
    push: async () => ({}), keepAlive: () => () => {}, submitWaitMs: 0,
  });
  const records = new Map<string, BatchRecord>();
  const pushed: unknown[] = [];
  const batches = createBatches({
    drafts, stored: async () => undefined, push: async (_tab, payload) => void pushed.push(payload),
    store: { get: async (id) => records.get(id), set: async (id, r) => void records.set(id, r), delete: async (id) => void records.delete(id) },
    pageOrigin: () => 'https://mastodon.social',
  });
  const { batchId, items } = await batches.claim(batches.start([mastodonPost(1), mastodonPost(2)], PAGE).token, FRAME);
  // Each post's step says what waits for the user: what the batch form shows (BatchConsent), pushed to it too.
  await vi.waitFor(async () => expect((await batches.status(batchId)).steps).toEqual([
    { id: items[0]!.id, step: 'hashing', confirmFetch: [mediumOf(1)] },
    { id: items[1]!.id, step: 'hashing', confirmFetch: [mediumOf(2)] },
  ]));
  expect(pushed.length).toBeGreaterThan(0);
  expect(hashMedia).not.toHaveBeenCalled();
  await batches.allowFetch(batchId);
  await vi.waitFor(() => expect(hashMedia).toHaveBeenCalledTimes(2));
  expect((await batches.status(batchId)).steps.every((step) => !step.confirmFetch)).toBe(true);
});
