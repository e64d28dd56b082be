/**
 * A volunteer's own figures, from the reports stored on this device (nothing is asked of the endpoint): how many
 * were sent, actioned and rejected, the median time from sending to action, and per platform the removal rate:
 * of the reports the endpoint has decided (actioned or rejected), the share actioned. Withdrawn reports are no
 * decision and count in neither.
 */
import type { Platform } from '../schema/report';
import type { StoredReport } from './stored-report';

const DAY_MS = 24 * 3600_000;

export interface PlatformFigures {
  platform: Platform;
  actioned: number;
  /** Actioned or rejected. */
  decided: number;
  /** actioned / decided, 0…1; undefined when nothing is decided yet. */
  rate: number | undefined;
}

export interface Figures {
  sent: number;
  actioned: number;
  rejected: number;
  /** Days from creation to the endpoint's `updatedAt` of the action, median, to a tenth; undefined with none actioned. */
  medianDaysToAction: number | undefined;
  /** Platforms with at least one sent report, the most decided first. */
  platforms: PlatformFigures[];
}

export function median(values: readonly number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * When the endpoint says it acted: its `updatedAt`, else when Flagpost learned it. A time before the report was
 * made (a wrong clock at either end) is no figure: left out rather than a negative day count.
 */
function daysToAction(record: StoredReport): number | undefined {
  const tracking = record.tracking!;
  const said = tracking.updatedAt ? Date.parse(tracking.updatedAt) : Number.NaN;
  const at = Number.isFinite(said) ? said : tracking.checkedAt;
  return at >= record.createdAt ? (at - record.createdAt) / DAY_MS : undefined;
}

export function computeFigures(records: readonly StoredReport[]): Figures {
  const byPlatform = new Map<Platform, { actioned: number; decided: number }>();
  const days: number[] = [];
  let sent = 0;
  let actioned = 0;
  let rejected = 0;
  for (const record of records) {
    if (record.status !== 'sent') continue;
    sent++;
    const platform = record.report.target.platform;
    const counts = byPlatform.get(platform) ?? { actioned: 0, decided: 0 };
    byPlatform.set(platform, counts);
    const status = record.tracking?.status;
    if (status === 'actioned') {
      actioned++;
      counts.actioned++;
      counts.decided++;
      const taken = daysToAction(record);
      if (taken !== undefined) days.push(taken);
    } else if (status === 'rejected') {
      rejected++;
      counts.decided++;
    }
  }
  const middle = median(days);
  return {
    sent,
    actioned,
    rejected,
    medianDaysToAction: middle === undefined ? undefined : Math.round(middle * 10) / 10,
    platforms: [...byPlatform]
      .map(([platform, counts]) => ({ platform, ...counts, rate: counts.decided ? counts.actioned / counts.decided : undefined }))
      .sort((a, b) => b.decided - a.decided || a.platform.localeCompare(b.platform)),
  };
}
