import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { hashListEntries } from '../src/core/intake.ts';
import { createToken } from '../src/core/tokens.ts';
import { openSqlite } from '../src/storage/sqlite.ts';
import { sqlStorage } from '../src/storage/sql-storage.ts';
import { aReport } from './support/reports.ts';

const dir = mkdtempSync(join(tmpdir(), 'flagpost-wal-'));
const PAGE = 4096;
// Small limits so that a burst of a few MB shows what 5.7 GB showed at full size.
const limits = { restartPages: 256, journalSizeLimit: 512 * PAGE, autocheckpointPages: 4096, everyMs: 10, idleTicks: 3 };

describe('SQLite write-ahead log', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stays bounded under a burst of writes, and is emptied once writes stop', async () => {
    const path = join(dir, 'burst.sqlite');
    const storage = await sqlStorage(openSqlite(path, { wal: limits }));
    const { record } = await createToken(storage, { name: 'burst', reviewer: false }, new Date());
    const wal = () => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
    let largest = 0;
    const sampler = setInterval(() => (largest = Math.max(largest, wal())), 1);

    const text = () => randomBytes(2400).toString('hex').slice(0, 4800);
    let written = 0;
    // 24 writers in flight, as many connections would keep the group commit busy: ~40 MB of reports.
    const writers = Array.from({ length: 24 }, async () => {
      for (let i = 0; i < 250; i++) {
        const report = aReport((r) => (r.target.text = text()));
        const receivedAt = new Date().toISOString();
        await storage.insertReport({ report, tokenId: record.id, bodySha256: 'x', receivedAt, hashes: hashListEntries(report), groupableRefs: new Set() });
        written += JSON.stringify(report).length;
        largest = Math.max(largest, wal());
      }
    });
    await Promise.all(writers);
    clearInterval(sampler);
    expect(written).toBeGreaterThan(20 * 1024 * 1024);
    // The bound: the restart threshold plus what arrives while a checkpoint runs, far below what was written.
    expect(largest).toBeLessThan(8 * 1024 * 1024);

    // Idle: the checkpointer truncates the log to nothing (a bounded wait, not a timing assertion).
    for (let i = 0; i < 500 && wal() > 0; i++) await sleep(10);
    expect(wal()).toBe(0);
    expect((await storage.listReports({ limit: 1 })).total).toBe(24 * 250);
    await storage.close();
  });

  // A reader that still reads the old log blocks the restart. Commits used to be held for the whole
  // busy timeout (5 s) on every batch while it lasted: these 1,000 reports would have taken minutes.
  it('goes on committing while a long reader holds the old log, and restarts it once the reader is gone', async () => {
    const path = join(dir, 'reader.sqlite');
    const storage = await sqlStorage(openSqlite(path, { wal: limits }));
    const { record } = await createToken(storage, { name: 'reader', reviewer: false }, new Date());
    const wal = () => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
    const text = () => randomBytes(2400).toString('hex').slice(0, 4800);
    const insert = () => {
      const report = aReport((r) => (r.target.text = text()));
      return storage.insertReport({ report, tokenId: record.id, bodySha256: 'x', receivedAt: new Date().toISOString(), hashes: [], groupableRefs: new Set() });
    };
    await insert();
    // A read transaction that began on the log, held until every write below is done.
    const reader = new Database(path, { readonly: true });
    reader.prepare('BEGIN').run();
    expect(reader.prepare('SELECT COUNT(*) AS n FROM reports').get()).toEqual({ n: 1 });
    let largest = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      for (let i = 0; i < 125; i++) {
        await insert();
        largest = Math.max(largest, wal());
      }
    }));
    // The log could not start over while the reader held it: it passed its bound.
    expect(largest).toBeGreaterThan(2 * limits.restartPages * PAGE);
    expect(reader.prepare('SELECT COUNT(*) AS n FROM reports').get()).toEqual({ n: 1 });
    reader.prepare('COMMIT').run();
    reader.close();

    // Without the reader, a restart goes through and the idle log is truncated (a bounded wait).
    await insert();
    for (let i = 0; i < 1000 && wal() > 0; i++) await sleep(10);
    expect(wal()).toBe(0);
    expect((await storage.listReports({ limit: 1 })).total).toBe(1002);
    await storage.close();
  });
});
