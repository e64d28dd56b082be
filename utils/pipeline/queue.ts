/**
 * The queue and track steps: stored reports are delivered in order, retried with backoff and
 * jitter, and survive the service worker being stopped (state in IndexedDB, wake-ups by alarm).
 * Every report keeps its id as Idempotency-Key, so a retry after a lost answer is never a duplicate.
 */
import { reasonText, t, type Reason } from '../i18n';
import type { Report } from '../schema/report';
import { addReport, getReport, listReports, updateReport as updateStored, type StoredReport } from '../store/reports';
import type { DeliveryOutcome } from './deliver';
import type { Endpoint } from './endpoint-request';
import { initialTracking } from './track';

export const DRAIN_ALARM = 'flagpost-drain';
/** A report left "sending" this long ago was cut off (service worker stopped): send it again. */
export const SENDING_STALE_MS = 2 * 60_000;
const BASE_DELAY_MS = 30_000;
/** About two days of hourly retries: past that, the user decides (Retry in the popup). */
export const MAX_ATTEMPTS = 50;
const MAX_DELAY_MS = 60 * 60_000;

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
          const delay = outcome.retryAfterMs ?? backoffDelay(attempts);
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
    const records = (await listReports()).reverse(); // oldest first
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
    const pending = (await listReports()).filter((r) => r.status === 'queued' || r.status === 'sending');
    if (pending.length) {
      const next = Math.min(...pending.map((r) => (r.status === 'queued' ? r.nextAttemptAt : r.updatedAt + SENDING_STALE_MS)));
      await deps.scheduleWakeUp(Math.max(next, now() + 1000));
    }
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
      const at = now();
      const existing = await getReport(report.id);
      if (!existing) {
        await addReport({ id: report.id, report, status: 'queued', attempts: 0, nextAttemptAt: at, createdAt: at, updatedAt: at }).catch(
          (error: unknown) => {
            // A full disk is not the user's mistake and not a bug: say so plainly; the dialog keeps the form.
            throw error instanceof DOMException && error.name === 'QuotaExceededError' ? new Error(t('storageFull')) : error;
          },
        );
        deps.notify();
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([drain(), new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
      clearTimeout(timer);
      return (await getReport(report.id))!;
    },
    /**
     * At service-worker start nothing can be in flight: a report still marked "sending" was cut
     * off with its worker. Send it again now; its Idempotency-Key keeps the endpoint from
     * storing it twice if the first attempt did arrive.
     */
    async recoverInterrupted(): Promise<void> {
      for (const record of await listReports()) {
        if (record.status === 'sending') {
          await updateReport(record.id, (r) => (r.status === 'sending' ? { ...r, status: 'queued', nextAttemptAt: now() } : undefined));
        }
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
