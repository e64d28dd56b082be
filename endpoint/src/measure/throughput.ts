import type { ReviewerDayCell } from '../storage/measures.ts';

/** The ISO 8601 week of a UTC day (`YYYY-MM-DD`), as `YYYY-Www`: weeks start on Monday, week 1 holds the year's first Thursday. */
export function isoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7;
  // The Thursday of this week decides its year.
  const thursday = new Date(date.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export interface Throughput {
  /** Every week from the first to the last with a change, in order (a quiet week is a 0, not a gap). */
  weeks: string[];
  reviewers: string[];
  /** counts[reviewer index][week index]: status changes. */
  counts: number[][];
}

/** Status changes per reviewer per ISO week, from the audit log's days (storage/measures.ts). */
export function reviewerThroughput(cells: readonly ReviewerDayCell[]): Throughput {
  if (!cells.length) return { weeks: [], reviewers: [], counts: [] };
  const days = cells.map((c) => c.day).sort();
  const weeks: string[] = [];
  for (let t = Date.parse(`${days[0]}T00:00:00Z`); t <= Date.parse(`${days[days.length - 1]}T00:00:00Z`); t += 86_400_000) {
    const week = isoWeek(new Date(t).toISOString().slice(0, 10));
    if (weeks[weeks.length - 1] !== week) weeks.push(week);
  }
  const reviewers = [...new Set(cells.map((c) => c.reviewer))].sort();
  const counts = reviewers.map(() => weeks.map(() => 0));
  for (const c of cells) counts[reviewers.indexOf(c.reviewer)]![weeks.indexOf(isoWeek(c.day))]! += c.count;
  return { weeks, reviewers, counts };
}
