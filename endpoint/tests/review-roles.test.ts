import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStorage } from '../src/storage/open.ts';
import { openPostgres } from '../src/storage/postgres.ts';
import { openSqlite } from '../src/storage/sqlite.ts';
import { backends } from './support/backends.ts';
import { startTestEndpoint } from './support/endpoint.ts';
import { aReport } from './support/reports.ts';
import { reviewerCookie } from './support/review.ts';

const CLI = join(import.meta.dirname, '..', 'bin', 'cli.mjs');
/** Each CLI run is a new Node process compiling TypeScript: seconds on a busy machine. */
const SLOW = 180_000;

describe.each(backends)('reviewer roles and queue paging on $name', (backend) => {
  it('gives tokens from before roles theirs (reviewer stays reviewer), and the CLI makes an admin', async () => {
    const db = await backend.create();
    await db.storage.close();
    // A database as an older endpoint left it: no role column.
    const raw = db.env.DATABASE_URL ? openPostgres(db.env.DATABASE_URL) : openSqlite(db.env.FLAGPOST_SQLITE_PATH!);
    await raw.exec('ALTER TABLE tokens DROP COLUMN role');
    for (const [id, reviewer] of [['tok_old_reviewer', 1], ['tok_old_reporter', 0]] as const) {
      await raw.run('INSERT INTO tokens (id, name, secret_sha256, reviewer, created_at) VALUES (?, ?, ?, ?, ?)',
        [id, id, randomBytes(32).toString('hex'), reviewer, new Date().toISOString()]);
    }
    await raw.close();
    const storage = await openStorage({ databaseUrl: db.env.DATABASE_URL, sqlitePath: db.env.FLAGPOST_SQLITE_PATH ?? '' });
    try {
      expect((await storage.tokenById('tok_old_reviewer'))).toMatchObject({ role: 'reviewer', reviewer: true });
      expect((await storage.tokenById('tok_old_reporter'))).toMatchObject({ role: 'reporter', reviewer: false });
    } finally {
      await storage.close();
    }
    const cli = (...args: string[]) => new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...db.env } }, (error, stdout) => resolve({ code: error ? 1 : 0, stdout }));
    });
    const created = await cli('token', 'create', '--name', 'ada', '--admin');
    expect(created.stdout).toMatch(/created admin token tok_[0-9a-f]+ for ada/);
    expect((await cli('token', 'list')).stdout).toMatch(/ada\s+admin/);
    expect((await cli('token', 'create', '--name', 'x', '--admin', '--reviewer')).code).not.toBe(0);
    await db.dispose();
  }, SLOW);

  it('pages through the queue by keyset in either order, forwards and back', async () => {
    const ep = await startTestEndpoint(backend);
    try {
      const tag = randomBytes(4).toString('hex');
      for (let i = 0; i < 53; i++) {
        expect((await ep.post(aReport((r) => {
          r.target.text = `paged ${tag}`;
          r.classification.threatToLife = i % 10 === 0;
        }))).status).toBe(201);
      }
      const cookie = await reviewerCookie(ep);
      const ids = (html: string) => [...html.matchAll(/<tr[^>]*data-report-id="([^"]+)"/g)].map((m) => m[1]);
      const link = (html: string, rel: string) => new RegExp(`href="([^"]+)" rel="${rel}"`).exec(html)?.[1]?.replace(/&amp;/g, '&');
      for (const sort of ['urgent', 'newest']) {
        const first = (await ep.request(`/review?q=${tag}&sort=${sort}`, { headers: { cookie } })).text;
        const next = link(first, 'next')!;
        const second = (await ep.request(next, { headers: { cookie } })).text;
        expect(link(second, 'next')).toBeUndefined();
        const all = [...ids(first), ...ids(second)];
        expect(new Set(all).size).toBe(53);
        // Threat to life first (6 of them), whichever the order.
        expect(all.slice(0, 6).every((id) => first.includes(`class="urgent" data-report-id="${id}"`))).toBe(true);
        const back = (await ep.request(link(second, 'prev')!, { headers: { cookie } })).text;
        expect(ids(back)).toEqual(ids(first));
      }
    } finally {
      await ep.close();
    }
  }, SLOW);
});
