/**
 * Two versions of the endpoint on PostgreSQL, alternated in the same minutes, with bare Fastify:
 * on a machine shared with other work, only runs side by side compare. Each run gets a fresh
 * database on one throwaway durable cluster; 32 reports in flight.
 *
 *   BENCH_AB_BEFORE=/path/to/other/checkout/endpoint/bin/start.mjs node --import tsx bench/ingest-ab.ts
 *
 * BENCH_AB_ROUNDS (3) rounds of before, after, bare; BENCH_SECONDS (5) each. Prints, per run,
 * reports/s, latency, and CPU per report of the endpoint and of PostgreSQL (Linux /proc): under
 * load, CPU per report is the figure that says what the code costs.
 */
import pg from 'pg';
import { startCluster } from '../tests/support/postgres-cluster.ts';
import { benchProcesses, type IngestResult } from './ingest.ts';

const before = process.env.BENCH_AB_BEFORE;
const rounds = Number(process.env.BENCH_AB_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const load = { count: 1e9, seconds, concurrency: 32, processes: 1 };

const cluster = await startCluster({ durable: true });
let n = 0;
async function fresh(): Promise<string> {
  const name = `flagpost_ab_${n++}`;
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  return url.href;
}

const line = (label: string, r: IngestResult) => console.log([
  label.padEnd(8), `${Math.round(r.perSecond)} reports/s`.padStart(16), `p50 ${r.p50.toFixed(1)} ms`.padStart(14), `p99 ${r.p99.toFixed(1)} ms`.padStart(14),
  `endpoint ${r.serverCpuMsPerReport?.toFixed(3)} ms/report`.padStart(28), `PostgreSQL ${r.databaseCpuMsPerReport?.toFixed(3) ?? '-'} ms/report`.padStart(30),
  `load generator ${r.loadCpuMsPerReport.toFixed(3)} ms/report`.padStart(34),
].join(' '));

try {
  // Not measured: the first run on a fresh cluster creates its log segments (later ones recycle them) and was
  // the slowest of every series measured (docs/benchmarks.md), which would count against whichever runs first.
  await benchProcesses({ ...load, seconds: 6, databaseUrl: await fresh() });
  for (let round = 1; round <= rounds; round++) {
    console.log(`round ${round}`);
    if (before) line('before', await benchProcesses({ ...load, databaseUrl: await fresh(), entry: before }));
    line('after', await benchProcesses({ ...load, databaseUrl: await fresh() }));
    line('bare', await benchProcesses({ ...load, bare: true }));
  }
} finally {
  cluster.stop();
}
