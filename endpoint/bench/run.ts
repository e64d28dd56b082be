/**
 * `npm run bench:endpoint`: ingest throughput and latency over loopback on SQLite, and PDQ
 * near-duplicate lookups among 1,000,000 hashes. Bounded in count and time; prints figures
 * with the machine they came from and never passes or fails on them.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { benchIngest } from './ingest.ts';
import { benchLookup } from './pdq-lookup.ts';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const options = {
  count: env('BENCH_REPORTS', 20_000),
  seconds: env('BENCH_SECONDS', 20),
  concurrency: env('BENCH_CONCURRENCY', 16),
  hashes: env('BENCH_HASHES', 1_000_000),
  queries: env('BENCH_QUERIES', 200),
};
const ms = (n: number) => `${n.toFixed(n < 1 ? 3 : 1)} ms`;
const int = (n: number) => Math.round(n).toLocaleString('en');

console.log(`Flagpost endpoint bench: Node ${process.version}, ${process.platform} ${process.arch}, ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), load average ${loadavg()[0]!.toFixed(1)}`);
console.log(`ingest: up to ${int(options.count)} reports or ${options.seconds} s, ${options.concurrency} in flight…`);
const ingest = await benchIngest(options);
console.log(`PDQ: indexing ${int(options.hashes)} hashes, ${options.queries} lookups…`);
const lookup = benchLookup(options.hashes, options.queries);

const rows: [string, string, string][] = [
  ['cores', String(availableParallelism()), ''],
  ['ingest: reports sent (201 answers)', `${int(ingest.sent)} (${int(ingest.ok)}) in ${ingest.seconds.toFixed(1)} s`, ''],
  ['ingest: throughput, SQLite over loopback', `${int(ingest.perSecond)} reports/s`, '>= 2,000 reports/s'],
  ['ingest: latency p50 / p99 / max', `${ms(ingest.p50)} / ${ms(ingest.p99)} / ${ms(ingest.max)}`, 'p99 <= 20 ms'],
  ...(ingest.serverCpuMsPerReport ? [['ingest: endpoint CPU per report', `${ms(ingest.serverCpuMsPerReport)} (one core: ~${int(1000 / ingest.serverCpuMsPerReport)} reports/s)`, ''] as [string, string, string]] : []),
  [`PDQ: ${int(lookup.stored)} hashes indexed in`, `${lookup.buildSeconds.toFixed(1)} s`, ''],
  [`PDQ: near-duplicate lookup, multi-index (${lookup.found}/${lookup.queries} matched)`, `median ${ms(lookup.index.median)}, p99 ${ms(lookup.index.p99)}, max ${ms(lookup.index.max)}`, '<= 50 ms'],
  ['PDQ: same lookups by full scan (baseline)', `median ${ms(lookup.scan.median)}, p99 ${ms(lookup.scan.p99)}, max ${ms(lookup.scan.max)}`, ''],
];
const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['measure', 'figure', 'goal'][i]!.length));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
console.log(['', line(['measure', 'figure', 'goal']), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
console.log('\nFigures, not verdicts: they depend on this machine and on what else it was doing.');
