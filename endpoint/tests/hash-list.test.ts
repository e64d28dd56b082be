import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashListEntries } from '../src/core/intake.ts';
import { openPostgres } from '../src/storage/postgres.ts';
import { migrate } from '../src/storage/schema.ts';
import { openSqlite } from '../src/storage/sqlite.ts';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { aReport } from './support/reports.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const withSha = (...values: string[]) => (r: ReturnType<typeof aReport>) => {
  r.target.url = `https://x.com/list/status/${values.join('')}`;
  r.media = values.map((v, i) => ({ ref: `m${i + 1}`, kind: 'image' as const, sourceUrl: `https://pbs.twimg.com/media/${v}`, hashes: [{ algorithm: 'sha256' as const, value: v.repeat(64).slice(0, 64) }] }));
};
const hex = (c: string) => c.repeat(64).slice(0, 64);

describe.each(backends)('hash list deletions and quotas on $name', (backend) => {
  let ep: TestEndpoint;
  beforeAll(async () => {
    ep = await startTestEndpoint(backend, { FLAGPOST_HASH_QUOTA_PER_DAY: '12' });
  });
  afterAll(() => ep.close());

  const sync = async (since: string, deletions: boolean) => {
    const answer = await ep.request(`/v1/hashes?since=${since}&limit=5000${deletions ? '&deletions=1' : ''}`, { token: ep.tokens.bob });
    expect(answer.status).toBe(200);
    return answer.json as { items: { algorithm: string; value: string; deleted?: true }[]; next: string };
  };
  const listed = (items: { algorithm: string; value: string; deleted?: true }[]) => items.filter((i) => !i.deleted).map((i) => i.value);

  it('lists an entry as deleted once every report that had it is withdrawn or rejected, and again if reported again', async () => {
    const a = aReport(withSha('a', 'c'));
    const b = aReport(withSha('b', 'c'));
    expect((await ep.post(a, { token: ep.tokens.alice })).status).toBe(201);
    expect((await ep.post(b, { token: ep.tokens.bob })).status).toBe(201);
    const start = await sync('0', true);
    expect(listed(start.items)).toEqual(expect.arrayContaining([hex('a'), hex('b'), hex('c'), sha256(a.target.url)]));

    // Alice takes hers back: what only she reported goes; what Bob reported too stays.
    expect((await ep.request(`/v1/reports/${a.id}/withdraw`, { method: 'POST', token: ep.tokens.alice })).status).toBe(200);
    const afterWithdraw = await sync(start.next, true);
    expect(afterWithdraw.items).toEqual(expect.arrayContaining([
      { algorithm: 'sha256', value: hex('a'), deleted: true },
      { algorithm: 'url_sha256', value: sha256(a.target.url), deleted: true },
    ]));
    expect(afterWithdraw.items.map((i) => i.value)).not.toContain(hex('c'));
    // A client that does not know deletions is never told to add a deleted entry.
    const old = await sync('0', false);
    expect(old.items.every((i) => !('deleted' in i))).toBe(true);
    expect(old.items.map((i) => i.value)).not.toContain(hex('a'));
    expect(old.items.map((i) => i.value)).toContain(hex('c'));

    // A reviewer rejects Bob's: now nobody vouches for c.
    const rejected = await ep.request(`/review/reports/${b.id}/status`, {
      method: 'POST', token: ep.tokens.reviewer, body: 'status=rejected', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(rejected.status).toBe(303);
    const afterReject = await sync(afterWithdraw.next, true);
    expect(afterReject.items).toEqual(expect.arrayContaining([{ algorithm: 'sha256', value: hex('c'), deleted: true }]));

    // Reported again: listed again, after the deletion.
    await ep.post(aReport(withSha('a')), { token: ep.tokens.bob });
    const again = await sync(afterReject.next, true);
    expect(again.items).toContainEqual({ algorithm: 'sha256', value: hex('a') });
  });

  it('gives the entries of a database from before sources were kept their sources, once', async () => {
    const old = aReport(withSha('9'));
    expect((await ep.post(old, { token: ep.tokens.reviewer })).status).toBe(201);
    expect((await sync('0', true)).items).toContainEqual({ algorithm: 'sha256', value: hex('9') });
    // As an older version left it: the entry listed, no source, no backfill done.
    const driver = ep.env.DATABASE_URL ? openPostgres(ep.env.DATABASE_URL) : openSqlite(ep.env.FLAGPOST_SQLITE_PATH!);
    try {
      await driver.run('DELETE FROM hash_sources WHERE report_id = ?', [old.id]);
      await driver.run('DELETE FROM meta');
    } finally {
      await driver.close();
    }
    expect(await ep.storage.backfillHashSources((report) => hashListEntries(report))).toBeGreaterThan(0);
    expect(await ep.storage.backfillHashSources((report) => hashListEntries(report))).toBe(0);
    const before = await sync('0', true);
    await ep.request(`/v1/reports/${old.id}/withdraw`, { method: 'POST', token: ep.tokens.reviewer });
    expect((await sync(before.next, true)).items).toContainEqual({ algorithm: 'sha256', value: hex('9'), deleted: true });
  });

  it('drops the sources\' index by report that older versions made (a retraction names its entries itself)', async () => {
    const driver = ep.env.DATABASE_URL ? openPostgres(ep.env.DATABASE_URL) : openSqlite(ep.env.FLAGPOST_SQLITE_PATH!);
    const indexes = async () => (driver.dialect === 'postgres'
      ? await driver.all<{ name: string }>("SELECT indexname AS name FROM pg_indexes WHERE tablename = 'hash_sources'", [])
      : await driver.all<{ name: string }>("SELECT name FROM pragma_index_list('hash_sources')", [])).map((i) => i.name);
    try {
      await driver.exec('CREATE INDEX IF NOT EXISTS hash_sources_by_report ON hash_sources (report_id)');
      expect(await indexes()).toContain('hash_sources_by_report');
      await migrate(driver);
      expect(await indexes()).not.toContain('hash_sources_by_report');
    } finally {
      await driver.close();
    }
  });

  it('lists at most the daily quota of entries per token; the reports themselves are all kept', async () => {
    const before = await sync('0', true);
    // Alice has used 3 of her 12 entries (a, c, her URL). Each of these reports asks for 3 more.
    const mine = ['d', 'e', 'f', '0'].map((c, i) => aReport(withSha(c, String(i + 1))));
    for (const r of mine) expect((await ep.post(r, { token: ep.tokens.alice })).status).toBe(201);
    const after = await sync(before.next, true);
    const added = listed(after.items);
    expect(added).toHaveLength(9);
    expect(added).not.toContain(hex('4'));
    for (const r of mine) expect(await ep.storage.reportState(r.id)).toBeDefined();
    // Another token has its own quota.
    await ep.post(aReport(withSha('5')), { token: ep.tokens.reviewer });
    expect(listed((await sync(after.next, true)).items)).toContain(hex('5'));
  });
});
