/** A report as the extension keeps it (utils/store/reports.ts stores it; report-filter.ts and figures.ts read it). */
import type { Reason } from '../i18n';
import type { DeliveryStatus, FetchScope, HashableMedium } from '../domain';
import type { EndpointStatus, Report } from '../schema/report';

export interface StoredReport {
  id: string;
  report: Report;
  status: DeliveryStatus;
  attempts: number;
  /** Epoch ms; the queue sends a queued report once this has passed. */
  nextAttemptAt: number;
  /** Why the last attempt did not deliver, in words the user can act on. */
  lastError?: Reason;
  createdAt: number;
  updatedAt: number;
  /** What the endpoint says became of it, once delivered. */
  tracking?: Tracking;
  /** Status 'hashing': how many times hashing its media started (utils/background/drafts.ts). */
  hashingStarts?: number;
  /**
   * Status 'hashing': the draft's `located` and `scope` (utils/store/drafts.ts), so that a restarted worker hashes
   * a storyboard by its sheets and fetches what the user agreed to. A record stored before them has neither.
   */
  located?: HashableMedium[];
  scope?: FetchScope;
}

export interface Tracking {
  /** The endpoint that received the report: the only one ever asked about it. */
  endpointBase: string;
  status: EndpointStatus;
  updatedAt?: string;
  outcome?: string;
  note?: string;
  /** How many times the endpoint was asked; the interval grows with it. */
  checks: number;
  /** Epoch ms of the last question to the endpoint; 0 before the first. */
  checkedAt: number;
  /** Epoch ms of the next scheduled check; Infinity when the endpoint does not track statuses. */
  nextCheckAt: number;
}
