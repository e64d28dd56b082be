/**
 * `npm run bench:endpoint`: ingest throughput and latency over loopback on SQLite, and PDQ
 * near-duplicate lookups among 1,000,000 hashes. Bounded in count and time; prints figures
 * with the machine they came from and never passes or fails on them.
 *
 * With PostgreSQL (`--database-url postgres://…` or BENCH_DATABASE_URL; an empty database, or
 * `--pg` for a throwaway local cluster) it also loads 1 and 3 endpoint processes on it and a bare
 * Fastify route (the ceiling), at 32 in flight. `--url http://…` (BENCH_URL, with --token or
 * BENCH_TOKEN) loads a running endpoint or cluster (examples/cluster/) instead.
 *
 * Scale (bench/scale.ts): BENCH_SCALE_REPORTS reports (1,000,000 by default; 0 to skip) with 4
 * hash-list entries each are seeded in bulk, then ingest, a full /v1/hashes sync, a CSV export
 * with intake alongside, and reading every PDQ hash, on SQLite and (with --pg) on PostgreSQL.
 * BENCH_SCALE_KEEP=DIR keeps the seeded databases for the next run (see options.keepScale).
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { benchIngest, benchProcesses, loadIngest, type IngestResult } from './ingest.ts';
import { benchLookup } from './pdq-lookup.ts';
import { benchScale, type ScaleResult } from './scale.ts';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' }, token: { type: 'string' }, 'database-url': { type: 'string' }, pg: { type: 'boolean' },
  },
});
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const options = {
  count: env('BENCH_REPORTS', 20_000),
  seconds: env('BENCH_SECONDS', 20),
  concurrency: env('BENCH_CONCURRENCY', 16),
  hashes: env('BENCH_HASHES', 1_000_000),
  queries: env('BENCH_QUERIES', 200),
  // Reports seeded for the scale figures (4 hash-list entries each); 0 leaves them out.
  scale: env('BENCH_SCALE_REPORTS', 1_000_000),
  // A directory for the scale databases, kept between runs (SQLite's file; with --database-url, the
  // database flagpost_bench_scale is kept too): a later run seeds only what is missing.
  keepScale: process.env.BENCH_SCALE_KEEP || undefined,
};
const CLUSTER_CONCURRENCY = 32;
const ms = (n: number) => `${n.toFixed(n < 1 ? 3 : 1)} ms`;
const int = (n: number) => Math.round(n).toLocaleString('en');
type Row = [string, string, string];
const throughput = (label: string, r: IngestResult): Row[] => [
  [`${label}: throughput`, `${int(r.perSecond)} reports/s (${int(r.ok)}/${int(r.sent)} answered 201)`, ''],
  [`${label}: latency p50 / p99 / max`, `${ms(r.p50)} / ${ms(r.p99)} / ${ms(r.max)}`, ''],
  // CPU per report tells more than throughput on a shared machine: the processes' own time, whatever waited.
  ...(r.serverCpuMsPerReport !== undefined ? [[`${label}: CPU per report, endpoint${r.databaseCpuMsPerReport !== undefined ? ' / PostgreSQL' : ''} / load generator`,
    `${ms(r.serverCpuMsPerReport)}${r.databaseCpuMsPerReport !== undefined ? ` / ${ms(r.databaseCpuMsPerReport)}` : ''} / ${ms(r.loadCpuMsPerReport)}`, ''] as Row] : []),
];

/** The scale figures of one database, each next to the bare Fastify route of the same run where it compares. */
const scaleRows = (name: string, r: ScaleResult, bare?: IngestResult): Row[] => [
  [`${name}, ${int(r.reports)} reports: seeded in (bulk SQL, tests/support/seed.ts)`, r.seedSeconds ? `${r.seedSeconds.toFixed(0)} s` : 'none: kept from an earlier run (BENCH_SCALE_KEEP)', ''],
  [`${name}, ${int(r.reports)} reports: endpoint started in`, `${r.startSeconds.toFixed(1)} s`, ''],
  [`${name}, ${int(r.reports)} reports: ingest, 32 in flight`, `${int(r.ingest.perSecond)} reports/s${bare ? ` (${(r.ingest.perSecond / bare.perSecond).toFixed(2)} of bare Fastify)` : ''}; p50 ${ms(r.ingest.p50)}, p99 ${ms(r.ingest.p99)}`, '>= 2,000 reports/s (PostgreSQL), p99 <= 50 ms'],
  [`${name}, ${int(r.reports)} reports: full /v1/hashes sync`, `${int(r.sync.entries)} entries in ${r.sync.pages} pages, ${r.sync.seconds.toFixed(1)} s (${int(r.sync.entries / r.sync.seconds)}/s)`, ''],
  [`${name}, ${int(r.reports)} reports: CSV export`, `${int(r.export.rows)} rows, ${(r.export.bytes / 1e6).toFixed(0)} MB in ${r.export.seconds.toFixed(1)} s`, '<= 60 s for 1,000,000'],
  [`${name}, ${int(r.reports)} reports: intake during the export (4 clients)`, `${int(r.intakeDuringExport.sent)} reports, p50 ${ms(r.intakeDuringExport.p50)}, p99 ${ms(r.intakeDuringExport.p99)}`, 'p99 <= 50 ms'],
  [`${name}, ${int(r.reports)} reports: every PDQ hash read from the database`, `${int(r.pdqLoad.hashes)} in ${r.pdqLoad.seconds.toFixed(1)} s`, ''],
];

function print(rows: Row[]): void {
  const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['measure', 'figure', 'goal'][i]!.length));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
  console.log(['', line(['measure', 'figure', 'goal']), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
  console.log('\nFigures, not verdicts: they depend on this machine and on what else it was doing.');
}

console.log(`Flagpost endpoint bench: Node ${process.version}, ${process.platform} ${process.arch}, ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), load average ${loadavg()[0]!.toFixed(1)}`);

const url = args.url ?? process.env.BENCH_URL;
if (url) {
  const token = args.token ?? process.env.BENCH_TOKEN;
  if (!token) throw new Error('--url needs --token (or BENCH_TOKEN): a reporter token of that endpoint');
  console.log(`ingest against ${url}: up to ${int(options.count)} reports or ${options.seconds} s, ${CLUSTER_CONCURRENCY} in flight…`);
  const result = await loadIngest({ urls: [new URL(url)], token, pids: [], stop: async () => undefined }, { ...options, concurrency: CLUSTER_CONCURRENCY });
  print([['cores', String(availableParallelism()), ''], ...throughput(url, result)]);
  if (result.ok < result.sent) console.log('Fewer 201s than reports: start the cluster with FLAGPOST_RATE_PER_MINUTE and FLAGPOST_RATE_BURST at 1000000 to measure more than the rate limit.');
  process.exit(0);
}

console.log(`ingest: up to ${int(options.count)} reports or ${options.seconds} s, ${options.concurrency} in flight…`);
const ingest = await benchIngest(options);
const rows: Row[] = [
  ['cores', String(availableParallelism()), ''],
  ['ingest: reports sent (201 answers)', `${int(ingest.sent)} (${int(ingest.ok)}) in ${ingest.seconds.toFixed(1)} s`, ''],
  ['ingest: throughput, SQLite over loopback', `${int(ingest.perSecond)} reports/s`, '>= 2,000 reports/s'],
  ['ingest: latency p50 / p99 / max', `${ms(ingest.p50)} / ${ms(ingest.p99)} / ${ms(ingest.max)}`, 'p99 <= 20 ms'],
  ...(ingest.serverCpuMsPerReport ? [['ingest: endpoint CPU per report', `${ms(ingest.serverCpuMsPerReport)} (one core: ~${int(1000 / ingest.serverCpuMsPerReport)} reports/s)`, ''] as Row] : []),
];

const databaseUrl = args['database-url'] ?? process.env.BENCH_DATABASE_URL;
if (databaseUrl || args.pg) {
  // A throwaway cluster, durable (fsync and synchronous commits on): a lock held until COMMIT costs what it costs in production.
  const cluster = databaseUrl ? undefined : await (await import('../tests/support/postgres-cluster.ts')).startCluster({ durable: true });
  const pg = await import('pg');
  /** A new, empty database; `keep`: the one already there, if any. */
  const fresh = async (name: string, keep = false) => {
    const base = databaseUrl ?? cluster!.url;
    const admin = new pg.default.Client({ connectionString: base });
    await admin.connect();
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
    if (!keep || !exists) {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
    }
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    return url.href;
  };
  try {
    const load = { ...options, concurrency: CLUSTER_CONCURRENCY };
    console.log(`PostgreSQL${cluster ? ' (throwaway cluster in /tmp, fsync on)' : ''}: 1 process, 3 processes, bare Fastify; ${CLUSTER_CONCURRENCY} in flight…`);
    // Not measured: a fresh cluster's first run creates its log segments (later runs recycle them, as a running
    // server does) and was the slowest run of every series measured (docs/benchmarks.md).
    await benchProcesses({ ...load, seconds: Math.min(5, load.seconds), processes: 1, databaseUrl: await fresh('flagpost_bench_warmup') });
    const one = await benchProcesses({ ...load, processes: 1, databaseUrl: await fresh('flagpost_bench_1') });
    const three = await benchProcesses({ ...load, processes: 3, databaseUrl: await fresh('flagpost_bench_3') });
    // The ceiling over the same window as the runs it is set against, not cut short by BENCH_REPORTS (it sends that many in 2 s).
    const bare = await benchProcesses({ ...load, count: Infinity, processes: 1, bare: true });
    rows.push(...throughput('PostgreSQL, 1 process', one), ...throughput('PostgreSQL, 3 processes', three), ...throughput('bare Fastify route (ceiling)', bare));
    rows.push(['PostgreSQL, 1 process: share of bare Fastify', `${(one.perSecond / bare.perSecond).toFixed(2)} (3 processes: ${(three.perSecond / bare.perSecond).toFixed(2)})`, '>= 0.3']);
    if (options.scale) {
      console.log(`PostgreSQL at scale: seeding ${int(options.scale)} reports, then ingest, sync, export…`);
      const keep = databaseUrl && options.keepScale ? options.keepScale : undefined;
      const scaleUrl = await fresh('flagpost_bench_scale', !!keep);
      rows.push(...scaleRows('PostgreSQL', await benchScale({ reports: options.scale, seconds: options.seconds, databaseUrl: scaleUrl, keepDir: keep }), bare));
    }
  } finally {
    cluster?.stop();
  }
}

if (options.scale) {
  console.log(`SQLite at scale: seeding ${int(options.scale)} reports, then ingest, sync, export…`);
  const scale = await benchScale({ reports: options.scale, seconds: options.seconds, keepDir: options.keepScale });
  const bare = await benchProcesses({ ...options, count: Infinity, concurrency: CLUSTER_CONCURRENCY, processes: 1, bare: true });
  rows.push(...scaleRows('SQLite', scale, bare));
}

console.log(`PDQ: indexing ${int(options.hashes)} hashes, ${options.queries} lookups…`);
const lookup = benchLookup(options.hashes, options.queries);
rows.push(
  [`PDQ: ${int(lookup.stored)} hashes indexed in`, `${lookup.buildSeconds.toFixed(1)} s`, ''],
  [`PDQ: near-duplicate lookup, multi-index (${lookup.found}/${lookup.queries} matched)`, `median ${ms(lookup.index.median)}, p99 ${ms(lookup.index.p99)}, max ${ms(lookup.index.max)}`, '<= 50 ms'],
  ['PDQ: same lookups by full scan (baseline)', `median ${ms(lookup.scan.median)}, p99 ${ms(lookup.scan.p99)}, max ${ms(lookup.scan.max)}`, ''],
);
print(rows);
