/**
 * The queue and track steps: stored reports are delivered in order, retried with backoff and
 * jitter, and survive the service worker being stopped (state in IndexedDB, wake-ups by alarm).
 * Every report keeps its id as Idempotency-Key, so a retry after a lost answer is never a duplicate.
 */
import { reasonText, t, type Reason } from '../i18n';
import { schemaIdFor, type MediaEntry, type Report } from '../schema/report';
import { addReport, getReport, reportsWithStatus, updateReport as updateStored, type StoredReport } from '../store/reports';
import type { DeliveryOutcome } from '../endpoint/deliver';
import type { Endpoint } from '../endpoint/request';
import { isSettled, withSettled } from './media-state';
import { initialTracking } from './track';

export const DRAIN_ALARM = 'flagpost-drain';
/** A report left "sending" this long ago was cut off (service worker stopped): send it again. */
export const SENDING_STALE_MS = 2 * 60_000;
const BASE_DELAY_MS = 30_000;
/** About two days of hourly retries: past that, the user decides (Retry in the popup). */
export const MAX_ATTEMPTS = 50;
const MAX_DELAY_MS = 60 * 60_000;
/**
 * A report still hashing wakes the worker this often: a worker stopped mid-hash starts again and resumes
 * hashing (utils/background/drafts.ts). Chrome's shortest alarm is 30 s.
 */
export const HASHING_WAKE_MS = 60_000;

export function backoffDelay(attempts: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.5 + random()));
}

export interface QueueDeps {
  deliver: (report: Report, endpoint: Endpoint) => Promise<DeliveryOutcome>;
  /** The configured endpoint, or why there is none. */
  endpoint: () => Promise<Endpoint | Reason>;
  scheduleWakeUp: (at: number) => Promise<void>;
  notify: () => void;
  now?: () => number;
}

export function createQueue(deps: QueueDeps) {
  // Date.now looked up at each call, not captured: e2e tests move the worker's clock to skip hours of backoff.
  const now = deps.now ?? (() => Date.now());
  // Drains run one after another: two overlapping drains could otherwise both send a report.
  let drains = Promise.resolve();

  /** Every change of state is stamped with the queue's clock: staleness is measured against it. */
  function updateReport(id: string, change: (record: StoredReport) => StoredReport | undefined) {
    return updateStored(id, (record) => {
      const next = change(record);
      return next && { ...next, updatedAt: now() };
    });
  }

  function isDue(record: StoredReport, at: number): boolean {
    if (record.status === 'queued') return record.nextAttemptAt <= at;
    return record.status === 'sending' && record.updatedAt <= at - SENDING_STALE_MS;
  }

  async function settle(id: string, endpoint: Endpoint, outcome: DeliveryOutcome): Promise<void> {
    await updateReport(id, (record) => {
      const attempts = record.attempts + 1;
      switch (outcome.kind) {
        case 'sent':
          return { ...record, status: 'sent', attempts, tracking: initialTracking(endpoint.base, outcome.status, now()), lastError: undefined };
        case 'rejected':
          return { ...record, status: 'failed', attempts, lastError: outcome.reason };
        case 'retry': {
          if (attempts >= MAX_ATTEMPTS) {
            return { ...record, status: 'failed', attempts, lastError: { key: 'deliveryGaveUp', detail: reasonText(outcome.reason) } };
          }
          // Retry-After is the least wait, not the wait: followed as given, a short one (503 during maintenance) would
          // spend MAX_ATTEMPTS in minutes instead of the two days they stand for.
          const delay = Math.max(outcome.retryAfterMs ?? 0, backoffDelay(attempts));
          return { ...record, status: 'queued', attempts, lastError: outcome.reason, nextAttemptAt: now() + delay };
        }
      }
    });
    deps.notify();
  }

  async function sendOne(id: string, endpoint: Endpoint): Promise<void> {
    const claimed = await updateReport(id, (record) =>
      isDue(record, now()) ? { ...record, status: 'sending' } : undefined,
    );
    if (!claimed) return;
    deps.notify();
    await settle(id, endpoint, await deps.deliver(claimed.report, endpoint));
  }

  async function drainOnce(): Promise<void> {
    const endpoint = await deps.endpoint();
    const records = await reportsWithStatus(['queued', 'sending']); // oldest first
    if ('key' in endpoint) {
      for (const record of records.filter((r) => r.status === 'queued' && r.lastError?.key !== endpoint.key)) {
        await updateReport(record.id, (r) => ({ ...r, lastError: endpoint }));
      }
      deps.notify();
      return;
    }
    for (const record of records) {
      if (isDue(record, now())) await sendOne(record.id, endpoint);
    }
    await scheduleNextWakeUp();
  }

  async function scheduleNextWakeUp(): Promise<void> {
    const wakeUps = (await reportsWithStatus(['queued', 'sending', 'hashing'])).flatMap((r) => {
      if (r.status === 'queued') return [r.nextAttemptAt];
      if (r.status === 'sending') return [r.updatedAt + SENDING_STALE_MS];
      return r.status === 'hashing' ? [now() + HASHING_WAKE_MS] : [];
    });
    if (wakeUps.length) await deps.scheduleWakeUp(Math.max(Math.min(...wakeUps), now() + 1000));
  }

  /** Stores a new report once; a second store of the same id keeps the first. */
  async function store(report: Report, status: 'queued' | 'hashing', extra: Partial<StoredReport> = {}): Promise<void> {
    const at = now();
    if (await getReport(report.id)) return;
    await addReport({ ...extra, id: report.id, report, status, attempts: 0, nextAttemptAt: at, createdAt: at, updatedAt: at }).catch(
      (error: unknown) => {
        // A full disk is not the user's mistake and not a bug: say so plainly; the dialog keeps the form.
        throw error instanceof DOMException && error.name === 'QuotaExceededError' ? new Error(t('storageFull')) : error;
      },
    );
    deps.notify();
  }

  function drain(): Promise<void> {
    drains = drains.then(drainOnce, drainOnce);
    return drains;
  }

  return {
    drain,
    /**
     * Stores a new report and tries to deliver it at once, answering within `waitMs` whatever
     * the endpoint does: a slow endpoint leaves it "sending", and delivery goes on. Submitting
     * the same id twice keeps one.
     */
    async submit(report: Report, waitMs = 10_000): Promise<StoredReport> {
      await store(report, 'queued');
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([drain(), new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
      clearTimeout(timer);
      return (await getReport(report.id))!;
    },
    /**
     * Stores a report sent while some of its media are still being hashed: it is not delivered before
     * `settleMedium` has the last of them. A wake-up alarm brings a stopped worker back to finish hashing,
     * with `resume`: what its hashing needs besides the report.
     */
    async hold(report: Report, hashingStarts: number, resume: Pick<StoredReport, 'located' | 'scope'> = {}): Promise<StoredReport> {
      await store(report, 'hashing', { ...resume, hashingStarts });
      await scheduleNextWakeUp();
      return (await getReport(report.id))!;
    },
    /**
     * One medium of a held report is done (hashed, failed or cancelled). The last one queues the report
     * and delivery starts. False when no held report has this id (not sent yet, or deleted).
     */
    async settleMedium(id: string, index: number, entry: MediaEntry): Promise<boolean> {
      let held = false;
      const updated = await updateReport(id, (record) => {
        if (record.status !== 'hashing') return undefined;
        held = true;
        const media = withSettled(record.report.media, index, entry);
        if (!media) return undefined;
        // A video's hashes may need 1.1 (rendition, storyboard_pdq): the version follows what the report now carries.
        const report = { ...record.report, media, schema: schemaIdFor(media, record.report.target) };
        return media.every(isSettled) ? { ...record, report, status: 'queued', nextAttemptAt: now() } : { ...record, report };
      });
      if (updated) deps.notify();
      if (updated?.status === 'queued') await drain();
      return held;
    },
    /**
     * At service-worker start nothing can be in flight: a report still marked "sending" was cut
     * off with its worker. Send it again now; its Idempotency-Key keeps the endpoint from
     * storing it twice if the first attempt did arrive.
     */
    async recoverInterrupted(): Promise<void> {
      for (const record of await reportsWithStatus(['sending'])) {
        await updateReport(record.id, (r) => (r.status === 'sending' ? { ...r, status: 'queued', nextAttemptAt: now() } : undefined));
      }
    },
    /** The user asked to try a queued or failed report now. */
    async retry(id: string): Promise<StoredReport | undefined> {
      await updateReport(id, (record) =>
        record.status === 'queued' || record.status === 'failed'
          ? { ...record, status: 'queued', nextAttemptAt: 0, attempts: 0 }
          : undefined,
      );
      await drain();
      return getReport(id);
    },
  };
}

export type Queue = ReturnType<typeof createQueue>;
