import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashListEntries } from '../src/core/intake.ts';
import { createToken } from '../src/core/tokens.ts';
import { exportLines } from '../src/export/stream.ts';
import type { Driver, Param } from '../src/storage/driver.ts';
import { openPostgres } from '../src/storage/postgres.ts';
import { openSqlite } from '../src/storage/sqlite.ts';
import { exportQuery } from '../src/storage/export-page.ts';
import { reviewListQuery } from '../src/storage/sql-storage.ts';
import { backends, type Database } from './support/backends.ts';
import { aReport } from './support/reports.ts';

/** The query plan as one text, whatever the database. Plans are asked with sequential scans discouraged: few rows here. */
async function plan(driver: Driver, { sql, params }: { sql: string; params: Param[] }): Promise<string> {
  if (driver.dialect === 'sqlite') {
    return (await driver.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params)).map((r) => r.detail).join('\n');
  }
  return driver.transaction(async (tx) => {
    await tx.exec('SET LOCAL enable_seqscan = off');
    return (await tx.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).map((r) => r['QUERY PLAN']).join('\n');
  });
}

describe.each(backends)('keyset paging on $name', (backend) => {
  let db: Database;
  let driver: Driver;
  const ids: string[] = [];

  beforeAll(async () => {
    db = await backend.create();
    driver = db.env.DATABASE_URL ? openPostgres(db.env.DATABASE_URL) : openSqlite(db.env.FLAGPOST_SQLITE_PATH!);
    const { record } = await createToken(db.storage, { name: 'keyset', reviewer: false }, new Date());
    // 1,200 reports of three posts: export pages (500) end in the middle of a post's reports.
    const start = Date.parse('2026-11-01T00:00:00Z');
    await Promise.all(Array.from({ length: 1200 }, async (_, i) => {
      const report = aReport((r) => {
        r.target.url = `https://x.com/keyset/status/${i % 3}`;
        r.classification.threatToLife = i % 10 === 0;
      });
      ids.push(report.id);
      await db.storage.insertReport({
        report, tokenId: record.id, bodySha256: 'x', receivedAt: new Date(start + (i % 400) * 1000).toISOString(),
        hashes: hashListEntries(report), groupableRefs: new Set(),
      });
    }));
  });
  afterAll(async () => {
    await driver?.close();
    await db?.dispose();
  });

  it('exports every report once, one row per post, across page boundaries', async () => {
    let text = '';
    for await (const chunk of exportLines(db.storage, { format: 'ndjson' })) text += chunk;
    const rows = text.trim().split('\n').map((line) => JSON.parse(line));
    expect(rows.map((r) => r.reports)).toEqual([400, 400, 400]);
    expect(new Set(rows.flatMap((r) => r.report_ids)).size).toBe(1200);
  });

  it('seeks the (url, id) index with a row-value comparison instead of filtering every row before the page', async () => {
    const text = await plan(driver, exportQuery({}, { url: 'https://x.com/keyset/status/1', id: ids[0]! }, 500));
    if (driver.dialect === 'sqlite') expect(text).toMatch(/USING INDEX reports_by_url \(\(url,id\)>\(\?,\?\)\)/);
    // An Index Cond is where the scan starts; a Filter would be checked on every row from the index's start.
    else expect(text).toMatch(/Index (Only )?Scan (using|on) reports_by_url[^\n]*\n\s*Index Cond: \(+ROW\((r\.)?url, (r\.)?id\) > ROW\(/);
  });

  it('pages the reviewers list by keyset, forwards and back, with its own index', async () => {
    const seen: string[] = [];
    const pages: string[][] = [];
    let page = await db.storage.listReports({ limit: 50 });
    expect(page.newer).toBeUndefined();
    for (;;) {
      pages.push(page.items.map((r) => r.id));
      seen.push(...page.items.map((r) => r.id));
      if (!page.older) break;
      page = await db.storage.listReports({ limit: 50, after: page.older });
    }
    expect(pages).toHaveLength(24);
    expect(new Set(seen).size).toBe(1200);
    // Threat to life first, then newest.
    const first = (await db.storage.listReports({ limit: 1200 })).items;
    expect(first.map((r) => r.id)).toEqual(seen);
    expect(first.findIndex((r) => !r.threatToLife)).toBe(120);
    // Back one page from the last: the page before it.
    const back = await db.storage.listReports({ limit: 50, before: page.newer });
    expect(back.items.map((r) => r.id)).toEqual(pages[pages.length - 2]);

    const text = await plan(driver, reviewListQuery({ limit: 51, after: `0_2026-11-01T00:03:00.000Z_${ids[0]}` }));
    if (driver.dialect === 'sqlite') expect(text).toMatch(/USING (COVERING )?INDEX reports_for_review \(\(threat_to_life,received_at,id\)<\(\?,\?,\?\)\)/);
    else expect(text).toMatch(/Index (Only )?Scan (Backward )?(on|using) reports_for_review[^\n]*\n\s*Index Cond: \(+ROW\(threat_to_life, received_at, id\) < ROW\(/);
  });
});
