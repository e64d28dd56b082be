import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Pool } from 'undici';
import { validReport } from '../../test-support/fixtures.ts';

export interface IngestResult {
  /** CPU time the endpoint process spent per report (Linux /proc), whatever else the machine was doing. */
  serverCpuMsPerReport?: number;
  /** CPU time PostgreSQL's processes spent per report (every backend and background process of the cluster, Linux /proc). */
  databaseCpuMsPerReport?: number;
  /** CPU time this process (the load generator, on the same cores) spent per report. */
  loadCpuMsPerReport: number;
  sent: number;
  ok: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

/** Where the load goes: one or more base URLs (round robin), the token, and the processes to measure. */
export interface Target {
  urls: URL[];
  token: string;
  pids: number[];
  stop(): Promise<void>;
}

/**
 * `count` endpoint processes (as in production, `npm start`) on one database: SQLite in a scratch
 * folder (one process), or PostgreSQL at `databaseUrl`. The first process makes the local token.
 */
export async function startServers(options: {
  dataDir: string; databaseUrl?: string; count?: number; script?: string; token?: string;
  /** Another checkout's bin/start.mjs (bench/ingest-ab.ts compares two versions); this one's by default. */
  entry?: string;
}): Promise<Target> {
  const children: { child: ReturnType<typeof spawn>; output: string }[] = [];
  const startOne = async () => {
    // BENCH_PROFILE_DIR: each endpoint process writes a CPU profile there when it stops (to see where the time goes).
    const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_DIR] : [];
    const entry = options.script ? ['--import', 'tsx', options.script] : [options.entry ?? join(import.meta.dirname, '..', 'bin', 'start.mjs')];
    const child = spawn(process.execPath, [...profile, ...entry], {
      env: {
        ...process.env, FLAGPOST_DATA_DIR: options.dataDir, FLAGPOST_PORT: '0', FLAGPOST_LOG_LEVEL: 'warn', FLAGPOST_REMOVAL_CHECK: 'off',
        FLAGPOST_RATE_PER_MINUTE: '1000000', FLAGPOST_RATE_BURST: '1000000', DATABASE_URL: options.databaseUrl ?? '',
        // The bench's one token stands for many reporters: under the default quota (2,000 entries a day) it would
        // list the hashes of its first 500 reports only, and every later report would skip the hash list's writes.
        FLAGPOST_HASH_QUOTA_PER_DAY: process.env.FLAGPOST_HASH_QUOTA_PER_DAY ?? '10000000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const started = { child, output: '' };
    children.push(started);
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk) => (started.output += chunk) && started.output.includes('Stop with') && resolve());
      child.once('exit', () => reject(new Error(`the endpoint did not start:\n${started.output}`)));
    });
    return started.output;
  };
  const first = await startOne();
  await Promise.all(Array.from({ length: (options.count ?? 1) - 1 }, startOne));
  const token = options.token ?? /Access token: (fpt_\S+)/.exec(first)?.[1];
  if (!token) throw new Error('the first endpoint printed no new token: start the bench on an empty database');
  return {
    urls: children.map((c) => new URL(/Base URL[^:]*: (\S+)/.exec(c.output)![1]!)),
    token,
    pids: children.map((c) => c.child.pid!),
    stop: () => Promise.all(children.map((c) => new Promise<void>((resolve) => (c.child.once('exit', () => resolve()), c.child.kill('SIGTERM'))))).then(() => undefined),
  };
}

/** utime + stime of a process in ms, from /proc (undefined elsewhere). */
function cpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** CPU so far (ms) of each process of the PostgreSQL cluster at `databaseUrl`: its backends and background writers. */
async function databaseCpu(databaseUrl: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()');
    return new Map(rows.map((r) => [r.pid, cpuMs(r.pid) ?? 0]));
  } finally {
    await client.end();
  }
}

/**
 * Realistic reports, each unique: the shared fixture with an image carrying PDQ, MD5 and SHA-256. The fixture is
 * serialised once with markers where the id, the post's URL and the hashes go, and each report joins the parts with
 * fresh values: the load generator shares the endpoint's cores, so it should spend them on sending, not on
 * building and stringifying an object per request (about a quarter of its CPU before).
 */
function reportBodies(): () => { id: string; json: string } {
  const mark = (name: string) => `@@${name}@@`;
  const report = validReport();
  report.id = mark('id');
  report.target.url = `https://x.com/bench/status/${mark('status')}`;
  report.media = [{
    ref: 'm1', kind: 'image', sourceUrl: 'https://pbs.twimg.com/media/B?name=orig', bytes: 123456, width: 1200, height: 800,
    hashes: [
      { algorithm: 'pdq', value: mark('pdq'), quality: 100 },
      { algorithm: 'md5', value: mark('md5') },
      { algorithm: 'sha256', value: mark('sha256') },
    ],
  }];
  const parts = JSON.stringify(report).split(/@@\w+@@/);
  if (parts.length !== 6) throw new Error('the report template lost a marker');
  return () => {
    const id = randomUUID();
    const json = parts[0] + id + parts[1] + randomBytes(8).readBigUInt64BE() + parts[2] + randomBytes(32).toString('hex') +
      parts[3] + randomBytes(16).toString('hex') + parts[4] + randomBytes(32).toString('hex') + parts[5];
    return { id, json };
  };
}

/**
 * POSTs reports with `concurrency` in flight, spread over the target's URLs, until `count` are
 * sent, `seconds` have passed or `until()` says so (whichever first), after a short warm-up that is not measured.
 */
export async function loadIngest(
  target: Target,
  options: { count: number; seconds: number; concurrency: number; until?: () => boolean; warmUp?: number; databaseUrl?: string },
): Promise<IngestResult> {
  // undici's pool rather than node:http's client: with the template above, the load generator's CPU per report
  // halved (docs/benchmarks.md), and what it no longer takes the endpoint and PostgreSQL get.
  const pools = target.urls.map((url) => ({ pool: new Pool(url.origin, { connections: options.concurrency }), path: `${url.pathname.replace(/\/$/, '')}/v1/reports` }));
  const body = reportBodies();
  let next = 0;
  const post = async (report: { id: string; json: string }) => {
    const { pool, path } = pools[next++ % pools.length]!;
    const res = await pool.request({
      method: 'POST', path, body: report.json,
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json', 'idempotency-key': report.id },
    });
    await res.body.dump();
    return res.statusCode;
  };
  try {
    const warmUp = Array.from({ length: options.warmUp ?? 500 }, body);
    await Promise.all(warmUp.map(post));
    const latencies: number[] = [];
    let sent = 0;
    let ok = 0;
    const cpu = () => target.pids.map(cpuMs).reduce<number | undefined>((sum, ms) => (sum === undefined || ms === undefined ? undefined : sum + ms), 0);
    const cpuBefore = target.pids.length ? cpu() : undefined;
    const databaseBefore = options.databaseUrl ? await databaseCpu(options.databaseUrl) : undefined;
    const loadBefore = process.cpuUsage();
    const start = performance.now();
    const deadline = start + options.seconds * 1000;
    const worker = async () => {
      while (sent < options.count && performance.now() < deadline && !options.until?.()) {
        sent++;
        const report = body();
        const t0 = performance.now();
        if ((await post(report)) === 201) ok++;
        latencies.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    const seconds = (performance.now() - start) / 1000;
    const load = process.cpuUsage(loadBefore);
    const cpuAfter = target.pids.length ? cpu() : undefined;
    // A process that started during the run counts whole; one that ended during it is missed.
    const databaseAfter = options.databaseUrl ? await databaseCpu(options.databaseUrl) : undefined;
    const databaseMs = databaseAfter && [...databaseAfter].reduce((sum, [pid, ms]) => sum + ms - (databaseBefore!.get(pid) ?? 0), 0);
    const serverCpuMsPerReport = cpuBefore !== undefined && cpuAfter !== undefined ? (cpuAfter - cpuBefore) / sent : undefined;
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    const databaseCpuMsPerReport = databaseMs === undefined ? undefined : databaseMs / sent;
    return { serverCpuMsPerReport, databaseCpuMsPerReport, loadCpuMsPerReport: (load.user + load.system) / 1000 / sent, sent, ok, seconds, perSecond: sent / seconds, p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1]! };
  } finally {
    await Promise.all(pools.map(({ pool }) => pool.destroy()));
  }
}

/** The reference endpoint on SQLite, in its own process: the figures the README keeps. */
export async function benchIngest(options: { count: number; seconds: number; concurrency: number }): Promise<IngestResult> {
  return benchProcesses({ ...options, processes: 1 });
}

/** `processes` endpoint processes on a fresh database (PostgreSQL when `databaseUrl` is set), loaded together. */
export async function benchProcesses(options: {
  count: number; seconds: number; concurrency: number; processes: number; databaseUrl?: string; bare?: boolean; entry?: string;
}): Promise<IngestResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'flagpost-bench-'));
  const script = options.bare ? join(import.meta.dirname, 'bare-fastify.ts') : undefined;
  const target = await startServers({ dataDir, databaseUrl: options.databaseUrl, count: options.processes, script, entry: options.entry });
  try {
    return await loadIngest(target, options);
  } finally {
    await target.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
