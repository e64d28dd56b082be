/** The local record of every report: the queue the background drains and the list the popup shows. */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Reason } from '../i18n';
import type { DeliveryStatus } from '../messages';
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

interface FlagpostDb extends DBSchema {
  reports: { key: string; value: StoredReport; indexes: { byCreatedAt: number } };
}

let database: Promise<IDBPDatabase<FlagpostDb>> | undefined;

function db(): Promise<IDBPDatabase<FlagpostDb>> {
  database ??= openDB<FlagpostDb>('flagpost', 1, {
    upgrade(upgrading) {
      const reports = upgrading.createObjectStore('reports', { keyPath: 'id' });
      reports.createIndex('byCreatedAt', 'createdAt');
    },
  });
  return database;
}

/** Adds a report once; a second add of the same id is refused, so a report can never be queued twice. */
export async function addReport(record: StoredReport): Promise<void> {
  await (await db()).add('reports', record);
}

export async function getReport(id: string): Promise<StoredReport | undefined> {
  return (await db()).get('reports', id);
}

export async function listReports(): Promise<StoredReport[]> {
  return (await (await db()).getAllFromIndex('reports', 'byCreatedAt')).reverse();
}

/** Read-modify-write in one transaction, so two drains cannot both claim a report. */
export async function updateReport(
  id: string,
  change: (record: StoredReport) => StoredReport | undefined,
): Promise<StoredReport | undefined> {
  const tx = (await db()).transaction('reports', 'readwrite');
  const current = await tx.store.get(id);
  const next = current && change(current);
  if (next) await tx.store.put(next);
  await tx.done;
  return next;
}

/** For tests: forget the open connection (fake-indexeddb is reset between tests). */
export function resetReportStoreConnection(): void {
  database = undefined;
}
