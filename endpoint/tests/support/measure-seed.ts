import { randomUUID } from 'node:crypto';
import type { Driver } from '../../src/storage/driver.ts';
import { insertReports } from '../../src/storage/insert-reports.ts';
import type { NewReport } from '../../src/storage/types.ts';
import { tcoCategories, type EndpointStatus, type TcoCategory } from '../../src/shared.ts';
import { aReport } from './reports.ts';

/**
 * A year of reports for the published figures (issue 19 item 5), stored through the intake's batch
 * insert (storage/insert-reports.ts), then moved along: statuses, removal-check results (some
 * removed, at known delays), forwardings, and reviewers' status changes in the audit log. Deterministic (a
 * seeded generator), spread over platforms, categories, statuses and threat to life; some reports
 * share a URL (one removal check for both) and a few fall just outside the year.
 */
export const SEED_PLATFORMS = ['x', 'youtube', 'telegram', 'tiktok', 'facebook', 'instagram'] as const;
const STATUSES: EndpointStatus[] = ['received', 'under_review', 'forwarded', 'actioned', 'rejected', 'withdrawn'];
const CHECK_STATES = ['pending', 'online', 'removed', 'unknown', 'not_checked'] as const;

/** mulberry32: a small seeded generator, so every run seeds the same data. */
function generator(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedOptions {
  year: number;
  count: number;
  tokenId: string;
  seed?: number;
  /** Reviewer names for the audit log's status changes (one change per report moved off `received`). */
  reviewers?: readonly string[];
}

/** Inserts the reports and their outcomes; returns their ids. */
export async function seedMeasureYear(db: Driver, options: SeedOptions): Promise<string[]> {
  const random = generator(options.seed ?? 19);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const start = Date.UTC(options.year, 0, 1);
  const span = Date.UTC(options.year + 1, 0, 1) - start;
  const rows: { report: NewReport; status: EndpointStatus; state: (typeof CHECK_STATES)[number]; delayMinutes: number }[] = [];
  for (let i = 0; i < options.count; i++) {
    // 1 in 100 just outside the year: before its first or at its end's first millisecond.
    const at = i % 100 === 7 ? start - 1 : i % 100 === 8 ? start + span : start + Math.floor(random() * span);
    const platform = pick(SEED_PLATFORMS);
    const categories = [...new Set<TcoCategory>([pick(tcoCategories), ...(random() < 0.25 ? [pick(tcoCategories)] : [])])];
    // 1 in 20 reports the URL of the report before it (of any platform; the check belongs to the URL).
    const url = i > 0 && i % 20 === 0 ? rows[i - 1]!.report.report.target.url : `https://seed.example/${platform}/${i}`;
    const report = aReport((r) => {
      r.id = randomUUID();
      r.target.url = url;
      r.target.platform = platform;
      r.classification.tco = categories;
      r.classification.threatToLife = random() < 0.08;
      r.media = [];
    });
    rows.push({
      report: { report, tokenId: options.tokenId, bodySha256: '0'.repeat(64), receivedAt: new Date(at).toISOString(), hashes: [], groupableRefs: new Set() },
      status: pick(STATUSES),
      state: pick(CHECK_STATES),
      delayMinutes: Math.floor(random() * 14 * 24 * 60),
    });
  }
  for (let i = 0; i < rows.length; i += 500) await insertReports(db, rows.slice(i, i + 500).map((r) => r.report));

  const inChunks = async (ids: string[], sql: (list: string) => string, params: (string | null)[] = []) => {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await db.run(sql(chunk.map(() => '?').join(', ')), [...params, ...chunk]);
    }
  };
  for (const status of STATUSES) {
    const ids = rows.filter((r) => r.status === status).map((r) => r.report.report.id);
    if (status !== 'received') await inChunks(ids, (list) => `UPDATE reports SET status = ? WHERE id IN (${list})`, [status]);
  }
  // Forwarded and actioned reports were forwarded, and every other withdrawn one before its reporter withdrew it,
  // two days after it came (so a late-December report counts as a notice of the next year); a few twice.
  const forwarded = rows.filter((r, i) => r.status === 'forwarded' || r.status === 'actioned' || (r.status === 'withdrawn' && i % 2 === 1));
  await db.transaction(async (tx) => {
    for (const [i, r] of forwarded.entries()) {
      for (let n = 0; n < (i % 10 === 3 ? 2 : 1); n++) {
        await tx.run("INSERT INTO forwardings (report_id, at, channel, destination, by_name) VALUES (?, ?, 'notice', 'https://provider.example/notice', 'rita')",
          [r.report.report.id, new Date(Date.parse(r.report.receivedAt) + (2 + n) * 86_400_000).toISOString()]);
      }
    }
  });
  // The URL's state is the one its first report drew; a removed URL's time follows that report's delay.
  const firstOfUrl = new Map<string, (typeof rows)[number]>();
  for (const row of rows) if (!firstOfUrl.has(row.report.report.target.url)) firstOfUrl.set(row.report.report.target.url, row);
  for (const state of CHECK_STATES) {
    const urls = [...firstOfUrl.values()].filter((r) => r.state === state && state !== 'removed').map((r) => r.report.report.target.url);
    if (state !== 'pending') await inChunks(urls, (list) => `UPDATE url_checks SET state = ?, checks = 1 WHERE url IN (${list})`, [state]);
  }
  const removed = [...firstOfUrl.values()].filter((r) => r.state === 'removed');
  await db.transaction(async (tx) => {
    for (const r of removed) {
      const removedAt = new Date(Date.parse(r.report.receivedAt) + r.delayMinutes * 60_000 + 17_000).toISOString();
      await tx.run("UPDATE url_checks SET state = 'removed', checks = 1, removed_at = ? WHERE url = ?", [removedAt, r.report.report.target.url]);
    }
  });

  // Each report moved off `received` was moved by one of the reviewers, a day after it came.
  const reviewers = options.reviewers ?? [];
  if (reviewers.length) {
    const moved = rows.filter((r) => r.status !== 'received');
    await db.transaction(async (tx) => {
      for (const [i, r] of moved.entries()) {
        await tx.run(`INSERT INTO audit_log (report_id, at, actor_role, actor_name, action, from_status, to_status) VALUES (?, ?, 'reviewer', ?, 'status', 'received', ?)`,
          [r.report.report.id, new Date(Date.parse(r.report.receivedAt) + 86_400_000).toISOString(), reviewers[i % reviewers.length]!, r.status]);
      }
    });
  }
  // As after any bulk load (support/seed.ts): fresh statistics, or PostgreSQL plans the join for an empty table.
  await db.exec('ANALYZE');
  return rows.map((r) => r.report.report.id);
}
