/**
 * Statements PostgreSQL runs per report at intake: one endpoint process (this checkout's, or
 * BENCH_AB_BEFORE's bin/start.mjs) on a fresh database of a throwaway durable cluster with every
 * statement logged; BENCH_COUNT reports (2,000) at 32 in flight, then the log is counted, by kind.
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
    const lines = readFileSync(log, 'utf8').slice(start).split('\n').filter((l) => /LOG:\s+(statement|execute)/.test(l));
    const kinds = new Map<string, number>();
    for (const line of lines) {
      if (/SELECT pg_reload_conf|ALTER SYSTEM/.test(line)) continue;
      const text = line.replace(/^.*?LOG:\s+(statement|execute [^:]*):\s*/, '').replace(/\s+/g, ' ').slice(0, 70);
      kinds.set(text, (kinds.get(text) ?? 0) + 1);
    }
    const total = [...kinds.values()].reduce((a, b) => a + b, 0);
    console.log(`${result.sent} reports (${result.ok} created): ${total} statements, ${(total / result.sent).toFixed(2)} per report`);
    for (const [text, n] of [...kinds].sort((a, b) => b[1] - a[1])) console.log(String(n).padStart(6), text);
  } finally {
    await target.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
} finally {
  await admin.end().catch(() => undefined);
  cluster.stop();
}
