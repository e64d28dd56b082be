import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { sessionBatchStore, type BatchRecord } from '../../utils/background/batch';
import { createDrafts, DRAFT_TTL_MS, type DraftDeps } from '../../utils/background/drafts';
import { defaultVideoLimits } from '../../utils/hash/video-decode';
import type { HashMediaOptions } from '../../utils/pipeline/hash-media';
import { HASHING_CANCELLED, HASHING_GAVE_UP, MAX_HASHING_STARTS } from '../../utils/pipeline/media-state';
import { preparingBoundMs, preparingTimedOut, stepTimedOut } from '../../utils/pipeline/prepare-bounds';
import { createQueue } from '../../utils/pipeline/queue';
import type { ExtractedMedia, ExtractedPost } from '../../utils/platforms/types';
import type { StoryboardLevel } from '../../utils/platforms/youtube-storyboard';
import type { MediaEntry, Report } from '../../utils/schema/report';
import { getDraft, listDrafts } from '../../utils/store/drafts';
import { getReport, updateReport } from '../../utils/store/reports';
import { completeForm, samplePost } from '../../test-support/fixtures';
import { freshIndexedDb } from '../fresh-indexeddb';

const IMAGE = 'https://pbs.twimg.com/media/A?format=png&name=orig';
const VIDEO = 'https://video.twimg.com/tweet_video/long.mp4';
const tab = { tabId: 7, frameId: 0 };

/** A post with a picture (quick) and a video (slow). */
function postWithVideo(): ExtractedPost {
  return { ...samplePost(), media: [{ kind: 'image', sourceUrl: IMAGE }, { kind: 'video', sourceUrl: VIDEO }] };
}

function hashed(medium: ExtractedMedia, index: number, value: string): MediaEntry {
  return { ref: `m${index + 1}`, kind: medium.kind, sourceUrl: medium.sourceUrl, hashes: [{ algorithm: 'sha256', value: value.repeat(64) }] };
}

/** One call of the fake hashMedia: the test decides when each medium is done, as the decoder would. */
interface HashCall {
  media: ExtractedMedia[];
  options: HashMediaOptions;
  finish: (entries?: MediaEntry[]) => void;
}

/** A service worker's life: its queue, its drafts, its fake hashing. A second life shares only the storage. */
function workerLife(overrides: Partial<DraftDeps> = {}) {
  const calls: HashCall[] = [];
  const delivered: Report[] = [];
  const pushes: Parameters<DraftDeps['push']>[1][] = [];
  const queue = createQueue({
    deliver: async (report) => {
      delivered.push(report);
      return { kind: 'sent', status: 'received' };
    },
    endpoint: async () => ({ base: 'https://endpoint.example', token: '' }),
    scheduleWakeUp: async () => {},
    notify: () => {},
  });
  const hashMedia = vi.fn((media: ExtractedMedia[], options: HashMediaOptions) =>
    new Promise<MediaEntry[]>((resolve) => {
      calls.push({
        media,
        options,
        finish: (entries) => resolve(entries ?? media.map((medium, index) => hashed(medium, index, 'f'))),
      });
    }));
  const drafts = createDrafts({
    hashMedia,
    locate: async (post) => post.media,
    explain: (_platform, entry) => entry,
    queue,
    context: async () => ({
      reporter: { mode: 'anonymous' }, client: { name: 'Flagpost', version: '1', browser: 'chrome', locale: 'en' },
      goodFaithStatement: 'I believe…', videoLimits: defaultVideoLimits,
    }),
    push: async (_tab, payload) => void pushes.push(payload),
    keepAlive: () => () => {},
    submitWaitMs: 0,
    ...overrides,
  });
  return { drafts, queue, calls, delivered, pushes, hashMedia };
}

/** Which fake hash a medium got: the letter its SHA-256 repeats. */
const mark = (medium: MediaEntry) => {
  const hash = medium.hashes[0];
  return hash && 'value' in hash ? hash.value[0] : undefined;
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(async () => {
  fakeBrowser.reset();
  await freshIndexedDb();
});

describe('a report whose video is still hashing', () => {
  test('prepare answers at once; the picture is in as soon as it is done, and pushed to the dialog', async () => {
    const life = workerLife();
    const { draft } = await life.drafts.prepare(crypto.randomUUID(), postWithVideo(), tab);
    expect(draft.media.map((m) => m.hashes)).toEqual([[], []]);
    const [call] = life.calls;
    call!.options.onDone!(0, hashed(call!.media[0]!, 0, 'a'));
    await vi.waitFor(() => expect(life.pushes.some((push) => push.media?.[0]?.hashes.length)).toBe(true));
    expect((await getDraft(draft.id))!.media[0]!.hashes).toHaveLength(1);
    expect((await getDraft(draft.id))!.media[1]!.hashes).toEqual([]);
  });

  test('a stream located with an error is settled from the start and never hashed; refusals are explained', async () => {
    const life = workerLife({
      locate: async (post) => post.media.map((medium) => (medium.kind === 'video' ? { ...medium, error: 'stream never loaded' } : medium)),
      explain: (_platform, entry) => (entry.error ? { ...entry, error: `explained: ${entry.error}` } : entry),
    });
    const { draft } = await life.drafts.prepare(crypto.randomUUID(), postWithVideo(), tab);
    expect(draft.media[1]).toMatchObject({ hashes: [], error: 'stream never loaded' });
    const [call] = life.calls;
    expect(call!.media.map((medium) => medium.kind)).toEqual(['image']);
    call!.finish([{ ...hashed(call!.media[0]!, 0, 'a'), hashes: [], error: 'fetch refused: HTTP 403' }]);
    await vi.waitFor(async () => expect((await getDraft(draft.id))!.media[0]!.error).toBe('explained: fetch refused: HTTP 403'));
  });

  test('progress reaches the dialog, a few messages for many frames', async () => {
    const life = workerLife();
    const { draft } = await life.drafts.prepare(crypto.randomUUID(), postWithVideo(), tab);
    const [call] = life.calls;
    for (let done = 1; done <= 200; done++) call!.options.onProgress!(1, { done, total: 600 });
    await vi.waitFor(() => expect(life.pushes.at(-1)?.progress[1]).toEqual({ done: 200, total: 600 }));
    expect(life.pushes.length).toBeLessThanOrEqual(2);
    expect(life.pushes.every((push) => push.id === draft.id)).toBe(true);
  });

  test('a medium done reaches the dialog at once, not at the next progress slot', async () => {
    // The clock stands still right after the first push: every later progress push waits for a slot that never comes.
    let clock = Date.now();
    const life = workerLife({ now: () => clock });
    await life.drafts.prepare(crypto.randomUUID(), postWithVideo(), tab);
    const [call] = life.calls;
    call!.options.onProgress!(1, { done: 1, total: 600 });
    await vi.waitFor(() => expect(life.pushes).toHaveLength(1));
    clock -= 1e9;
    call!.options.onProgress!(1, { done: 2, total: 600 });
    call!.options.onDone!(0, hashed(call!.media[0]!, 0, 'a'));
    await vi.waitFor(() => expect(life.pushes.at(-1)?.media?.[0]?.hashes).toHaveLength(1));
    expect(life.pushes.at(-1)?.progress[1]).toEqual({ done: 2, total: 600 });
  });

  test('Send waits a little for hashing about to finish: a quick medium is in the report sent at once', async () => {
    const life = workerLife({ submitWaitMs: 60_000 });
    const { draft } = await life.drafts.prepare(crypto.randomUUID(), postWithVideo(), tab);
    const sending = life.drafts.submit(draft.id, completeForm());
    life.calls[0]!.finish();
    expect((await sending).result.status).toBe('sent');
    expect(life.delivered[0]!.media.map(mark)).toEqual(['f', 'f']);
  });

  test('sent mid-hash: stored as hashing, not delivered; delivered once with the hashes when the video is done', async () => {
    const life = workerLife();
    const { draft } = await life.drafts.prepare(crypto.randomUUID(), postWithVideo(), tab);
    const [call] = life.calls;
    call!.options.onDone!(0, hashed(call!.media[0]!, 0, 'a'));
    await settle();
    const { result } = await life.drafts.submit(draft.id, completeForm());
    expect(result.status).toBe('hashing');
    expect(await getDraft(draft.id)).toBeUndefined();
    await life.queue.drain();
    expect(life.delivered).toEqual([]);

    call!.finish();
    await vi.waitFor(async () => expect((await getReport(draft.id))?.status).toBe('sent'));
    expect(life.delivered).toHaveLength(1);
    expect(life.delivered[0]!.media.map(mark)).toEqual(['a', 'f']);
    expect(life.delivered[0]!.media.map((m) => m.ref)).toEqual(['m1', 'm2']);

    // A late or repeated result, a second Send, another drain: still one delivery.
    call!.options.onDone!(1, hashed(call!.media[1]!, 1, 'b'));
    await life.drafts.submit(draft.id, completeForm());
    await life.queue.drain();
    expect(life.delivered).toHaveLength(1);
  });

  test('the worker stops mid-hash: its next start hashes only what was not done, and delivers once', async () => {
    const first = workerLife();
    const { draft } = await first.drafts.prepare(crypto.randomUUID(), postWithVideo(), tab);
    first.calls[0]!.options.onDone!(0, hashed(first.calls[0]!.media[0]!, 0, 'a'));
    await settle();
    await first.drafts.submit(draft.id, completeForm());
    // The worker is stopped: its memory, its queue and its running hashing are gone; the storage stays.

    const second = workerLife();
    await second.drafts.resume();
    expect(second.calls).toHaveLength(1);
    expect(second.calls[0]!.media).toEqual([{ kind: 'video', sourceUrl: VIDEO }]);
    expect((await getReport(draft.id))?.hashingStarts).toBe(2);
    await second.drafts.resume(); // a wake-up alarm while it runs starts nothing twice
    expect(second.calls).toHaveLength(1);

    second.calls[0]!.finish();
    await vi.waitFor(async () => expect((await getReport(draft.id))?.status).toBe('sent'));
    expect(second.delivered).toHaveLength(1);
    expect(second.delivered[0]!.media.map((m) => [m.ref, mark(m)])).toEqual([['m1', 'a'], ['m2', 'f']]);
    expect(first.delivered).toEqual([]);
  });

  test('stopped before Send too: the draft is resumed, and Send afterwards still works', async () => {
    const first = workerLife();
    const { draft } = await first.drafts.prepare(crypto.randomUUID(), postWithVideo(), tab);
    const second = workerLife();
    await second.drafts.resume();
    expect(second.calls[0]!.media).toHaveLength(2);
    second.calls[0]!.finish();
    await vi.waitFor(async () => expect((await getDraft(draft.id))?.media.every((m) => m.hashes.length)).toBe(true));
    expect((await second.drafts.submit(draft.id, completeForm())).result.status).toBe('sent');
    expect(second.delivered).toHaveLength(1);
  });

  test('resumed after Send, the video is hashed as located (a storyboard by its sheets); a record from before that, by its URL', async () => {
    const level: StoryboardLevel = { level: 1, width: 80, height: 45, count: 60, cols: 10, rows: 10, intervalMs: 2000, sheets: ['https://i.ytimg.com/sb/v/storyboard3_L1/M0.jpg'] };
    const first = workerLife({ locate: async (post) => post.media.map((medium) => (medium.kind === 'video' ? { ...medium, storyboard: level } : medium)) });
    const { draft } = await first.drafts.prepare(crypto.randomUUID(), postWithVideo(), tab);
    first.calls[0]!.options.onDone!(0, hashed(first.calls[0]!.media[0]!, 0, 'a'));
    await settle();
    await first.drafts.submit(draft.id, completeForm());

    const second = workerLife();
    await second.drafts.resume();
    expect(second.calls[0]!.media).toEqual([{ kind: 'video', sourceUrl: VIDEO, storyboard: level }]);

    await updateReport(draft.id, ({ located: _located, scope: _scope, ...older }) => older);
    const third = workerLife();
    await third.drafts.resume();
    expect(third.calls[0]!.media).toEqual([{ kind: 'video', sourceUrl: VIDEO }]);
  });

  test(`a video that stops the worker every time is given up after ${MAX_HASHING_STARTS} starts, and the report still goes`, async () => {
    const first = workerLife();
    const { draft } = await first.drafts.prepare(crypto.randomUUID(), postWithVideo(), tab);
    await first.drafts.submit(draft.id, completeForm());
    let life = first;
    for (let start = 2; start <= MAX_HASHING_STARTS + 1; start++) {
      life = workerLife();
      await life.drafts.resume();
    }
    await vi.waitFor(async () => expect((await getReport(draft.id))?.status).toBe('sent'));
    expect(life.calls).toEqual([]);
    expect(life.delivered[0]!.media.map((m) => m.error)).toEqual([HASHING_GAVE_UP, HASHING_GAVE_UP]);
  });

  test('Stop hashing: the work is aborted; the video carries "hashing cancelled", the rest keeps its hashes', async () => {
    const life = workerLife();
    const { draft } = await life.drafts.prepare(crypto.randomUUID(), postWithVideo(), tab);
    const [call] = life.calls;
    call!.options.onDone!(0, hashed(call!.media[0]!, 0, 'a'));
    await settle();
    await life.drafts.stopHashing(draft.id);
    expect(call!.options.signal!.aborted).toBe(true);
    call!.finish(); // what an aborted decoder still returns is ignored

    const { result } = await life.drafts.submit(draft.id, completeForm());
    expect(result.status).toBe('sent');
    expect(life.delivered[0]!.media.map((m) => [m.hashes.length, m.error])).toEqual([[1, undefined], [0, HASHING_CANCELLED]]);
  });

  test('Stop hashing after Send: delivered at once, with the error', async () => {
    const life = workerLife();
    const { draft } = await life.drafts.prepare(crypto.randomUUID(), postWithVideo(), tab);
    await life.drafts.submit(draft.id, completeForm());
    await life.drafts.stopHashing(draft.id);
    await vi.waitFor(async () => expect((await getReport(draft.id))?.status).toBe('sent'));
    expect(life.delivered.map((r) => r.media.map((m) => m.error))).toEqual([[HASHING_CANCELLED, HASHING_CANCELLED]]);
  });

  test('closing the dialog unsent stops the work and forgets the draft; closing after Send does neither', async () => {
    const life = workerLife();
    const { draft } = await life.drafts.prepare(crypto.randomUUID(), postWithVideo(), tab);
    await life.drafts.discard(draft.id);
    expect(life.calls[0]!.options.signal!.aborted).toBe(true);
    expect(await listDrafts()).toEqual([]);
    await expect(life.drafts.submit(draft.id, completeForm())).rejects.toThrow('no longer open');

    const sent = (await life.drafts.prepare(crypto.randomUUID(), postWithVideo(), tab)).draft;
    await life.drafts.submit(sent.id, completeForm());
    await life.drafts.discard(sent.id);
    expect(life.calls[1]!.options.signal!.aborted).toBe(false);
    life.calls[1]!.finish();
    await vi.waitFor(async () => expect((await getReport(sent.id))?.status).toBe('sent'));
  });

  test('the dialog is gone (tab closed, frame navigated): the first progress nobody answers stops the work', async () => {
    const life = workerLife({ push: async () => Promise.reject(new Error('Could not establish connection')) });
    const { draft } = await life.drafts.prepare(crypto.randomUUID(), postWithVideo(), tab);
    life.calls[0]!.options.onProgress!(1, { done: 1, total: 600 });
    await vi.waitFor(() => expect(life.calls[0]!.options.signal!.aborted).toBe(true));
    expect(await getDraft(draft.id)).toBeUndefined();
  });

  test('the user\'s video limits go down to hashMedia', async () => {
    const life = workerLife();
    await life.drafts.prepare(crypto.randomUUID(), postWithVideo(), tab);
    expect(life.calls[0]!.options.videoLimits).toEqual(defaultVideoLimits);
  });
});

describe('media off the platforms\' hosts wait for the user (utils/background/media-consent.ts)', () => {
  const OWN = 'https://news.example/photo.png';
  const LOOPBACK = 'http://127.0.0.1:8080/admin.png';
  const rightClicked = (): ExtractedPost => ({ ...samplePost(), platform: 'other', media: [{ kind: 'image', sourceUrl: OWN }, { kind: 'image', sourceUrl: LOOPBACK }] });

  test('nothing is fetched before the user agrees; a local address is refused outright; agreeing starts hashing with the page\'s scope', async () => {
    const life = workerLife();
    const { draft, confirmFetch } = await life.drafts.prepare(crypto.randomUUID(), rightClicked(), tab, 'https://news.example');
    expect(confirmFetch).toEqual([OWN]);
    expect(draft.media[1]!.error).toBe("not fetched: 127.0.0.1 is a local or private network address, not the page's own");
    await settle();
    expect(life.hashMedia).not.toHaveBeenCalled();
    // A stopped worker's restart does not start it either.
    await workerLife().drafts.resume();
    expect(life.hashMedia).not.toHaveBeenCalled();

    await life.drafts.allowFetch(draft.id);
    expect(life.calls).toHaveLength(1);
    expect(life.calls[0]!.media.map((m) => m.sourceUrl)).toEqual([OWN]);
    expect(life.calls[0]!.options.scope).toEqual({ pageOrigin: 'https://news.example', publicHosts: true });
  });

  test('sent while hashing and resumed by a restarted worker: still the scope the user agreed to', async () => {
    const clip = 'https://news.example/clip.mp4';
    const first = workerLife();
    const post: ExtractedPost = { ...rightClicked(), media: [{ kind: 'video', sourceUrl: clip }] };
    const { draft, confirmFetch } = await first.drafts.prepare(crypto.randomUUID(), post, tab, 'https://news.example');
    expect(confirmFetch).toEqual([clip]);
    await first.drafts.allowFetch(draft.id);
    await first.drafts.submit(draft.id, completeForm());
    expect((await getReport(draft.id))!.status).toBe('hashing');

    const second = workerLife();
    await second.drafts.resume();
    expect(second.calls[0]!.media).toEqual([{ kind: 'video', sourceUrl: clip }]);
    expect(second.calls[0]!.options.scope).toEqual({ pageOrigin: 'https://news.example', publicHosts: true });
  });

  test('sent without agreeing: reported at once, those media unfetched with the reason', async () => {
    const life = workerLife();
    const { draft } = await life.drafts.prepare(crypto.randomUUID(), rightClicked(), tab, 'https://news.example');
    const { result } = await life.drafts.submit(draft.id, completeForm());
    expect(result.status).not.toBe('hashing');
    expect((await getReport(draft.id))!.report.media.map((m) => m.error)).toEqual([
      'not fetched: the reporter did not agree to fetch it', "not fetched: 127.0.0.1 is a local or private network address, not the page's own",
    ]);
    expect(life.hashMedia).not.toHaveBeenCalled();
  });

  test("a platform post's media are hashed at once, with the platforms' hosts only", async () => {
    const life = workerLife();
    const { confirmFetch } = await life.drafts.prepare(crypto.randomUUID(), postWithVideo(), tab, 'https://x.com');
    expect(confirmFetch).toEqual([]);
    expect(life.calls[0]!.options.scope).toEqual({});
  });
});

describe('preparing has a bound (issue 21)', () => {
  /** A bound of a few milliseconds: what the product waits minutes for happens here at once. */
  const short = { boundMs: () => 50, locateMs: 50 };
  const timedOut = preparingTimedOut(50);

  test('a medium that never finishes gets its error at the bound; the report sent meanwhile is delivered with it', async () => {
    // Hashing holds the worker awake (keepAlive) for as long as its job runs, and lets go when it ends.
    let awake = 0;
    const life = workerLife({ ...short, keepAlive: () => (awake++, () => void awake--) });
    const { draft, boundMs } = await life.drafts.prepare(crypto.randomUUID(), postWithVideo(), tab);
    expect(boundMs).toBe(50);
    life.calls[0]!.options.onDone!(0, hashed(life.calls[0]!.media[0]!, 0, 'a'));
    await settle();
    await life.drafts.submit(draft.id, completeForm());
    // The video's hashing never ends (nor fails): only the bound ends it.
    await vi.waitFor(async () => expect((await getReport(draft.id))?.status).toBe('sent'));
    expect(life.calls[0]!.options.signal!.aborted).toBe(true);
    expect(life.delivered[0]!.media.map((m) => [mark(m), m.error])).toEqual([['a', undefined], [undefined, timedOut]]);
    // The job ends once the last medium's settling returns, which waits for the delivery it started.
    await vi.waitFor(() => expect(awake).toBe(0));
  });

  test('the bound reached before Send: the dialog is told, and Send goes at once', async () => {
    const life = workerLife(short);
    const { draft } = await life.drafts.prepare(crypto.randomUUID(), postWithVideo(), tab);
    await vi.waitFor(() => expect(life.pushes.at(-1)?.media?.map((m) => m.error)).toEqual([timedOut, timedOut]));
    expect((await life.drafts.submit(draft.id, completeForm())).result.status).toBe('sent');
  });

  test('a worker that starts again past the bound settles what was not done at once, and the report goes', async () => {
    const first = workerLife();
    const { draft } = await first.drafts.prepare(crypto.randomUUID(), postWithVideo(), tab);
    await first.drafts.submit(draft.id, completeForm());
    const later = workerLife({ now: () => Date.now() + preparingBoundMs(['image', 'video']) });
    await later.drafts.resume();
    await vi.waitFor(async () => expect((await getReport(draft.id))?.status).toBe('sent'));
    const bound = preparingTimedOut(preparingBoundMs(['image', 'video']));
    expect(later.delivered[0]!.media.map((m) => m.error)).toEqual([bound, bound]);
  });

  test('asked again under the same id (its answer lost with the worker), prepare answers with the same draft, hashed once', async () => {
    const life = workerLife();
    const id = crypto.randomUUID();
    const first = await life.drafts.prepare(id, postWithVideo(), tab);
    const again = await life.drafts.prepare(id, postWithVideo(), tab);
    expect(again.draft).toEqual(first.draft);
    expect(life.calls).toHaveLength(1);
    expect(await listDrafts()).toHaveLength(1);
    // A restarted worker asked again: the draft it finds resumes hashing.
    const second = workerLife();
    expect((await second.drafts.prepare(id, postWithVideo(), tab)).draft.id).toBe(id);
    expect(second.calls).toHaveLength(1);
  });

  test('a locate step that never answers is given up at its timeout: the video says why, the dialog gets its answer', async () => {
    const post = { ...postWithVideo(), media: [{ kind: 'video' as const, sourceUrl: VIDEO, locate: { from: 'tab-requests' as const, mediaId: 'long' } }] };
    const life = workerLife({ ...short, locate: () => new Promise(() => {}) });
    const { draft } = await life.drafts.prepare(crypto.randomUUID(), post, tab);
    expect(draft.media[0]).toMatchObject({ hashes: [], error: stepTimedOut('finding the video', 50) });
  });
});

test("the drafts' cleanup deletes the batch records older than a draft may be (a frame that never closed), not the others", async () => {
  const at = Date.parse('2026-03-01T12:00:00Z');
  const record = (createdAt: number): BatchRecord => ({ tab: { tabId: 7, frameId: 3 }, ids: [], failed: {}, submitted: true, createdAt });
  await sessionBatchStore.set('old', record(at - DRAFT_TTL_MS - 1));
  await sessionBatchStore.set('recent', record(at - 1000));
  await workerLife({ now: () => at }).drafts.resume();
  expect(await sessionBatchStore.get('old')).toBeUndefined();
  expect(await sessionBatchStore.get('recent')).toEqual(record(at - 1000));
});
