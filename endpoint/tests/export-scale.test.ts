import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { aReport } from './support/reports.ts';
import { seedReports } from './support/seed.ts';

const REPORTS = 200_000;
/** Reports posted one after another, by each of these clients, for as long as the export runs. */
const CLIENTS = 2;

/**
 * The large export: 200,000 reports exported as CSV over HTTP while volunteers keep
 * reporting. Asserted: the export holds every report, intake keeps answering while it runs (not
 * only after it), and every report answered is stored. The latencies are printed, never asserted.
 */
describe.each(backends)('an export of 200,000 reports on $name', (backend) => {
  let ep: TestEndpoint;

  beforeAll(async () => {
    ep = await startTestEndpoint(backend);
    const alice = (await ep.storage.listTokens()).find((t) => t.name === 'alice')!;
    await seedReports({ databaseUrl: ep.env.DATABASE_URL, sqlitePath: ep.env.FLAGPOST_SQLITE_PATH, tokenId: alice.id, count: REPORTS });
  }, 600_000);

  afterAll(async () => {
    await ep?.close();
  });

  it('streams every report while intake keeps answering, and loses none of them', async () => {
    let lines = 0;
    let exportDone = false;
    const started = performance.now();
    const exported = (async () => {
      const response = await fetch(`${ep.baseUrl}/v1/export?format=csv`, { headers: { authorization: `Bearer ${ep.tokens.reviewer}` } });
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) for (const byte of read.value) if (byte === 10) lines++;
      exportDone = true;
      return (performance.now() - started) / 1000;
    })();

    const answered: { id: string; status: number; ms: number; duringExport: boolean }[] = [];
    const client = async () => {
      while (!exportDone) {
        const report = aReport();
        const t0 = performance.now();
        const answer = await ep.post(report);
        answered.push({ id: report.id, status: answer.status, ms: performance.now() - t0, duringExport: !exportDone });
      }
    };
    const [seconds] = await Promise.all([exported, ...Array.from({ length: CLIENTS }, client)]);

    // The header, then one row per URL: every seeded report has its own, and the posted ones share the fixture's.
    expect(lines).toBeGreaterThanOrEqual(REPORTS + 1);
    expect(lines).toBeLessThanOrEqual(REPORTS + 2);
    expect(answered.every((a) => a.status === 201)).toBe(true);
    expect(answered.filter((a) => a.duringExport).length).toBeGreaterThanOrEqual(5);
    for (const { id } of answered) expect((await ep.storage.reportState(id))?.status).toBe('received');

    const ms = answered.map((a) => a.ms).sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(1);
    console.log(`${backend.name}: ${REPORTS.toLocaleString('en')} reports exported in ${seconds.toFixed(1)} s; ` +
      `${answered.length} reports posted meanwhile by ${CLIENTS} clients, latency p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`);
  }, 600_000);
});
