/** The local record of every report: the queue the background drains and the list the popup shows. */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { DeliveryStatus } from '../domain';
import type { EndpointStatus, Platform } from '../schema/report';
import { matchesReport, stageOf, type ReportFilter, type Stage } from './report-filter';
import type { StoredReport } from './stored-report';

export type { StoredReport, Tracking } from './stored-report';

interface FlagpostDb extends DBSchema {
  reports: {
    key: string;
    value: StoredReport;
    indexes: {
      byCreatedAt: number;
      byPlatformCreatedAt: [Platform, number];
      byStatusCreatedAt: [DeliveryStatus, number];
      /** Only the reports the endpoint has told a status of (IndexedDB leaves out a record without the key). */
      byStatusTracking: [DeliveryStatus, EndpointStatus];
    };
  };
}

export const DB_NAME = 'flagpost';
/**
 * 1: the reports store by creation time. 2: by platform and creation time, for the popup's platform filter.
 * 3: by delivery status (and creation time), and by the status the endpoint tracks: what the queue, the
 * drafts and the tracker look for, without reading every report ever sent.
 */
export const DB_VERSION = 3;

let database: Promise<IDBPDatabase<FlagpostDb>> | undefined;

function db(): Promise<IDBPDatabase<FlagpostDb>> {
  database ??= openDB<FlagpostDb>(DB_NAME, DB_VERSION, {
    // Each step only adds to what the one before made: a profile upgrading from any version keeps its reports.
    upgrade(upgrading, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        upgrading.createObjectStore('reports', { keyPath: 'id' }).createIndex('byCreatedAt', 'createdAt');
      }
      if (oldVersion < 2) {
        tx.objectStore('reports').createIndex('byPlatformCreatedAt', ['report.target.platform', 'createdAt']);
      }
      if (oldVersion < 3) {
        tx.objectStore('reports').createIndex('byStatusCreatedAt', ['status', 'createdAt']);
        tx.objectStore('reports').createIndex('byStatusTracking', ['status', 'tracking.status']);
      }
    },
    // Another page (or "delete all") wants the database: let go, the next call reopens it.
    blocking() {
      void database?.then((open) => open.close());
      database = undefined;
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

/** The reports in any of these delivery statuses, oldest first. */
export async function reportsWithStatus(statuses: readonly DeliveryStatus[]): Promise<StoredReport[]> {
  const open = await db();
  const each = await Promise.all(statuses.map((status) =>
    open.getAllFromIndex('reports', 'byStatusCreatedAt', IDBKeyRange.bound([status, 0], [status, Number.MAX_SAFE_INTEGER]))));
  return each.flat().sort((a, b) => a.createdAt - b.createdAt);
}

/** The delivered reports whose endpoint status is one of these (what the tracker still asks about). */
export async function sentReportsTrackedAs(statuses: readonly EndpointStatus[]): Promise<StoredReport[]> {
  const open = await db();
  const each = await Promise.all(statuses.map((status) =>
    open.getAllFromIndex('reports', 'byStatusTracking', IDBKeyRange.only(['sent', status]))));
  return each.flat();
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

export async function deleteReport(id: string): Promise<void> {
  await (await db()).delete('reports', id);
}

export async function deleteAllReports(): Promise<void> {
  await (await db()).clear('reports');
}

export interface ReportQuery {
  /** Matches, newest first: the page asked for. */
  page: StoredReport[];
  /** How many match the whole filter. */
  total: number;
  /** Matches of the filter without its stage, by stage: what each status choice would show. */
  counts: Partial<Record<Stage, number>>;
}

/**
 * One page of the reports that match `filter`, newest first. The date range (and a single platform)
 * is answered by an index, so only the reports in range are read; the rest is a pass in memory.
 */
export async function queryReports(filter: ReportFilter, offset = 0, limit = Number.POSITIVE_INFINITY): Promise<ReportQuery> {
  const candidates = await inRange(filter);
  const counts: Partial<Record<Stage, number>> = {};
  const matches: StoredReport[] = [];
  for (let i = candidates.length - 1; i >= 0; i--) {
    const record = candidates[i]!;
    if (!matchesReport(record, { ...filter, stages: [] })) continue;
    const stage = stageOf(record);
    counts[stage] = (counts[stage] ?? 0) + 1;
    if (!filter.stages.length || filter.stages.includes(stage)) matches.push(record);
  }
  return { page: matches.slice(offset, offset + limit), total: matches.length, counts };
}

/** The reports within the filter's dates (and its platform, when it has just one), oldest first. */
async function inRange(filter: ReportFilter): Promise<StoredReport[]> {
  const from = filter.from ?? 0;
  const to = filter.to ?? Number.MAX_SAFE_INTEGER;
  // A custom range typed backwards matches nothing; IDBKeyRange.bound would throw a DataError for it.
  if (from > to) return [];
  const open = await db();
  if (filter.platforms.length === 1) {
    const platform = filter.platforms[0]!;
    return open.getAllFromIndex('reports', 'byPlatformCreatedAt', IDBKeyRange.bound([platform, from], [platform, to]));
  }
  return open.getAllFromIndex('reports', 'byCreatedAt', IDBKeyRange.bound(from, to));
}
