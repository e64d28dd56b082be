/** What the popup's search and filters mean, as a pure test on one stored report (shared by the list and the export). */
import type { DeliveryStatus } from '../domain';
import type { EndpointStatus, Platform } from '../schema/report';
import type { StoredReport } from './stored-report';

/**
 * Where a report stands, in one word: its delivery until it is sent, then what the endpoint says of it
 * ('sent' alone when the endpoint does not track statuses).
 */
export type Stage = DeliveryStatus | EndpointStatus;
export const stages: readonly Stage[] = [
  'hashing', 'queued', 'sending', 'failed', 'sent', 'received', 'under_review', 'forwarded', 'actioned', 'rejected', 'withdrawn',
];

export function stageOf(record: StoredReport): Stage {
  return record.status === 'sent' && record.tracking ? record.tracking.status : record.status;
}

export interface ReportFilter {
  /** Part of the post's URL or of its author's handle or name; case does not matter. */
  search: string;
  /** Empty: any. */
  stages: Stage[];
  /** Empty: any. */
  platforms: Platform[];
  /** Epoch ms, inclusive; undefined: unbounded. */
  from?: number;
  to?: number;
}

export const noFilter: ReportFilter = { search: '', stages: [], platforms: [] };

export function matchesReport(record: StoredReport, filter: ReportFilter): boolean {
  const { target } = record.report;
  if (filter.from !== undefined && record.createdAt < filter.from) return false;
  if (filter.to !== undefined && record.createdAt > filter.to) return false;
  if (filter.platforms.length && !filter.platforms.includes(target.platform)) return false;
  if (filter.stages.length && !filter.stages.includes(stageOf(record))) return false;
  const needle = filter.search.trim().toLowerCase();
  if (!needle) return true;
  return [target.url, target.author?.handle, target.author?.displayName].some((text) => text?.toLowerCase().includes(needle));
}

export type DatePreset = 'any' | 'today' | 'week' | 'month' | 'custom';

/**
 * The time range of a preset, or of the custom dates (yyyy-mm-dd, as a date input gives them, in local
 * time; the end date counts whole). A bad or empty date leaves that end open.
 */
export function dateRange(preset: DatePreset, now: number, custom: { from: string; to: string }): Pick<ReportFilter, 'from' | 'to'> {
  const startOfToday = new Date(now).setHours(0, 0, 0, 0);
  switch (preset) {
    case 'any':
      return {};
    case 'today':
      return { from: startOfToday };
    case 'week':
      return { from: daysBefore(startOfToday, 6) };
    case 'month':
      return { from: daysBefore(startOfToday, 29) };
    case 'custom': {
      const from = localDay(custom.from);
      const to = localDay(custom.to);
      return { from, to: to === undefined ? undefined : new Date(to).setHours(23, 59, 59, 999) };
    }
  }
}

/** Calendar days, not 24-hour ones: across a daylight-saving change those land at 23:00 or 01:00. */
function daysBefore(midnight: number, days: number): number {
  const day = new Date(midnight);
  day.setDate(day.getDate() - days);
  return day.getTime();
}

function localDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
  return Number.isNaN(day) ? undefined : day;
}
