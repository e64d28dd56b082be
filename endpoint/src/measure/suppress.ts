import type { ReportCell } from '../storage/measures.ts';
import { removalByCategory, removalByPlatform, removalOverall, type RemovalFigure } from './removal.ts';

/**
 * Small-cell suppression for the public page (the reviewers' dashboard keeps exact figures): a
 * count from 1 to SMALL_CELL_K - 1 would tell anyone that a handful of people reported this
 * platform this year and, with its removal outcome, what became of their posts. Documented in the
 * endpoint README and on the page.
 */
export const SMALL_CELL_K = 5;

const small = (n: number) => n > 0 && n < SMALL_CELL_K;

/**
 * A row of fewer than k reports is hidden whole (reports, removed, share). Hiding it alone would
 * not do: the total minus the shown rows gives it back. So the smallest other rows are hidden with
 * it until the hidden rows are at least two and hold at least k reports together: subtraction then
 * gives only their sum, neither row, and no small count. Hiding the totals instead would not do:
 * platforms and categories are two margins of the same reports, so either would give the total back.
 */
function suppressRows(figures: readonly RemovalFigure[]): RemovalFigure[] {
  const hidden = new Set(figures.filter((f) => small(f.reports)));
  const others = figures.filter((f) => !hidden.has(f) && f.reports > 0).sort((a, b) => a.reports - b.reports);
  const held = () => [...hidden].reduce((sum, f) => sum + f.reports, 0);
  while (hidden.size && (hidden.size < 2 || held() < SMALL_CELL_K) && others.length) hidden.add(others.shift()!);
  return figures.map((f) => (hidden.has(f) ? { ...f, suppressed: true } : f));
}

/** The public page's figures: by platform, by category and overall, each with small cells hidden. */
export function publishedFigures(cells: readonly ReportCell[]) {
  const overall = removalOverall(cells);
  return {
    byPlatform: suppressRows(removalByPlatform(cells)),
    byCategory: suppressRows(removalByCategory(cells)),
    overall: small(overall.reports) ? { ...overall, suppressed: true as const } : overall,
  };
}
