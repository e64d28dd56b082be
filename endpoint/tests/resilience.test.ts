import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/core/tokens.ts';
import { openStorage } from '../src/storage/open.ts';
import { openPostgres } from '../src/storage/postgres.ts';
import { freePort, spawnEndpoint, type EndpointProcess } from './support/endpoint-process.ts';
import { startCluster, type Cluster } from './support/postgres-cluster.ts';
import { aReport, randomPdq, withPdq } from './support/reports.ts';

/**
 * Fault drills over real HTTP against the endpoint as its own process: PostgreSQL stopped, and
 * restarted under load (`pg_ctl -m fast`), and the endpoint killed with SIGKILL and started again.
 * The client below does what the extension does: it retries a report until it gets a 2xx, with
 * the same Idempotency-Key. Whatever happens, every acknowledged report must be stored exactly once.
 *
 * PostgreSQL gets a cluster of its own here: restarting the shared one would break the other test files.
 */
interface Target {
  name: 'sqlite' | 'postgres';
  env: Record<string, string>;
  cluster?: Cluster;
  dispose(): void;
}

async function sqliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'flagpost-drill-'));
  return { name: 'sqlite', env: { FLAGPOST_DATA_DIR: dir }, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgresTarget(): Promise<Target> {
  const cluster = await startCluster();
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('CREATE DATABASE drill');
  await admin.end();
  const dir = mkdtempSync(join(tmpdir(), 'flagpost-drill-'));
  return {
    name: 'postgres',
    env: { DATABASE_URL: cluster.url.replace(/\/postgres$/, '/drill'), FLAGPOST_DATA_DIR: dir },
    cluster,
    dispose() {
      cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const REPORTS = 240;
const CONCURRENCY = 8;

describe.each([{ name: 'sqlite', make: sqliteTarget }, { name: 'postgres', make: postgresTarget }])('fault drills on $name', ({ make }) => {
  let target: Target;
  let env: Record<string, string>;
  let baseUrl: string;
  let token: string;
  let reviewer: string;
  let endpoint: EndpointProcess;

  beforeAll(async () => {
    target = await make();
    const port = await freePort();
    env = { ...target.env, FLAGPOST_PORT: String(port), FLAGPOST_RATE_PER_MINUTE: '1000000', FLAGPOST_RATE_BURST: '1000000' };
    baseUrl = `http://127.0.0.1:${port}`;
    const storage = await openStorage({ databaseUrl: env.DATABASE_URL, sqlitePath: join(target.env.FLAGPOST_DATA_DIR!, 'flagpost.sqlite') });
    token = (await createToken(storage, { name: 'drill', reviewer: false }, new Date())).secret;
    reviewer = (await createToken(storage, { name: 'drill-review', reviewer: true }, new Date())).secret;
    await storage.close();
    endpoint = await spawnEndpoint(env);
  });
  afterAll(async () => {
    endpoint?.child.kill('SIGKILL');
    await endpoint?.exited;
    target?.dispose();
  });

  const post = (report: ReturnType<typeof aReport>) =>
    fetch(`${baseUrl}/v1/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': report.id },
      body: JSON.stringify(report),
    });

  /** Polls (a bounded number of times) until the endpoint says its database is back. */
  async function untilReady(): Promise<void> {
    for (let i = 0; i < 300; i++) {
      const status = await fetch(`${baseUrl}/readyz`).then((r) => r.status, () => 0);
      if (status === 200) return;
      await sleep(100);
    }
    throw new Error('the endpoint never became ready again');
  }

  it.runIf(make === postgresTarget)('answers 503 with Retry-After while PostgreSQL is down, stays alive, and recovers by itself', async () => {
    await target.cluster!.halt();
    try {
      const refused = await post(aReport());
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await refused.json()).error.code).toBe('unavailable');
      expect((await fetch(`${baseUrl}/readyz`)).status).toBe(503);
      expect((await fetch(`${baseUrl}/v1`)).status).toBe(503);
      expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    } finally {
      await target.cluster!.resume();
    }
    await untilReady();
    expect((await post(aReport())).status).toBe(201);
    expect(endpoint.child.exitCode).toBeNull();
  });

  it.runIf(make === postgresTarget)('survives PostgreSQL restarting under a connection that a transaction holds', async () => {
    const errors: Error[] = [];
    const driver = openPostgres(env.DATABASE_URL!, { onError: (error) => errors.push(error) });
    try {
      // Between two statements the client is checked out and idle: the moment an unhandled
      // 'error' event used to end the process.
      const held = driver.transaction(async (tx) => {
        await tx.all('SELECT 1');
        await target.cluster!.restart();
        await tx.all('SELECT 1');
      });
      await expect(held).rejects.toThrow();
      expect(errors.some((e) => (e as { code?: string }).code === '57P01' || /terminat/i.test(e.message))).toBe(true);
      // The pool opens a new connection by itself.
      expect(await driver.all<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await driver.close();
    }
    await untilReady();
  });

  it('loses and duplicates no acknowledged report through a database restart and a SIGKILL of the endpoint', async () => {
    const reports = Array.from({ length: REPORTS }, (_, i) => aReport((r) => {
      r.target.url = `https://x.com/drill/status/${i}`;
      withPdq(r, randomPdq());
    }));
    const acknowledged = new Set<string>();
    const answers = new Map<number | string, number>();
    const count = (key: number | string) => answers.set(key, (answers.get(key) ?? 0) + 1);
    let unexpectedExits = 0;
    const watch = (p: EndpointProcess) => void p.exited.then(() => p === endpoint && !killing && unexpectedExits++);
    let killing = false;
    watch(endpoint);

    let next = 0;
    const worker = async () => {
      while (next < reports.length) {
        const report = reports[next++]!;
        for (let attempt = 0; ; attempt++) {
          if (attempt > 2000) throw new Error(`report ${report.id} was never acknowledged`);
          const status = await post(report).then((r) => r.status, () => 'refused');
          count(status);
          if (status === 200 || status === 201) {
            acknowledged.add(report.id);
            break;
          }
          if (status !== 503 && status !== 'refused') throw new Error(`unexpected answer ${status}`);
          await sleep(50);
        }
      }
    };

    const drills = (async () => {
      while (acknowledged.size < REPORTS / 3) await sleep(5);
      if (target.cluster) await target.cluster.restart();
      while (acknowledged.size < (2 * REPORTS) / 3) await sleep(5);
      killing = true;
      endpoint.child.kill('SIGKILL');
      await endpoint.exited;
      killing = false;
      endpoint = await spawnEndpoint(env);
      watch(endpoint);
    })();

    await Promise.all([...Array.from({ length: CONCURRENCY }, worker), drills]);
    expect(unexpectedExits).toBe(0);
    expect(acknowledged.size).toBe(REPORTS);
    // Connections refused while the endpoint was down are expected; nothing else but 2xx and 503.
    expect([...answers.keys()].every((k) => [200, 201, 503, 'refused'].includes(k))).toBe(true);
    // Grouped after the answers; an export waits for the grouping passes.
    const exported = await fetch(`${baseUrl}/v1/export`, { headers: { authorization: `Bearer ${reviewer}` } });
    expect(exported.status).toBe(200);
    // Read to its end: a download left half-read would hold the next test's shutdown.
    await exported.arrayBuffer();

    const storage = await openStorage({ databaseUrl: env.DATABASE_URL, sqlitePath: join(target.env.FLAGPOST_DATA_DIR!, 'flagpost.sqlite') });
    try {
      const stored = (await storage.listReports({ limit: 10_000 })).items.map((r) => r.id);
      const ids = new Set(reports.map((r) => r.id));
      const drilled = stored.filter((id) => ids.has(id));
      expect(drilled).toHaveLength(REPORTS);
      expect(new Set(drilled).size).toBe(REPORTS);
      // One medium each, grouped once: a retried insert made no second media row.
      const media = (await storage.pdqMedia()).filter((m) => m.groupId);
      expect(media.length).toBe(REPORTS);
      const hashes = await storage.hashesAfter(0, 100_000);
      expect(new Set(hashes.map((h) => `${h.algorithm}:${h.value}`)).size).toBe(hashes.length);
    } finally {
      await storage.close();
    }
  });

  it('on SIGTERM finishes the requests in flight, then exits 0', async () => {
    const inFlight = Array.from({ length: 16 }, () => aReport());
    const answers = inFlight.map((r) => post(r).then((a) => a.status, () => 'refused' as const));
    await sleep(20);
    endpoint.child.kill('SIGTERM');
    const code = await endpoint.exited;
    expect(code, endpoint.output()).toBe(0);
    const statuses = await Promise.all(answers);
    // Each request either finished (201) or was never taken (refused, or 503 while closing): never cut off half-way.
    expect(statuses.every((s) => s === 201 || s === 'refused' || s === 503)).toBe(true);
    const storage = await openStorage({ databaseUrl: env.DATABASE_URL, sqlitePath: join(target.env.FLAGPOST_DATA_DIR!, 'flagpost.sqlite') });
    try {
      for (const [i, s] of statuses.entries()) if (s === 201) expect(await storage.reportState(inFlight[i]!.id)).toBeDefined();
    } finally {
      await storage.close();
    }
  });
});
