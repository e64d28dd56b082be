import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeStatus } from '../src/core/status.ts';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { parseCsv } from './support/industry-formats.ts';
import { aReport, flipBits, randomPdq, withPdq } from './support/reports.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe.each(backends)('export and hash list on $name', (backend) => {
  let ep: TestEndpoint;
  const base = randomPdq();
  const near = flipBits(base, 31);
  const far = flipBits(base, 40, 100);
  let boundary = '';
  const url = (n: number) => `https://x.com/group${n}/status/${n}`;
  const exportAs = async (query: string) => ep.request(`/v1/export?${query}`, { token: ep.tokens.reviewer });

  beforeAll(async () => {
    ep = await startTestEndpoint(backend);
    // Two reports of one post, the second by another volunteer with other categories.
    const first = aReport((r) => {
      r.target.url = url(1);
      r.classification.entity = '=HYPERLINK("http://evil","x"), group';
      withPdq(r, base);
    });
    await ep.post(first);
    await sleep(20);
    boundary = new Date().toISOString();
    await sleep(20);
    await ep.post(aReport((r) => {
      r.target.url = url(1);
      r.classification.tco = ['threat'];
      r.classification.threatToLife = true;
      r.classification.entity = 'Group';
      r.target.author = { handle: '@=cmd|calc' };
      withPdq(r, base);
    }), { token: ep.tokens.bob });
    await ep.post(aReport((r) => ((r.target.url = url(2)), withPdq(r, near))));
    await ep.post(aReport((r) => (r.target.url = url(5))));
    await ep.post(aReport((r) => ((r.target.url = url(3)), withPdq(r, far))));
    await ep.post(aReport((r) => ((r.target.url = url(4)), withPdq(r, flipBits(base, 2), 30))));
    const telegram = aReport((r) => {
      r.target.url = 'https://t.me/channel/5';
      r.target.platform = 'telegram';
      r.target.author = { handle: '-channel' };
      r.media = [];
    });
    await ep.post(telegram);
    await changeStatus(ep.storage, { id: telegram.id, status: 'under_review', by: 'reviewer' }, () => new Date());
  });
  afterAll(() => ep.close());

  it('writes one row per reported URL, as UTF-8 CSV with a byte-order mark', async () => {
    const answer = await exportAs('format=csv');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.text.startsWith('\uFEFFurl,platform,')).toBe(true);
    const rows = parseCsv(answer.text.slice(1));
    // Rows come in URL (byte) order.
    expect(rows.map((r) => r.url)).toEqual(['https://t.me/channel/5', url(1), url(2), url(3), url(4), url(5)]);
    const post = rows[1]!;
    expect(post).toMatchObject({ reports: '2', categories: 'incitement;threat', threat_to_life: 'true', status: 'received', statuses: 'received:2', removal_status: 'pending' });
    expect(post.first_reported_at! < post.last_reported_at!).toBe(true);
    expect(post.hashes).toBe(`pdq:${base}`);
    expect(post.report_ids!.split(';')).toHaveLength(2);
  });

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    const rows = parseCsv((await exportAs('format=csv')).text.slice(1));
    expect(rows[1]!.author).toBe("'@=cmd|calc");
    expect(rows[1]!.entities).toBe(`'=HYPERLINK("http://evil","x"), group;Group`);
    expect(rows[0]!.author).toBe("'-channel");
    expect(rows[0]!.status).toBe('under_review');
  });

  it('groups media whose PDQ hashes are within 31 bits; low-quality hashes are not matched', async () => {
    const rows = parseCsv((await exportAs('format=csv')).text.slice(1));
    const group = (n: number) => rows.find((r) => r.url === url(n))!.media_groups;
    expect(group(1)).toMatch(/^g\d+$/);
    expect(group(2)).toBe(group(1));
    expect(group(3)).toMatch(/^g\d+$/);
    expect(group(3)).not.toBe(group(1));
    expect(group(4)).toBe('');
  });

  it('filters by time, platform, category and status; NDJSON has the same rows', async () => {
    const urls = async (query: string) => (await exportAs(`format=ndjson&${query}`)).text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).url);
    expect(await urls('platform=telegram')).toEqual(['https://t.me/channel/5']);
    expect(await urls('category=threat')).toEqual([url(1)]);
    expect(await urls('status=under_review')).toEqual(['https://t.me/channel/5']);
    expect(await urls(`until=${boundary}`)).toEqual([url(1)]);
    expect(await urls(`since=${boundary}`)).toEqual(['https://t.me/channel/5', url(1), url(2), url(3), url(4), url(5)]);
    const [row] = (await exportAs(`format=ndjson&since=${boundary}&category=threat`)).text.trim().split('\n').map((l) => JSON.parse(l));
    expect(row).toMatchObject({ url: url(1), reports: 1, categories: ['threat'], threat_to_life: true, entities: ['Group'], author: '@=cmd|calc' });
  });

  it('names a bad filter in a 400', async () => {
    const bad = await exportAs('format=xlsx&since=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('format');
    expect(bad.json.error.message).toContain('since');
    expect((await exportAs('colour=red')).json.error.message).toContain('colour');
  });

  it('lists hashes page by page; `next` resumes and an empty page means up to date', async () => {
    const seen: { algorithm: string; value: string }[] = [];
    let since = '0';
    for (let page = 0; page < 50; page++) {
      const answer = await ep.request(`/v1/hashes?since=${since}&limit=2`, { token: ep.tokens.alice });
      expect(answer.status).toBe(200);
      expect(answer.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...answer.json.items);
      if (!answer.json.items.length) {
        expect(answer.json.next).toBe(since);
        break;
      }
      since = answer.json.next;
    }
    expect(seen).toContainEqual({ algorithm: 'url_sha256', value: sha256(url(1)) });
    expect(seen).toContainEqual({ algorithm: 'pdq', value: base });
    expect(seen).toContainEqual({ algorithm: 'sha256', value: 'a'.repeat(64) });
    expect(seen).toContainEqual({ algorithm: 'url_sha256', value: sha256(url(5)) });
    expect(seen.filter((h) => h.value === flipBits(base, 2))).toEqual([]);
    expect(new Set(seen.map((h) => `${h.algorithm}:${h.value}`)).size).toBe(seen.length);
    const more = aReport((r) => (r.target.url = url(9)));
    await ep.post(more);
    const fresh = await ep.request(`/v1/hashes?since=${since}`, { token: ep.tokens.alice });
    expect(fresh.json.items).toEqual([{ algorithm: 'url_sha256', value: sha256(url(9)) }]);
    const bad = await ep.request('/v1/hashes?since=abc', { token: ep.tokens.alice });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('since');
  });

  // Last in this suite: it adds a URL that the tests above do not expect.
  it('neutralises every item of a list cell and quotes cells holding `;` (semicolon-separated spreadsheets)', async () => {
    const since = new Date().toISOString();
    await sleep(20);
    const entities = ['ok', '=HYPERLINK("http://evil","x")', 'a;@SUM(A1)', '-2+3'];
    for (const entity of entities) {
      await ep.post(aReport((r) => ((r.target.url = url(7)), (r.classification.entity = entity))));
      await sleep(5);
    }
    const csv = (await exportAs(`format=csv&since=${since}`)).text.slice(1);
    const [row, ...others] = parseCsv(csv);
    expect(others).toEqual([]);
    expect(row!.url).toBe(url(7));
    expect(row!.entities).toBe(`ok;'=HYPERLINK("http://evil","x");a;'@SUM(A1);'-2+3`);
    // What a spreadsheet set to a `;` list separator sees: no piece of any list starts a formula.
    for (const value of Object.values(row!)) for (const piece of value.split(';')) expect(piece).not.toMatch(/^[=+\-@\t\r]/);
    // Every cell with a `;` is quoted, so such a spreadsheet keeps it one cell.
    const line = csv.split('\r\n')[1]!;
    expect(line).toContain(`,"ok;'=HYPERLINK(""http://evil"",""x"");a;'@SUM(A1);'-2+3",`);
    expect(line).toContain(`,"${row!.report_ids}"`);
    expect(row!.report_ids!.split(';')).toHaveLength(4);
    // NDJSON keeps the values as they were reported.
    const [json] = (await exportAs(`format=ndjson&since=${since}`)).text.trim().split('\n').map((l) => JSON.parse(l));
    expect(json.entities).toEqual(entities);
  });
});
