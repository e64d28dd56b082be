import type { ReportCell } from '../storage/measures.ts';
import { countBy, shareOf } from './cells.ts';

export interface MonthFigure {
  month: string;
  reports: number;
  threatToLife: number;
  /** threatToLife / reports; undefined in a month without reports. */
  threatShare: number | undefined;
}

/** Reports received each month of the year, and how many of them reported a threat to life. */
export function byMonth(cells: readonly ReportCell[], months: readonly string[]): MonthFigure[] {
  const reports = countBy(cells, (c) => [c.month]);
  const threat = countBy(cells.filter((c) => c.threatToLife), (c) => [c.month]);
  return months.map((month) => {
    const [n, t] = [reports.get(month) ?? 0, threat.get(month) ?? 0];
    return { month, reports: n, threatToLife: t, threatShare: shareOf(t, n) };
  });
}
