/**
 * The batch runner (utils/background/batch.ts): one report per post through the single-report pipeline, progress
 * pushed to the batch frame, and a post that fails (prepare, submit or delivery) never holds up the others.
 */
import { describe, expect, test, vi } from 'vitest';
import { createBatches, sessionBatchStore, type BatchRecord } from '../../utils/background/batch';
import { isRetryable, type RequestOf } from '../../utils/messages';
import type { StoredReport } from '../../utils/store/reports';
import { REPORT_FRAME_PATH } from '../../utils/report-frame';
import { completeForm, samplePost } from '../../test-support/fixtures';

const EXT = 'abcdefghijklmnopabcdefghijklmnop';
const PAGE = { id: EXT, tab: { id: 7 } as never, frameId: 0, url: 'https://x.com/lcMenci' };
const FRAME = { id: EXT, tab: { id: 7 } as never, frameId: 3, url: `chrome-extension://${EXT}${REPORT_FRAME_PATH}#batch` };

function posts(count: number) {
  return Array.from({ length: count }, (_, index) => ({ ...samplePost(), url: `https://x.com/a/status/${index + 1}` }));
}

/** A fake pipeline: `prepare`/`submit` per draft id, and a store of the reports submitted. */
function setUp(options: { failPrepare?: number[]; failSubmit?: number[]; gates?: Map<number, Promise<void>> } = {}) {
  let uuid = 0;
  const newId = () => `00000000-0000-4000-8000-${String(++uuid).padStart(12, '0')}`;
  const postOf = new Map<string, string>();
  const reports = new Map<string, Pick<StoredReport, 'status' | 'lastError'>>();
  const indexOf = (id: string) => Number(postOf.get(id)!.split('/').pop()) - 1;
  const drafts = {
    prepare: vi.fn(async (id: string, post: { url: string }) => {
      postOf.set(id, post.url);
      if (options.failPrepare?.includes(indexOf(id))) throw new Error('locate broke');
      return {} as never;
    }),
    submit: vi.fn(async (id: string, _form: unknown) => {
      await options.gates?.get(indexOf(id));
      if (options.failSubmit?.includes(indexOf(id))) throw new Error('disk full');
      reports.set(id, { status: 'queued' });
      return { result: { id, status: 'queued' as const } };
    }),
    discard: vi.fn(async (_id: string) => {}),
    allowFetch: vi.fn(async (_id: string) => {}),
  };
  const records = new Map<string, BatchRecord>();
  const pushed: RequestOf<'batch.progress'>[] = [];
  const batches = createBatches({
    drafts,
    stored: async (id) => reports.get(id),
    push: async (_tab, payload) => void pushed.push(payload),
    store: {
      get: async (id) => records.get(id),
      set: async (id, record) => void records.set(id, record),
      delete: async (id) => void records.delete(id),
    },
    pageOrigin: () => 'https://x.com',
    newId,
  });
  return { batches, drafts, reports, pushed, records };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('batch reports', () => {
  test('one draft and one report per post, each submitted with the one form', async () => {
    const { batches, drafts, reports } = setUp();
    const { token } = batches.start(posts(10), PAGE);
    const { batchId, items } = await batches.claim(token, FRAME);
    expect(items.map((item) => item.post.url)).toEqual(posts(10).map((post) => post.url));
    expect(new Set(items.map((item) => item.id)).size).toBe(10);
    expect(drafts.prepare).toHaveBeenCalledTimes(10);
    // Each draft's progress goes to the batch frame, with the page's origin for the media consent.
    expect(drafts.prepare).toHaveBeenCalledWith(items[0]!.id, items[0]!.post, { tabId: 7, frameId: 3 }, 'https://x.com');

    const state = await batches.submit(batchId, completeForm());
    expect(drafts.submit).toHaveBeenCalledTimes(10);
    for (const call of drafts.submit.mock.calls) expect(call[1]).toEqual(completeForm());
    expect(reports.size).toBe(10);
    expect(state.steps.map((step) => step.step)).toEqual(Array(10).fill('queued'));
  });

  test('a post whose draft or submit fails is failed with its reason; every other post is reported', async () => {
    const { batches, drafts } = setUp({ failPrepare: [2], failSubmit: [5] });
    const { batchId, items } = await batches.claim(batches.start(posts(8), PAGE).token, FRAME);
    await settle();
    const state = await batches.submit(batchId, completeForm());
    // The post that could not be prepared is not submitted; the others are, the failing submit included.
    expect(drafts.submit).toHaveBeenCalledTimes(7);
    expect(state.steps[2]).toEqual({ id: items[2]!.id, step: 'failed', reason: { key: 'dialogPrepareFailed', detail: 'locate broke' } });
    expect(state.steps[5]).toEqual({ id: items[5]!.id, step: 'failed', reason: { key: 'submitFailed', detail: 'disk full' } });
    expect(state.steps.filter((step) => step.step === 'queued')).toHaveLength(6);
  });

  test('progress: every post hashing, then each post queued as its submit ends, then delivered or failed as the queue says', async () => {
    const open: (() => void)[] = [];
    const gates = new Map([0, 1, 2].map((index) => [index, new Promise<void>((resolve) => (open[index] = resolve))]));
    const { batches, pushed, reports } = setUp({ gates });
    const { batchId, items } = await batches.claim(batches.start(posts(3), PAGE).token, FRAME);
    expect((await batches.status(batchId)).steps.map((s) => s.step)).toEqual(['hashing', 'hashing', 'hashing']);
    const sent = batches.submit(batchId, completeForm());
    const steps = () => pushed.at(-1)!.steps.map((s) => s.step);
    await settle();
    expect(steps()).toEqual(['hashing', 'hashing', 'hashing']);
    // Each post moves on its own, in whatever order its submit ends.
    open[1]!();
    await settle();
    expect(steps()).toEqual(['hashing', 'queued', 'hashing']);
    open[0]!();
    open[2]!();
    await sent;
    expect(steps()).toEqual(['queued', 'queued', 'queued']);
    expect(pushed.every((push) => push.batchId === batchId)).toBe(true);

    reports.set(items[0]!.id, { status: 'sent' });
    reports.set(items[1]!.id, { status: 'failed', lastError: { key: 'resultFailed', detail: '422' } });
    reports.set(items[2]!.id, { status: 'hashing' });
    expect((await batches.status(batchId)).steps).toEqual([
      { id: items[0]!.id, step: 'delivered' },
      { id: items[1]!.id, step: 'failed', reason: { key: 'resultFailed', detail: '422' } },
      { id: items[2]!.id, step: 'hashing' },
    ]);
  });

  test('the token is claimed once, by the report frame of the same tab; a batch closed unsent discards its drafts', async () => {
    const { batches, drafts, records } = setUp();
    const { token } = batches.start(posts(2), PAGE);
    expect(() => batches.start(posts(1), FRAME)).toThrow('a batch starts from a content script');
    await expect(batches.claim(token, PAGE)).rejects.toThrow('no such batch');
    await expect(batches.claim(token, { ...FRAME, tab: { id: 8 } as never })).rejects.toThrow('no such batch');
    const { batchId, items } = await batches.claim(token, FRAME);
    await expect(batches.claim(token, FRAME)).rejects.toThrow('no such batch');
    await batches.discard(batchId);
    expect(drafts.discard.mock.calls.map((call) => call[0])).toEqual(items.map((item) => item.id));
    expect(records.size).toBe(0);
    await expect(batches.submit(batchId, completeForm())).rejects.toThrow('no such batch');
  });

  test('a batch sent and then closed keeps its reports: nothing is discarded', async () => {
    const { batches, drafts } = setUp();
    const { batchId } = await batches.claim(batches.start(posts(2), PAGE).token, FRAME);
    await batches.submit(batchId, completeForm());
    await batches.discard(batchId);
    expect(drafts.discard).not.toHaveBeenCalled();
  });

  test('a batch record is kept in session storage, where a restarted worker finds it', async () => {
    const record: BatchRecord = { tab: { tabId: 7, frameId: 3 }, ids: ['a', 'b'], failed: { b: { key: 'submitFailed' } }, submitted: true, createdAt: 1 };
    await sessionBatchStore.set('batch-1', record);
    expect(await sessionBatchStore.get('batch-1')).toEqual(record);
    await sessionBatchStore.delete('batch-1');
    expect(await sessionBatchStore.get('batch-1')).toBeUndefined();
  });
  test('sent again ("Retry failed"), only the posts whose submit failed go, their drafts kept; a post never drafted does not', async () => {
    const failSubmit = [1];
    const { batches, drafts } = setUp({ failPrepare: [2], failSubmit });
    const { batchId, items } = await batches.claim(batches.start(posts(3), PAGE).token, FRAME);
    await settle();
    const first = await batches.submit(batchId, completeForm());
    expect(first.steps.map((step) => step.step)).toEqual(['queued', 'failed', 'failed']);
    expect(isRetryable(first.steps[1]!.reason)).toBe(true);
    expect(isRetryable(first.steps[2]!.reason)).toBe(false);
    failSubmit.length = 0; // the disk has room again
    drafts.submit.mockClear();
    const again = await batches.submit(batchId, completeForm());
    expect(drafts.submit.mock.calls.map(([id]) => id)).toEqual([items[1]!.id]);
    expect(again.steps.map((step) => step.step)).toEqual(['queued', 'queued', 'failed']);
  });
  test('a batch whose frame closes as Send is pressed (its record gone) still sends every post', async () => {
    const { batches, reports } = setUp();
    const { batchId } = await batches.claim(batches.start(posts(3), PAGE).token, FRAME);
    const sent = batches.submit(batchId, completeForm());
    await batches.discard(batchId);
    await sent.catch(() => undefined);
    expect(reports.size).toBe(3);
  });
});
