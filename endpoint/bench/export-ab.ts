/**
 * The CSV export over HTTP with intake alongside, on a database seeded once (bench/export.ts
 * seeds it), for two versions of the endpoint alternated in the same minutes:
 *
 *   BENCH_EXPORT_SQLITE=/tmp/x/flagpost.sqlite BENCH_AB_BEFORE=/other/checkout/endpoint/bin/start.mjs node --import tsx bench/export-ab.ts
 *   BENCH_EXPORT_DATABASE_URL=postgres://… (the same)
 *
 * Each run starts the endpoint on the database, exports everything as CSV while 4 clients keep
 * reporting, and prints the export's time, the endpoint's CPU during it (Linux /proc) and the
 * intake's latency meanwhile. BENCH_AB_ROUNDS (2) rounds; without BENCH_AB_BEFORE, this version only.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname } from 'node:path';
import { createToken } from '../src/core/tokens.ts';
import { openStorage } from '../src/storage/open.ts';
import { loadIngest, startServers, type Target } from './ingest.ts';

const databaseUrl = process.env.BENCH_EXPORT_DATABASE_URL;
const sqlitePath = process.env.BENCH_EXPORT_SQLITE ?? '';
const before = process.env.BENCH_AB_BEFORE;
const rounds = Number(process.env.BENCH_AB_ROUNDS ?? 2);

const storage = await openStorage({ databaseUrl, sqlitePath });
const { secret } = await createToken(storage, { name: `export-ab-${Date.now()}`, reviewer: true }, new Date());
await storage.close();

function get(target: Target, path: string, onChunk: (chunk: Buffer) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    request(target.urls[0]!, { path, headers: { authorization: `Bearer ${target.token}` } }, (res) => {
      res.on('data', onChunk);
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', reject);
    }).once('error', reject).end();
  });
}

const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};

async function run(label: string, entry?: string): Promise<void> {
  const target = await startServers({ dataDir: databaseUrl ? dirname(sqlitePath || '/tmp/x') : dirname(sqlitePath), databaseUrl, token: secret, entry });
  try {
    let rows = 0;
    let done = false;
    const cpuBefore = cpuMs(target.pids[0]!);
    const start = performance.now();
    const exported = get(target, '/v1/export?format=csv', (chunk) => {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) rows++;
    }).finally(() => (done = true));
    const [, intake] = await Promise.all([exported, loadIngest(target, { count: 1e9, seconds: 3600, concurrency: 4, until: () => done, warmUp: 0 })]);
    const seconds = (performance.now() - start) / 1000;
    const cpu = (cpuMs(target.pids[0]!) - cpuBefore) / 1000;
    console.log(`${label.padEnd(7)} ${rows - 1} rows in ${seconds.toFixed(1)} s, endpoint CPU ${cpu.toFixed(1)} s; intake meanwhile ${intake.sent} reports, p50 ${intake.p50.toFixed(1)} ms, p99 ${intake.p99.toFixed(1)} ms, max ${intake.max.toFixed(1)} ms`);
  } finally {
    await target.stop();
  }
}

for (let round = 1; round <= rounds; round++) {
  if (before) await run('before', before);
  await run('after');
}
