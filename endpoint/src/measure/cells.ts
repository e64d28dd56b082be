import type { ReportCell } from '../storage/measures.ts';

/**
 * Helpers over the report cells (storage/measures.ts): counts by a key, where a report may have
 * several keys (its categories). The categories column is `;a;b;` (storage/insert-reports.ts).
 */
export const categoriesOf = (column: string): string[] => column.split(';').filter(Boolean);

export const total = (cells: readonly ReportCell[]): number => cells.reduce((sum, c) => sum + c.count, 0);

/** Reports per key; a report with several keys counts once under each. */
export function countBy(cells: readonly ReportCell[], keysOf: (cell: ReportCell) => readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const cell of cells) for (const key of new Set(keysOf(cell))) counts.set(key, (counts.get(key) ?? 0) + cell.count);
  return counts;
}

/** The known keys first, in their own order, then any other key seen (a newer endpoint's), sorted. */
export function ordered(counts: ReadonlyMap<string, number>, known: readonly string[] = []): [string, number][] {
  const others = [...counts.keys()].filter((k) => !known.includes(k)).sort();
  return [...known, ...others].map((key) => [key, counts.get(key) ?? 0]);
}

/** Keys by their count, largest first (platforms have no natural order); ties by key. */
export const largestFirst = (counts: ReadonlyMap<string, number>): [string, number][] =>
  [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));

/** A share in [0, 1]; nothing of nothing is no share (undefined: the pages show "–"), not 0, which would read as "none". */
export const shareOf = (part: number, whole: number): number | undefined => (whole ? part / whole : undefined);
