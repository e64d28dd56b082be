import { tcoCategories } from '../shared.ts';
import type { RemovalDelayCell, ReportCell } from '../storage/measures.ts';
import { RETRACTED } from '../storage/types.ts';
import { categoriesOf, countBy, largestFirst, shareOf, total } from './cells.ts';

/** Reports of a platform or category, and those whose URL the removal check (jobs/removal-check.ts) found removed. */
export interface RemovalFigure {
  key: string;
  reports: number;
  removed: number;
  /** removed / reports; undefined when there are no reports. */
  share: number | undefined;
  /** Hidden on the public page (measure/suppress.ts): too few reports to publish. */
  suppressed?: true;
}

const REMOVED = 'removed';

/**
 * The reports the unit still vouches for: one withdrawn by its reporter or rejected by the unit
 * (not terrorist content) is no terrorist-content report, and its post staying online says nothing
 * of a platform's removals, so the removal figures leave it out (the Art. 22 report still counts
 * it under its status).
 */
const vouched = (cells: readonly ReportCell[]) => cells.filter((c) => !(RETRACTED as readonly string[]).includes(c.status));

function figures(all: readonly ReportCell[], keysOf: (c: ReportCell) => readonly string[], keys: readonly string[]): RemovalFigure[] {
  const cells = vouched(all);
  const reports = countBy(cells, keysOf);
  const removed = countBy(cells.filter((c) => c.removal === REMOVED), keysOf);
  return keys.map((key) => {
    const [n, r] = [reports.get(key) ?? 0, removed.get(key) ?? 0];
    return { key, reports: n, removed: r, share: shareOf(r, n) };
  });
}

/** Per platform, the most reported first. */
export const removalByPlatform = (cells: readonly ReportCell[]): RemovalFigure[] =>
  figures(cells, (c) => [c.platform], largestFirst(countBy(vouched(cells), (c) => [c.platform])).map(([key]) => key));

/** Per TCO category, in the Regulation's order (a report of several categories counts under each). */
export function removalByCategory(cells: readonly ReportCell[]): RemovalFigure[] {
  const seen = [...countBy(vouched(cells), (c) => categoriesOf(c.categories)).keys()];
  const keys = [...tcoCategories, ...seen.filter((k) => !(tcoCategories as readonly string[]).includes(k)).sort()];
  return figures(cells, (c) => categoriesOf(c.categories), keys);
}

export function removalOverall(all: readonly ReportCell[]): RemovalFigure {
  const cells = vouched(all);
  const removed = total(cells.filter((c) => c.removal === REMOVED));
  return { key: '', reports: total(cells), removed, share: shareOf(removed, total(cells)) };
}

export interface DelayFigure {
  /** undefined: all platforms together. */
  platform?: string;
  removed: number;
  /** The lower median, in whole minutes; undefined when nothing was removed. */
  medianMinutes?: number;
}

/**
 * The lower median of the delays (a delay below 0, a URL already removed when this report came, counts
 * as 0): the smallest delay with at least half of the reports at or below it.
 */
export function medianMinutes(cells: readonly RemovalDelayCell[]): number | undefined {
  const sorted = cells.map((c) => ({ minutes: Math.max(0, c.minutes), count: c.count })).sort((a, b) => a.minutes - b.minutes);
  const n = sorted.reduce((sum, c) => sum + c.count, 0);
  let seen = 0;
  for (const cell of sorted) {
    seen += cell.count;
    if (seen >= Math.ceil(n / 2)) return cell.minutes;
  }
  return undefined;
}

/** All platforms first, then each platform with a removal, the most removed first. */
export function delaysByPlatform(cells: readonly RemovalDelayCell[]): DelayFigure[] {
  const counts = new Map<string, number>();
  for (const c of cells) counts.set(c.platform, (counts.get(c.platform) ?? 0) + c.count);
  const all: DelayFigure = { removed: [...counts.values()].reduce((a, b) => a + b, 0), medianMinutes: medianMinutes(cells) };
  return [all, ...largestFirst(counts).map(([platform, removed]) => ({
    platform, removed, medianMinutes: medianMinutes(cells.filter((c) => c.platform === platform)),
  }))];
}
