import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/core/tokens.ts';
import { backends, type Database } from './support/backends.ts';
import { freePort, spawnEndpoint, type EndpointProcess } from './support/endpoint-process.ts';
import { aReport, flipBits, randomPdq, withPdq } from './support/reports.ts';

/**
 * Three `npm start` processes on one PostgreSQL database, as behind a reverse proxy: whichever
 * process a request reaches, the rate limit, the reviewer's session, the media groups and the
 * removal check are the cluster's, not the process's.
 */
const postgres = backends.find((b) => b.name === 'postgres')!;
const PROCESSES = 3;
const BURST = 5;
const URLS = 8;

describe('three processes on one PostgreSQL database', () => {
  let db: Database;
  let processes: (EndpointProcess & { baseUrl: string })[];
  let reporter: string;
  let reviewer: string;
  // A host the removal check may fetch (FLAGPOST_CHECK_HOSTS) where nothing listens on 443: each
  // check is refused at once, and the pacing (300 a minute) makes a round last about 1.6 s, longer
  // than the 1 s between rounds, so uncoordinated processes would check the same URLs together.
  const url = (n: number) => `https://127.0.0.1/cluster/${n}`;

  beforeAll(async () => {
    db = await postgres.create();
    reporter = (await createToken(db.storage, { name: 'reporter', reviewer: false }, new Date())).secret;
    reviewer = (await createToken(db.storage, { name: 'reviewer', reviewer: true }, new Date())).secret;
    // Reports to check before the processes start, so their first rounds all find them due at once.
    const check = await spawnOne({ FLAGPOST_RATE_BURST: '1000' });
    for (let n = 0; n < URLS; n++) {
      const report = aReport((r) => ((r.target.platform = 'other'), (r.target.url = url(n))));
      expect((await post(check.baseUrl, report, reviewer)).status).toBe(201);
    }
    check.child.kill('SIGTERM');
    await check.exited;
    processes = await Promise.all(Array.from({ length: PROCESSES }, () => spawnOne({
      FLAGPOST_REMOVAL_CHECK: 'on', FLAGPOST_REMOVAL_ROUND_SECONDS: '1', FLAGPOST_REMOVAL_PER_MINUTE: '300', FLAGPOST_CHECK_HOSTS: '127.0.0.1',
    })));
  }, 60_000);

  afterAll(async () => {
    for (const p of processes ?? []) p.child.kill('SIGTERM');
    await Promise.all((processes ?? []).map((p) => p.exited));
    await db?.dispose();
  });

  async function spawnOne(env: Record<string, string> = {}) {
    const port = await freePort();
    const child = await spawnEndpoint({
      ...db.env, FLAGPOST_PORT: String(port), FLAGPOST_RATE_BURST: String(BURST), FLAGPOST_RATE_PER_MINUTE: '1', ...env,
    });
    return { ...child, baseUrl: `http://127.0.0.1:${port}` };
  }

  const post = (base: string, report: object, token = reporter) =>
    fetch(`${base}/v1/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': (report as { id: string }).id },
      body: JSON.stringify(report),
    });

  it('counts one rate limit for a token, whichever process it reaches', async () => {
    const answers: number[] = [];
    for (let i = 0; i < BURST + PROCESSES; i++) {
      const response = await fetch(`${processes[i % PROCESSES]!.baseUrl}/v1/hashes`, { headers: { authorization: `Bearer ${reporter}` } });
      answers.push(response.status);
    }
    expect(answers.slice(0, BURST)).toEqual(Array(BURST).fill(200));
    expect(answers.slice(BURST)).toEqual(Array(PROCESSES).fill(429));
  });

  it('keeps a reviewer logged in on every process', async () => {
    const login = await fetch(`${processes[0]!.baseUrl}/review/login`, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(reviewer)}`,
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    for (const p of processes) {
      const list = await fetch(`${p.baseUrl}/review`, { headers: { cookie }, redirect: 'manual' });
      expect(list.status).toBe(200);
    }
  });

  it('puts near-duplicates posted to different processes at the same moment in one group', async () => {
    const pdq = randomPdq();
    const near = processes.map((_, i) => flipBits(pdq, 4 * i, i));
    const reports = near.map((hex) => aReport((r) => withPdq(r, hex)));
    const answers = await Promise.all(reports.map((r, i) => post(processes[i]!.baseUrl, r, reviewer)));
    expect(answers.map((a) => a.status)).toEqual(Array(PROCESSES).fill(201));
    // Grouped after the answers; an export waits for the grouping pass.
    expect((await fetch(`${processes[0]!.baseUrl}/v1/export`, { headers: { authorization: `Bearer ${reviewer}` } })).status).toBe(200);
    const posted = new Set(near);
    const groups = new Set((await db.storage.pdqMedia()).filter((m) => posted.has(m.pdq)).map((m) => m.groupId));
    expect(groups.size).toBe(1);
    expect([...groups][0]).toMatch(/^g\d+$/);
  });

  it('runs the removal check once for the cluster: each due URL is checked once', async () => {
    const checks = async () => Promise.all(Array.from({ length: URLS }, (_, n) => db.storage.urlCheck(url(n))));
    await expect.poll(async () => (await checks()).every((c) => c && c.checks >= 1), { timeout: 30_000, interval: 250 }).toBe(true);
    // A few more rounds: none checks a URL again before its interval (an inconclusive answer: 1.5 h).
    const rounds = async () => Number((await db.storage.urlCheck(url(0)))?.checks);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await rounds()).toBe(1);
    expect((await checks()).map((c) => c!.checks)).toEqual(Array(URLS).fill(1));
  });
});
