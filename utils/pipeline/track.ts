/**
 * The track step: asks the endpoint what became of each delivered report
 * (`GET /v1/reports/{id}`), on an alarm schedule that backs off, until its status is final.
 */
import type { Reason } from '../i18n';
import { askStatus } from '../endpoint/status';
import { endpointStatuses, finalEndpointStatuses, type EndpointStatus } from '../schema/report';
import { sentReportsTrackedAs, updateReport, type StoredReport, type Tracking } from '../store/reports';
import type { Endpoint } from '../endpoint/request';

export const TRACK_ALARM = 'flagpost-track';
const FIRST_CHECK_MS = 5 * 60_000;
const MAX_CHECK_INTERVAL_MS = 24 * 3600_000;
/** Opening the popup checks at once, but not more often than this per report. */
export const REFRESH_MIN_INTERVAL_MS = 60_000;

/** From the delivery receipt; never asked yet, so the next popup opening asks at once. */
export function initialTracking(endpointBase: string, status: EndpointStatus, now: number): Tracking {
  return { endpointBase, status, checks: 0, checkedAt: 0, nextCheckAt: now + FIRST_CHECK_MS };
}

export function nextCheckDelay(checks: number, random: () => number = Math.random): number {
  return Math.round(Math.min(MAX_CHECK_INTERVAL_MS, FIRST_CHECK_MS * 2 ** checks) * (0.75 + random() / 2));
}

/** The endpoint statuses after which a report may still change: the reports the tracker reads. */
const openEndpointStatuses = endpointStatuses.filter((status) => !finalEndpointStatuses.includes(status));

/** The reports sent to this endpoint that it may still have news of (by the store's index: never every report). */
async function trackedAt(base: string): Promise<(StoredReport & { tracking: Tracking })[]> {
  return (await sentReportsTrackedAs(openEndpointStatuses)).filter(isTracked).filter(({ tracking }) => tracking.endpointBase === base);
}

function isTracked(record: StoredReport): record is StoredReport & { tracking: Tracking } {
  return record.status === 'sent' && !!record.tracking && !finalEndpointStatuses.includes(record.tracking.status);
}

export interface TrackerDeps {
  /** The configured endpoint, or why there is none. */
  endpoint: () => Promise<Endpoint | Reason>;
  scheduleWakeUp: (at: number) => Promise<void>;
  notify: () => void;
  /** The endpoint told a new status for a report (not the first receipt, not a check that changed nothing): the badge's count. */
  statusChanged?: (change: StatusChange) => Promise<void>;
  now?: () => number;
}

/** One report whose endpoint status moved, as the tracker learned it. */
export interface StatusChange {
  record: StoredReport;
  from: EndpointStatus;
  to: EndpointStatus;
}

export function createTracker(deps: TrackerDeps) {
  // Date.now looked up at each call, not captured: e2e tests move the worker's clock instead of waiting.
  const now = deps.now ?? (() => Date.now());

  async function check(record: StoredReport & { tracking: Tracking }, endpoint: Endpoint): Promise<void> {
    const answer = await askStatus(endpoint, record.id);
    // An endpoint without status tracking: nothing more to learn, stop asking.
    const unsupported = answer === 'unsupported';
    const parsed = unsupported ? undefined : answer;
    let from: EndpointStatus | undefined;
    const updated = await updateReport(record.id, (current) => {
      if (!current.tracking) return undefined;
      from = current.tracking.status;
      const checks = current.tracking.checks + 1;
      // note, outcome and updatedAt are optional in an answer: an answer with a new status that leaves them out
      // must not show the old status's note under it, nor date the new status by the old one.
      const { note: _note, outcome: _outcome, updatedAt: _updatedAt, ...kept } = current.tracking;
      const previous = parsed && parsed.status !== current.tracking.status ? kept : current.tracking;
      const tracking: Tracking = {
        ...previous,
        ...parsed,
        checks,
        checkedAt: now(),
        nextCheckAt: unsupported ? Number.POSITIVE_INFINITY : now() + nextCheckDelay(checks),
      };
      return { ...current, tracking };
    });
    // Told after the write, so whoever counts the change reads the report as it now is.
    const to = updated?.tracking?.status;
    if (from && to && from !== to) await deps.statusChanged?.({ record: updated!, from, to }).catch(() => {});
  }

  /** Checks every tracked report that is due; `refresh` (popup opened) checks those not checked in the last minute. */
  async function poll({ refresh = false } = {}): Promise<void> {
    const endpoint = await deps.endpoint();
    if (!('base' in endpoint)) return;
    // Reports sent to another endpoint are not asked about here: that would hand this
    // endpoint's token, and the report ids, to the wrong server.
    const tracked = await trackedAt(endpoint.base);
    const due = tracked.filter(({ tracking }) =>
      Number.isFinite(tracking.nextCheckAt) &&
      (refresh ? tracking.checkedAt <= now() - REFRESH_MIN_INTERVAL_MS : tracking.nextCheckAt <= now()),
    );
    for (const record of due) await check(record, endpoint);
    if (due.length) deps.notify();
    const next = (await trackedAt(endpoint.base)).map(({ tracking }) => tracking.nextCheckAt);
    const soonest = Math.min(...next);
    if (Number.isFinite(soonest)) await deps.scheduleWakeUp(Math.max(soonest, now() + 1000));
  }

  return { poll };
}
