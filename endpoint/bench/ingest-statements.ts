/**
 * Statements PostgreSQL runs per report at intake: one endpoint process (this checkout's, or
 * BENCH_AB_BEFORE's bin/start.mjs) on a fresh database of a throwaway durable cluster with every
 * statement logged; BENCH_COUNT reports (2,000) at 32 in flight, then the log is counted, by kind.
 * Then as many again with nothing logged, timed by pg_stat_statements (PostgreSQL's own extension,
 * loaded for this cluster only): each kind's execution time and write-ahead log per report.
 *
 *   node --import tsx bench/ingest-statements.ts
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { startCluster } from '../tests/support/postgres-cluster.ts';
import { loadIngest, startServers } from './ingest.ts';

const count = Number(process.env.BENCH_COUNT ?? 2_000);
const cluster = await startCluster({ durable: true });
await withClient(cluster.url, (c) => c.query("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"));
await cluster.restart();
const admin = new pg.Client({ connectionString: cluster.url });
try {
  await admin.connect();
  await admin.query('CREATE DATABASE flagpost_statements');
  const { rows } = await admin.query<{ setting: string }>("SELECT setting FROM pg_settings WHERE name = 'data_directory'");
  const log = join(dirname(rows[0]!.setting), 'server.log');
  const url = new URL(cluster.url);
  url.pathname = '/flagpost_statements';
  const dataDir = mkdtempSync(join(tmpdir(), 'flagpost-bench-'));
  const target = await startServers({ dataDir, databaseUrl: url.href, entry: process.env.BENCH_AB_BEFORE });
  try {
    await admin.query("ALTER SYSTEM SET log_statement = 'all'");
    await admin.query('SELECT pg_reload_conf()');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const start = readFileSync(log, 'utf8').length;
    const result = await loadIngest(target, { count, seconds: 600, concurrency: 32, warmUp: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the last background grouping pass
    await admin.query("ALTER SYSTEM SET log_statement = 'none'");
    await admin.query('SELECT pg_reload_conf()');
    // A logged statement runs from its `LOG:` line to the next line that starts a log entry (its text may begin on
    // the line after, as the batch insert's does).
    const entries = readFileSync(log, 'utf8').slice(start).split(/\n(?=\d{4}-\d\d-\d\d )/).filter((e) => /LOG:\s+(statement|execute)/.test(e));
    const kinds = new Map<string, number>();
    for (const entry of entries) {
      if (/SELECT pg_reload_conf|ALTER SYSTEM/.test(entry)) continue;
      const text = entry.replace(/^.*?LOG:\s+(statement|execute [^:]*):\s*/, '').replace(/\s+/g, ' ').trim().slice(0, 70);
      kinds.set(text, (kinds.get(text) ?? 0) + 1);
    }
    const total = [...kinds.values()].reduce((a, b) => a + b, 0);
    console.log(`${result.sent} reports (${result.ok} created): ${total} statements, ${(total / result.sent).toFixed(2)} per report`);
    for (const [text, n] of [...kinds].sort((a, b) => b[1] - a[1])) console.log(String(n).padStart(6), text);
    await withClient(url.href, async (db) => {
      await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await db.query('SELECT pg_stat_statements_reset()');
      const timed = await loadIngest(target, { count, seconds: 600, concurrency: 32, warmUp: 0 });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const { rows: times } = await db.query<{ query: string; calls: string; ms: number; wal: string }>(
        "SELECT query, calls, total_exec_time AS ms, wal_bytes AS wal FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'");
      // A statement with a VALUES list of n rows is a statement of its own for each n: summed by their start.
      const byKind = new Map<string, { calls: number; ms: number; wal: number }>();
      for (const t of times) {
        const kind = t.query.replace(/\s+/g, ' ').trim().slice(0, 70);
        const sum = byKind.get(kind) ?? { calls: 0, ms: 0, wal: 0 };
        byKind.set(kind, { calls: sum.calls + Number(t.calls), ms: sum.ms + t.ms, wal: sum.wal + Number(t.wal) });
      }
      const per = (n: number) => n / timed.sent;
      console.log(`\n${timed.sent} more reports, nothing logged (${timed.perSecond.toFixed(0)} reports/s): execution time and WAL per report, by kind`);
      for (const [kind, t] of [...byKind].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) {
        console.log(`${(per(t.ms) * 1000).toFixed(1).padStart(7)} µs ${per(t.wal).toFixed(0).padStart(6)} B ${per(t.calls).toFixed(3).padStart(6)} calls  ${kind}`);
      }
    });
  } finally {
    await target.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
} finally {
  await admin.end().catch(() => undefined);
  cluster.stop();
}

async function withClient<T>(connectionString: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
