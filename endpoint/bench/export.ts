/**
 * The export in process, without HTTP: where its time goes per row, on a database seeded once and
 * kept between runs (seeding 200,000 reports takes minutes). Prints wall time, this process's CPU
 * and, on PostgreSQL, the database backends' CPU (Linux /proc), per million reports.
 *
 *   BENCH_EXPORT_SQLITE=/tmp/x/flagpost.sqlite  node --import tsx bench/export.ts
 *   BENCH_EXPORT_DATABASE_URL=postgres://…      node --import tsx bench/export.ts
 *
 * BENCH_EXPORT_REPORTS (200,000): reports seeded (tests/support/seed.ts) when the database holds
 * fewer. BENCH_EXPORT_SRC: the endpoint's src/ folder to import the export from (a copy of an
 * older commit, to compare before and after in the same minutes). BENCH_EXPORT_FORMAT: csv or
 * ndjson. BENCH_EXPORT_HASH=1 prints the output's SHA-256 (two versions must give the same bytes).
 * Profile with `node --cpu-prof --import tsx bench/export.ts`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { seedReports } from '../tests/support/seed.ts';

const src = resolve(process.env.BENCH_EXPORT_SRC ?? resolve(import.meta.dirname, '..', 'src'));
const databaseUrl = process.env.BENCH_EXPORT_DATABASE_URL;
const sqlitePath = process.env.BENCH_EXPORT_SQLITE ?? '';
const reports = Number(process.env.BENCH_EXPORT_REPORTS ?? 200_000);
const format = (process.env.BENCH_EXPORT_FORMAT ?? 'csv') as 'csv' | 'ndjson';
if (!databaseUrl && !sqlitePath) throw new Error('set BENCH_EXPORT_SQLITE or BENCH_EXPORT_DATABASE_URL');

const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(resolve(src, path)).href)) as T;
const { openStorage } = await load<typeof import('../src/storage/open.ts')>('storage/open.ts');
const { exportLines } = await load<typeof import('../src/export/stream.ts')>('export/stream.ts');
const { createToken } = await load<typeof import('../src/core/tokens.ts')>('core/tokens.ts');

const storage = await openStorage({ databaseUrl, sqlitePath });
const held = (await storage.listReports({ limit: 1 })).total;
if (held < reports) {
  const { record } = await createToken(storage, { name: `seed-${Date.now()}`, reviewer: true }, new Date());
  console.log(`seeding ${reports - held} reports…`);
  const seconds = await seedReports({ databaseUrl, sqlitePath, tokenId: record.id, count: reports - held });
  console.log(`seeded in ${seconds.toFixed(0)} s`);
}

/** utime + stime of a process in ms (Linux). */
const procCpuMs = (pid: number) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
};
/** CPU of every backend of this database (the export's connections among them). */
async function databaseCpuMs(): Promise<number> {
  if (!databaseUrl) return 0;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    return rows.reduce((sum, r) => sum + procCpuMs(r.pid), 0);
  } finally {
    await client.end();
  }
}

// One page first, so that the pool's connections exist when the database's CPU is first read.
for await (const _ of exportLines(storage, { format, status: 'withdrawn' })) void _;
const hash = process.env.BENCH_EXPORT_HASH ? createHash('sha256') : undefined;
const dbBefore = await databaseCpuMs();
const cpuBefore = process.cpuUsage();
const start = performance.now();
let chars = 0;
let chunks = 0;
for await (const chunk of exportLines(storage, { format })) {
  chars += chunk.length;
  chunks++;
  hash?.update(chunk);
}
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const dbMs = (await databaseCpuMs()) - dbBefore;
const cpuMs = (cpu.user + cpu.system) / 1000;
const total = Math.max(held, reports);
const perMillion = (value: number) => (value * 1e6) / total;
console.log(JSON.stringify({
  src, database: databaseUrl ? 'postgres' : 'sqlite', reports: total, format, chars, chunks,
  seconds: +seconds.toFixed(2), processCpuS: +(cpuMs / 1000).toFixed(2), databaseCpuS: +(dbMs / 1000).toFixed(2),
  perMillion: { seconds: +perMillion(seconds).toFixed(1), processCpuS: +perMillion(cpuMs / 1000).toFixed(1), databaseCpuS: +perMillion(dbMs / 1000).toFixed(1) },
  ...(hash ? { sha256: hash.digest('hex') } : {}),
}));
await storage.close();
