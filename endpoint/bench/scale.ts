import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createToken } from '../src/core/tokens.ts';
import { openStorage } from '../src/storage/open.ts';
import { seedReports } from '../tests/support/seed.ts';
import { loadIngest, startServers, type IngestResult, type Target } from './ingest.ts';

export interface ScaleResult {
  reports: number;
  seedSeconds: number;
  /** From spawning the endpoint to its first answer, on the seeded database. */
  startSeconds: number;
  ingest: IngestResult;
  sync: { entries: number; pages: number; seconds: number };
  export: { rows: number; bytes: number; seconds: number };
  /** Intake while the export ran. */
  intakeDuringExport: IngestResult;
  /** Reading every PDQ hash from the database, as the media groups do at start. */
  pdqLoad: { hashes: number; seconds: number };
}

/** GET a path, reading the body as it streams; `onChunk` sees each piece. */
function get(target: Target, path: string, onChunk: (chunk: Buffer) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = target.urls[0]!;
    request(url, { path, headers: { authorization: `Bearer ${target.token}` } }, (res) => {
      res.on('data', onChunk);
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', reject);
    }).once('error', reject).end();
  });
}

/**
 * The endpoint at scale: `reports` seeded reports (tests/support/seed.ts: 4 hash-list entries
 * each), then one endpoint process on them: ingest at 32 in flight; a client's full `/v1/hashes`
 * sync from zero (5,000 a page); a CSV export of everything while 4 clients keep reporting (their
 * latency is the intake's during the export); and reading every PDQ hash from the database.
 * `keepDir`: the SQLite file lives there and is kept, as is the PostgreSQL database, so that a
 * later run seeds nothing (seeding 1,000,000 takes longer than everything measured after it).
 */
export async function benchScale(options: { reports: number; seconds: number; databaseUrl?: string; keepDir?: string }): Promise<ScaleResult> {
  const dataDir = options.keepDir ?? mkdtempSync(join(tmpdir(), 'flagpost-scale-'));
  const sqlitePath = join(dataDir, 'flagpost.sqlite');
  try {
    const storage = await openStorage({ databaseUrl: options.databaseUrl, sqlitePath });
    // A kept database (keepDir) already holds the reports of earlier runs: only the missing ones are seeded.
    const held = (await storage.listReports({ limit: 1 })).total;
    const { record, secret } = await createToken(storage, { name: `bench-${Date.now()}`, reviewer: true }, new Date());
    await storage.close();
    const missing = Math.max(0, options.reports - held);
    const seedSeconds = missing ? await seedReports({ databaseUrl: options.databaseUrl, sqlitePath, tokenId: record.id, count: missing }) : 0;

    const started = performance.now();
    const target = await startServers({ dataDir, databaseUrl: options.databaseUrl, token: secret });
    const startSeconds = (performance.now() - started) / 1000;
    try {
      const ingest = await loadIngest(target, { count: 1e9, seconds: options.seconds, concurrency: 32 });

      let since = '0';
      let entries = 0;
      let pages = 0;
      const syncStart = performance.now();
      for (;;) {
        const chunks: Buffer[] = [];
        await get(target, `/v1/hashes?since=${since}&limit=5000`, (c) => chunks.push(c));
        const page = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { items: unknown[]; next: string };
        pages++;
        if (!page.items.length) break;
        entries += page.items.length;
        since = page.next;
      }
      const sync = { entries, pages, seconds: (performance.now() - syncStart) / 1000 };

      let rows = 0;
      let bytes = 0;
      let done = false;
      const exportStart = performance.now();
      const exported = get(target, '/v1/export?format=csv', (chunk) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) rows++;
      }).finally(() => (done = true));
      const [, intakeDuringExport] = await Promise.all([
        exported,
        loadIngest(target, { count: 1e9, seconds: 3600, concurrency: 4, until: () => done, warmUp: 0 }),
      ]);
      const exportSeconds = (performance.now() - exportStart) / 1000;

      const reader = await openStorage({ databaseUrl: options.databaseUrl, sqlitePath });
      const loadStart = performance.now();
      const hashes = (await reader.pdqMedia()).length;
      const pdqLoad = { hashes, seconds: (performance.now() - loadStart) / 1000 };
      await reader.close();
      return {
        reports: held + missing, seedSeconds, startSeconds, ingest, sync,
        export: { rows: rows - 1, bytes, seconds: exportSeconds }, intakeDuringExport, pdqLoad,
      };
    } finally {
      await target.stop();
    }
  } finally {
    if (!options.keepDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
