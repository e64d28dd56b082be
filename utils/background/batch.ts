/**
 * Batch reporting: the posts a volunteer selected on a feed, reported in one pass with one form. A batch is
 * only a list of draft ids: each post goes through the single-report pipeline on its own (drafts.prepare,
 * drafts.submit, then the queue and the tracker), so each report is hashed, queued, delivered and tracked
 * like any other, and one post that fails (its prepare, its submit, its delivery) never holds up the rest.
 * The batch record is kept in session storage: a service worker stopped while the form is filled keeps it.
 */
import type { Browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { ReportForm } from '../domain';
import type { Reason } from '../i18n';
import { isRetryable, type BatchState, type BatchStep, type RequestOf, type ResponseOf } from '../messages';
import type { ExtractedPost } from '../platforms/types';
import { REPORT_FRAME_PATH } from '../report-frame';
import type { StoredReport } from '../store/reports';
import { DIALOG_CLAIM_MS, isExtensionPage } from './dialogs';
import type { Drafts } from './drafts';
import { keyedSerialQueue } from '../serial';

interface Tab {
  tabId: number;
  frameId: number;
}

/** What is kept of a claimed batch: its frame, its drafts' ids, and the posts that failed before delivery. */
export interface BatchRecord {
  tab: Tab;
  ids: string[];
  failed: Record<string, Reason>;
  submitted: boolean;
  /** When claimed (ms): a record outlives no draft (deleteStaleBatches). */
  createdAt: number;
  /** The media URLs each draft waits to be agreed to (drafts.prepare's `confirmFetch`), until 'batch.fetchMedia'. */
  consent?: Record<string, string[]>;
}

export interface BatchStore {
  get(batchId: string): Promise<BatchRecord | undefined>;
  set(batchId: string, record: BatchRecord): Promise<void>;
  delete(batchId: string): Promise<void>;
}

export interface BatchDeps {
  drafts: Pick<Drafts, 'prepare' | 'submit' | 'discard' | 'allowFetch'>;
  /** The report as stored under this id, once submitted. */
  stored: (id: string) => Promise<Pick<StoredReport, 'status' | 'lastError'> | undefined>;
  /** Sends 'batch.progress' to the batch frame; a frame gone answers nothing, which is fine. */
  push: (tab: Tab, payload: RequestOf<'batch.progress'>) => Promise<unknown>;
  store: BatchStore;
  /** The reporting page's origin as the browser names the sender (messages.ts pageOriginOf). */
  pageOrigin: (sender: Browser.runtime.MessageSender) => string | undefined;
  now?: () => number;
  newId?: () => string;
}

/** A stored report's delivery status, as a step of its batch. */
const STEP_OF: Record<StoredReport['status'], BatchStep> = {
  hashing: 'hashing', queued: 'queued', sending: 'queued', sent: 'delivered', failed: 'failed',
};

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createBatches(deps: BatchDeps) {
  const now = deps.now ?? (() => Date.now());
  const newId = deps.newId ?? (() => crypto.randomUUID());
  /** Tokens handed to content scripts, claimed once by their batch frame (as utils/background/dialogs.ts). */
  const pending = new Map<string, { posts: ExtractedPost[]; tabId: number; expires: number }>();
  /** One change at a time per batch: a failure noted while another is written would otherwise be lost. */
  /** One batch's record changes one after another (read, then write). */
  const serialized = keyedSerialQueue();

  async function recordOf(batchId: string): Promise<BatchRecord> {
    const record = await deps.store.get(batchId);
    if (!record) throw new Error('no such batch');
    return record;
  }

  async function stepsOf(record: BatchRecord): Promise<BatchState> {
    const steps = await Promise.all(
      record.ids.map(async (id): Promise<BatchState['steps'][number]> => {
        const failure = record.failed[id];
        if (failure) return { id, step: 'failed', reason: failure };
        // Not stored yet: its draft is hashing, or its submit is on its way.
        const stored = record.submitted ? await deps.stored(id).catch(() => undefined) : undefined;
        const confirmFetch = record.submitted ? undefined : record.consent?.[id];
        if (!stored) return { id, step: 'hashing', ...(confirmFetch ? { confirmFetch } : {}) };
        const step = STEP_OF[stored.status];
        return { id, step, ...(step === 'failed' && stored.lastError ? { reason: stored.lastError } : {}) };
      }),
    );
    return { steps };
  }

  async function tell(batchId: string): Promise<BatchState> {
    const record = await recordOf(batchId);
    const state = await stepsOf(record);
    await deps.push(record.tab, { batchId, ...state }).catch(() => undefined);
    return state;
  }

  /** Notes one post's failure; the others go on. */
  function fail(batchId: string, id: string, reason: Reason): Promise<void> {
    return serialized(batchId, async () => {
      const record = await recordOf(batchId);
      await deps.store.set(batchId, { ...record, failed: { ...record.failed, [id]: reason } });
    }).then(() => void tell(batchId).catch(() => undefined));
  }

  /** One post's media wait for the user's agreement: the batch form asks once for all of them. */
  function awaitConsent(batchId: string, id: string, urls: string[]): Promise<void> {
    return serialized(batchId, async () => {
      const record = await recordOf(batchId);
      await deps.store.set(batchId, { ...record, consent: { ...record.consent, [id]: urls } });
    }).then(() => void tell(batchId).catch(() => undefined));
  }

  return {
    /** From a content script: the selected posts, under a token its batch frame claims. */
    start(posts: ExtractedPost[], sender: Browser.runtime.MessageSender): { token: string } {
      if (sender.tab?.id === undefined || isExtensionPage(sender)) throw new Error('a batch starts from a content script');
      for (const [token, entry] of pending) if (entry.expires < now()) pending.delete(token);
      const token = newId();
      pending.set(token, { posts, tabId: sender.tab.id, expires: now() + DIALOG_CLAIM_MS });
      return { token };
    },

    /**
     * From the batch frame, in the tab whose content script asked: each post gets its draft, whose media start
     * hashing while the form is filled. A post whose draft cannot be made is failed; the others are not.
     */
    async claim(token: string, sender: Browser.runtime.MessageSender): Promise<ResponseOf<'batch.claim'>> {
      const entry = pending.get(token);
      const tabId = sender.tab?.id;
      if (!isExtensionPage(sender, REPORT_FRAME_PATH) || !entry || tabId === undefined || entry.tabId !== tabId || entry.expires < now()) {
        throw new Error('no such batch');
      }
      pending.delete(token);
      const batchId = newId();
      const tab = { tabId, frameId: sender.frameId ?? 0 };
      const items = entry.posts.map((post) => ({ id: newId(), post }));
      await deps.store.set(batchId, { tab, ids: items.map((item) => item.id), failed: {}, submitted: false, createdAt: now() });
      const origin = deps.pageOrigin(sender);
      for (const { id, post } of items) {
        // Not awaited in turn: one slow or broken post must not keep the others from starting.
        deps.drafts.prepare(id, post, tab, origin).then(
          ({ confirmFetch }) => (confirmFetch.length ? awaitConsent(batchId, id, confirmFetch) : undefined),
          (error: unknown) => fail(batchId, id, { key: 'dialogPrepareFailed', detail: messageOf(error) }),
        ).catch(() => undefined);
      }
      return { batchId, items };
    },

    /**
     * One form for every post: each draft is submitted on its own (stored as 'hashing' while a medium is not done,
     * else queued); a submit that fails fails its post only. Asked again, it sends the posts whose submit failed.
     * Answers with every post's step.
     */
    async submit(batchId: string, form: ReportForm): Promise<BatchState> {
      const sending = await serialized(batchId, async () => {
        const current = await recordOf(batchId);
        // Sent again ("Retry failed"): only the posts whose submit failed, whose drafts are kept (isRetryable).
        const ids = current.submitted
          ? current.ids.filter((id) => isRetryable(current.failed[id]))
          : current.ids.filter((id) => !current.failed[id]);
        const failed = Object.fromEntries(Object.entries(current.failed).filter(([id]) => !ids.includes(id)));
        await deps.store.set(batchId, { ...current, failed, submitted: true });
        return ids;
      });
      // The frame may close, and its record go (discard), as soon as Send is pressed: the posts are sent all the same,
      // with no one left to tell.
      await tell(batchId).catch(() => undefined);
      await Promise.all(
        sending.map((id) =>
          deps.drafts.submit(id, form)
            .then(() => tell(batchId), (error: unknown) => fail(batchId, id, { key: 'submitFailed', detail: messageOf(error) }))
            .catch(() => undefined),
        ),
      );
      return stepsOf(await recordOf(batchId));
    },

    /** The user agreed, in the batch form, to fetch the media its posts wait for: each draft's hashing starts. */
    async allowFetch(batchId: string): Promise<void> {
      const waiting = await serialized(batchId, async () => {
        const record = await recordOf(batchId);
        await deps.store.set(batchId, { ...record, consent: {} });
        return Object.keys(record.consent ?? {});
      });
      await Promise.all(waiting.map((id) => deps.drafts.allowFetch(id)));
      await tell(batchId);
    },

    /** Where each report of the batch is now. */
    async status(batchId: string): Promise<BatchState> {
      return stepsOf(await recordOf(batchId));
    },

    /** The batch frame closed (sent or not, it always says so): unsent, its drafts go; sent, its reports go on, and only the record goes. */
    discard(batchId: string): Promise<void> {
      return serialized(batchId, async () => {
        const record = await deps.store.get(batchId);
        if (!record) return;
        if (!record.submitted) await Promise.all(record.ids.map((id) => deps.drafts.discard(id).catch(() => undefined)));
        await deps.store.delete(batchId);
      });
    },
  };
}

export type Batches = ReturnType<typeof createBatches>;

const PREFIX = 'batch:';

/** Batches in the browser's session storage, beside the drafts (utils/store/drafts.ts): kept across worker restarts. */
export const sessionBatchStore: BatchStore = {
  get: async (batchId) => (await storage.getItem<BatchRecord>(`session:${PREFIX}${batchId}`)) ?? undefined,
  set: (batchId, record) => storage.setItem(`session:${PREFIX}${batchId}`, record),
  delete: (batchId) => storage.removeItem(`session:${PREFIX}${batchId}`),
};

/**
 * Deletes the batch records claimed before `cutoff` (the drafts' cleanup passes theirs, DRAFT_TTL_MS): a frame that
 * never said goodbye (a crashed tab) would otherwise leave its record for the whole session. Its drafts are past
 * their own bound by then, and its reports are the queue's.
 */
export async function deleteStaleBatches(cutoff: number): Promise<void> {
  const all = await storage.snapshot('session');
  const stale = Object.entries(all)
    .filter(([key, record]) => key.startsWith(PREFIX) && !((record as Partial<BatchRecord>).createdAt! >= cutoff))
    .map(([key]) => `session:${key}` as const);
  if (stale.length) await storage.removeItems(stale);
}
