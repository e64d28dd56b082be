import type { Driver } from './driver.ts';

/**
 * The aggregates behind the published figures (issue 19 item 5; endpoint/src/measure/ turns them
 * into figures). Each query is one GROUP BY, written once for both databases, over a range of
 * `received_at` (RFC 3339 text, so a range of text). Counts come back as numbers (PostgreSQL's
 * COUNT is a bigint, which `pg` gives as a string).
 */

/** A half-open range of times, `[since, until)`, as RFC 3339 UTC text. */
export interface TimeRange {
  since: string;
  until: string;
}

/** Reports counted by everything a figure slices them by; `removal` is the removal check's state of their URL. */
export interface ReportCell {
  /** `YYYY-MM`, of received_at. */
  month: string;
  platform: string;
  /** The stored `;a;b;` list (storage/insert-reports.ts): a report with two categories is one cell. */
  categories: string;
  status: string;
  threatToLife: boolean;
  /** `not_checked` for a URL the checker never had (cannot happen for reports stored by intake). */
  removal: string;
  count: number;
}

/** Reports whose URL was seen removed, by platform and whole minutes from receipt to removal (negative: removed before this report came). */
export interface RemovalDelayCell {
  platform: string;
  minutes: number;
  count: number;
}

/** Status changes a reviewer made, by reviewer name and UTC day (`YYYY-MM-DD`). */
export interface ReviewerDayCell {
  reviewer: string;
  day: string;
  count: number;
}

export interface MeasureStore {
  reportCells(range: TimeRange): Promise<ReportCell[]>;
  /**
   * The notices submitted (DSA Art. 22(3)): reports forwarded to their platform, each once, dated
   * (and `month`ed) by its first forwarding (storage/forwardings.ts), whatever its status since.
   */
  submittedCells(range: TimeRange): Promise<ReportCell[]>;
  removalDelays(range: TimeRange): Promise<RemovalDelayCell[]>;
  reviewerDays(range: TimeRange): Promise<ReviewerDayCell[]>;
}

/**
 * An RFC 3339 text as integer milliseconds since 1970 on SQLite: whole seconds and the `%f`
 * milliseconds, both integers, since julianday's float days are off by some 1e-5 s (59.5 s came
 * out as 59.49997, rounded to 59 where PostgreSQL's exact interval gives 60).
 */
const sqliteMillis = (t: string) => `(CAST(strftime('%s', ${t}) AS INTEGER) * 1000 + CAST(substr(strftime('%f', ${t}), 4) AS INTEGER))`;

/** Whole seconds between two RFC 3339 texts, rounded half away from zero, the same in both databases. */
const secondsBetween = (dialect: Driver['dialect'], from: string, to: string) => dialect === 'sqlite'
  ? `CAST(ROUND((${sqliteMillis(to)} - ${sqliteMillis(from)}) / 1000.0) AS INTEGER)`
  : `CAST(ROUND(EXTRACT(EPOCH FROM (CAST(${to} AS timestamptz) - CAST(${from} AS timestamptz)))) AS BIGINT)`;

/** Report cells over `reports r` joined as `from` says, by the time column `at` in `[since, until)`. */
async function cells(db: Driver, from: string, at: string, { since, until }: TimeRange): Promise<ReportCell[]> {
  const rows = await db.all<{ month: string; platform: string; categories: string; status: string; ttl: number; removal: string; n: number | string }>(
    `SELECT substr(${at}, 1, 7) AS month, r.platform, r.categories, r.status, r.threat_to_life AS ttl,
       COALESCE(u.state, 'not_checked') AS removal, COUNT(*) AS n
     FROM ${from} LEFT JOIN url_checks u ON u.url = r.url
     WHERE ${at} >= ? AND ${at} < ?
     GROUP BY substr(${at}, 1, 7), r.platform, r.categories, r.status, r.threat_to_life, COALESCE(u.state, 'not_checked')`,
    [since, until]);
  return rows.map((r) => ({
    month: r.month, platform: r.platform, categories: r.categories, status: r.status, threatToLife: Number(r.ttl) === 1,
    removal: r.removal, count: Number(r.n),
  }));
}

export const measureStore = (db: Driver): MeasureStore => ({
  reportCells: (range) => cells(db, 'reports r', 'r.received_at', range),

  // A report forwarded twice (say by API, then by notice) is one notice: its first forwarding dates it.
  submittedCells: (range) => cells(db,
    'reports r JOIN (SELECT report_id, MIN(at) AS first_at FROM forwardings GROUP BY report_id) f ON f.report_id = r.id', 'f.first_at', range),

  async removalDelays({ since, until }) {
    // Integer division of whole seconds: the same floor in both databases for a non-negative delay.
    const rows = await db.all<{ platform: string; minutes: number | string; n: number | string }>(
      `SELECT platform, minutes, COUNT(*) AS n FROM (
         SELECT r.platform, ${secondsBetween(db.dialect, 'r.received_at', 'u.removed_at')} / 60 AS minutes
         FROM reports r JOIN url_checks u ON u.url = r.url
         WHERE u.state = 'removed' AND u.removed_at IS NOT NULL AND r.received_at >= ? AND r.received_at < ?
       ) d GROUP BY platform, minutes`,
      [since, until]);
    return rows.map((r) => ({ platform: r.platform, minutes: Number(r.minutes), count: Number(r.n) }));
  },

  async reviewerDays({ since, until }) {
    const rows = await db.all<{ reviewer: string; day: string; n: number | string }>(
      `SELECT actor_name AS reviewer, substr(at, 1, 10) AS day, COUNT(*) AS n FROM audit_log
       WHERE action = 'status' AND actor_role = 'reviewer' AND at >= ? AND at < ?
       GROUP BY actor_name, substr(at, 1, 10)`,
      [since, until]);
    return rows.map((r) => ({ reviewer: r.reviewer, day: r.day, count: Number(r.n) }));
  },
});
