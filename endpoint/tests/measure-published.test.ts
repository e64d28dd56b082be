/**
 * The published figures' rules that review 5 found broken (measure/*, storage/measures.ts,
 * routes/measure.ts): what the public page leaves out or hides, what the Art. 22 report counts,
 * and where SQLite and PostgreSQL must agree. Each year here is the test's own.
 */
import { randomUUID } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { EndpointStatus } from '../src/shared.ts';
import type { Driver } from '../src/storage/driver.ts';
import { insertReports } from '../src/storage/insert-reports.ts';
import { measureStore } from '../src/storage/measures.ts';
import { openPostgres } from '../src/storage/postgres.ts';
import { openSqlite } from '../src/storage/sqlite.ts';
import { art22Pdf } from '../src/measure/pdf.ts';
import { SMALL_CELL_K } from '../src/measure/suppress.ts';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { aReport } from './support/reports.ts';

/** The rows of the table `testId`: data-key → the numbers in its data-value cells, in order. */
function tableValues(page: string, testId: string): Map<string, number[]> {
  const table = new RegExp(`<table[^>]*data-testid="${testId}"[^>]*>([\\s\\S]*?)</table>`).exec(page);
  expect(table, testId).toBeTruthy();
  const rows = new Map<string, number[]>();
  for (const [, key, cells] of table![1]!.matchAll(/<tr data-key="([^"]*)">([\s\S]*?)<\/tr>/g)) {
    rows.set(key!, [...cells!.matchAll(/data-value="([^"]*)"/g)].map((m) => Number(m[1])));
  }
  return rows;
}

interface Seed {
  platform: string;
  receivedAt: string;
  status?: EndpointStatus;
  state?: 'removed' | 'online';
  removedAt?: string;
}

const times = (n: number, seed: Seed): Seed[] => Array.from({ length: n }, () => seed);

async function seed(db: Driver, tokenId: string, seeds: Seed[]): Promise<string[]> {
  const rows = seeds.map((s, i) => {
    const report = aReport((r) => {
      r.id = randomUUID();
      r.target.url = `https://published.example/${s.platform}/${i}/${randomUUID()}`;
      r.target.platform = s.platform as never;
      r.classification.tco = ['incitement'];
      r.classification.threatToLife = false;
      r.media = [];
    });
    return { seed: s, row: { report, tokenId, bodySha256: '0'.repeat(64), receivedAt: s.receivedAt, hashes: [], groupableRefs: new Set<string>() } };
  });
  await insertReports(db, rows.map((r) => r.row) as never);
  for (const { seed: s, row } of rows) {
    if (s.status) await db.run('UPDATE reports SET status = ? WHERE id = ?', [s.status, row.report.id]);
    if (s.state) {
      await db.run('UPDATE url_checks SET state = ?, checks = 1, removed_at = ? WHERE url = ?',
        [s.state, s.state === 'removed' ? (s.removedAt ?? s.receivedAt) : null, row.report.target.url]);
    }
  }
  return rows.map((r) => r.row.report.id);
}

describe('the Art. 22 PDF', () => {
  test('in French, 9,804 notices print as "9 804" (a no-break space the font has), not "9 /804"', async () => {
    const report = { year: 2025, total: 9804, threatToLife: 1234, byPlatform: [['x', 5000]] as [string, number][], byCategory: [], byStatus: [['forwarded', 9804]] as [string, number][], byRemoval: [], platformByStatus: [{ platform: 'x', counts: [9804] }] };
    const pdf = await art22Pdf(report, 'fr', 'Flagpost');
    const shown = [...pdf.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)]
      .map((m) => { try { return inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1'); } catch { return ''; } })
      .join('')
      .replace(/>\s*-?\d+(?:\.\d+)?\s*</g, '')
      .replace(/<([0-9a-f]+)>/gi, (_, hex: string) => Buffer.from(hex, 'hex').toString('latin1'));
    expect(shown).not.toMatch(/\d \/\d/);
    expect(shown).toContain('9\u00a0804');
    expect(shown).toContain('1\u00a0234');
  });
});

describe.each(backends)('published figures\' rules on $name', (backend) => {
  let ep: TestEndpoint;
  let db: Driver;
  let tokenId = '';

  beforeAll(async () => {
    ep = await startTestEndpoint(backend, { FLAGPOST_TRANSPARENCY: 'on' });
    db = ep.env.DATABASE_URL ? openPostgres(ep.env.DATABASE_URL) : openSqlite(ep.env.FLAGPOST_SQLITE_PATH!);
    tokenId = (await ep.storage.listTokens()).find((t) => t.name === 'alice')!.id;
  }, 60_000);

  afterAll(async () => {
    await db?.close();
    await ep?.close();
  });

  test('withdrawn and rejected reports are no terrorist-content reports on the public page, nor lower its removal share', async () => {
    // 2032 on tiktok: five forwarded and removed; one rejected by the unit (not TCO), one withdrawn by its reporter.
    await seed(db, tokenId, [
      ...times(5, { platform: 'tiktok', receivedAt: '2032-02-01T10:00:00.000Z', status: 'forwarded', state: 'removed', removedAt: '2032-02-02T10:00:00.000Z' }),
      { platform: 'tiktok', receivedAt: '2032-02-03T10:00:00.000Z', status: 'rejected', state: 'online' },
      { platform: 'tiktok', receivedAt: '2032-02-04T10:00:00.000Z', status: 'withdrawn', state: 'online' },
    ]);
    for (const lang of ['en', 'fr', 'ar']) {
      const page = (await ep.request(`/transparency?year=2032&lang=${lang}`)).text;
      expect(tableValues(page, 'table-tr-removed-platform').get('tiktok'), lang).toEqual([5, 5, 1]);
      expect(tableValues(page, 'table-tr-removed-category').get('incitement')![0], lang).toBe(5);
      expect(tableValues(page, 'table-transparency-total').get(''), lang).toEqual([5]);
    }
    expect((await ep.request('/transparency?year=2032&lang=en')).text).toContain('withdrawn by their reporter or rejected by the unit are left out');
    const dashboard = (await ep.request('/review/dashboard?year=2032', { token: ep.tokens.reviewer })).text;
    expect(tableValues(dashboard, 'table-removed-platform').get('tiktok')).toEqual([5, 5, 1]);
  });

  test('the public page hides a platform of fewer than k reports, and enough others that the total does not give it back', async () => {
    expect(SMALL_CELL_K).toBe(5);
    // 2031: 40 reports on youtube, 6 on vimeo, 3 on reddit and exactly one on telegram, which was removed.
    await seed(db, tokenId, [
      ...times(40, { platform: 'youtube', receivedAt: '2031-03-01T10:00:00.000Z', status: 'forwarded', state: 'online' }),
      ...times(6, { platform: 'vimeo', receivedAt: '2031-03-02T10:00:00.000Z', status: 'forwarded', state: 'online' }),
      { platform: 'telegram', receivedAt: '2031-05-05T10:00:00.000Z', status: 'forwarded', state: 'removed', removedAt: '2031-05-06T10:00:00.000Z' },
    ]);
    let page = (await ep.request('/transparency?year=2031&lang=en')).text;
    let platforms = tableValues(page, 'table-tr-removed-platform');
    // telegram (1) is hidden, and vimeo with it (the next smallest): the total minus youtube gives 7, no single row.
    expect(platforms.get('telegram')).toEqual([]);
    expect(platforms.get('vimeo')).toEqual([]);
    expect(platforms.get('youtube')).toEqual([40, 0, 0]);
    expect(tableValues(page, 'table-transparency-total').get('')).toEqual([47]);
    expect(page).toMatch(/<tr data-key="telegram"><th scope="row">telegram<\/th>(<td class="num">hidden<\/td>){3}<\/tr>/);
    expect(page).toContain('fewer than 5 reports is hidden');
    // Its bar is not drawn either.
    expect(/data-testid="chart-tr-removed-platform"[\s\S]*?<\/svg>/.exec(page)![0]).not.toMatch(/>telegram<\/text><rect/);
    // A category of 47 is published; the others have none (0 is no small cell).
    expect(tableValues(page, 'table-tr-removed-category').get('incitement')).toEqual([47, 1, 1 / 47]);
    // The reviewers' dashboard keeps the exact figures.
    const dashboard = (await ep.request('/review/dashboard?year=2031', { token: ep.tokens.reviewer })).text;
    expect(tableValues(dashboard, 'table-removed-platform').get('telegram')).toEqual([1, 1, 1]);

    // Two small rows that together hold fewer than k (another year: the page keeps a year's figures 5 minutes):
    // the next smallest (vimeo, 6) is hidden with them.
    await seed(db, tokenId, [
      ...times(40, { platform: 'youtube', receivedAt: '2036-03-01T10:00:00.000Z', status: 'forwarded', state: 'online' }),
      ...times(6, { platform: 'vimeo', receivedAt: '2036-03-02T10:00:00.000Z', status: 'forwarded', state: 'online' }),
      { platform: 'telegram', receivedAt: '2036-05-05T10:00:00.000Z', status: 'forwarded', state: 'removed' },
      { platform: 'reddit', receivedAt: '2036-05-06T10:00:00.000Z', status: 'forwarded', state: 'online' },
    ]);
    page = (await ep.request('/transparency?year=2036')).text;
    platforms = tableValues(page, 'table-tr-removed-platform');
    expect([...platforms].filter(([, v]) => v.length).map(([k]) => k)).toEqual(['youtube']);
  });

  test('the public page hides a year of fewer than k reports whole, totals included', async () => {
    await seed(db, tokenId, [{ platform: 'telegram', receivedAt: '2037-05-05T10:00:00.000Z', status: 'forwarded', state: 'removed' }]);
    const page = (await ep.request('/transparency?year=2037&lang=fr')).text;
    expect(tableValues(page, 'table-transparency-total').get('')).toEqual([]);
    expect(tableValues(page, 'table-tr-removed-platform').get('telegram')).toEqual([]);
    expect(tableValues(page, 'table-tr-removed-category').get('incitement')).toEqual([]);
    expect(page).toContain('masqué');
  });

  test('the Art. 22 report counts the notices submitted: reports forwarded, in the year of their first forwarding', async () => {
    const forward = (id: string, at: string) => db.run(
      "INSERT INTO forwardings (report_id, at, channel, destination, by_name) VALUES (?, ?, 'notice', 'https://provider.example/notice', 'rita')", [id, at]);
    // 2035 on facebook: one forwarded (twice: still one notice); one forwarded, then withdrawn by its reporter;
    // one still received, one under review, one withdrawn before anything was sent; one received in 2034 and forwarded
    // in 2035; one received in 2035 and forwarded in 2036.
    const [sent, sentThenWithdrawn, , , , late, early] = await seed(db, tokenId, [
      { platform: 'facebook', receivedAt: '2035-06-01T10:00:00.000Z', status: 'forwarded' },
      { platform: 'facebook', receivedAt: '2035-06-01T11:00:00.000Z', status: 'withdrawn' },
      { platform: 'facebook', receivedAt: '2035-06-02T10:00:00.000Z' },
      { platform: 'facebook', receivedAt: '2035-06-03T10:00:00.000Z', status: 'under_review' },
      { platform: 'facebook', receivedAt: '2035-06-04T10:00:00.000Z', status: 'withdrawn' },
      { platform: 'facebook', receivedAt: '2034-12-31T23:00:00.000Z', status: 'actioned' },
      { platform: 'facebook', receivedAt: '2035-12-31T23:00:00.000Z', status: 'forwarded' },
    ]);
    await forward(sent!, '2035-06-01T12:00:00.000Z');
    await forward(sent!, '2035-06-05T12:00:00.000Z');
    await forward(sentThenWithdrawn!, '2035-06-01T12:00:00.000Z');
    await forward(late!, '2035-01-01T09:00:00.000Z');
    await forward(early!, '2036-01-01T09:00:00.000Z');
    for (const [lang, heading] of [['en', 'Notices submitted in the year'], ['fr', 'Notifications soumises dans l’année'], ['ar', 'الإخطارات المقدَّمة خلال السنة']]) {
      const page = (await ep.request(`/review/art22?year=2035&lang=${lang}`, { token: ep.tokens.reviewer })).text;
      expect(page, lang).toContain(heading);
      expect(tableValues(page, 'table-art22-total').get('total'), lang).toEqual([3]);
      expect(tableValues(page, 'table-art22-platform').get('facebook'), lang).toEqual([3]);
    }
    const page = (await ep.request('/review/art22?year=2035', { token: ep.tokens.reviewer })).text;
    const statuses = tableValues(page, 'table-art22-status');
    expect([statuses.get('received'), statuses.get('under_review'), statuses.get('forwarded'), statuses.get('actioned'), statuses.get('withdrawn')])
      .toEqual([[0], [0], [1], [1], [1]]);
    const csv = (await ep.request('/review/art22?year=2036&format=csv', { token: ep.tokens.reviewer })).text;
    expect(csv).toContain('2036,total,,1');
  });

  test('a removal 59.5 s after receipt is 60 whole seconds, 1 minute, on both databases (SQLite exactly, not by julianday floats)', async () => {
    await seed(db, tokenId, [
      { platform: 'x', receivedAt: '2033-03-01T00:07:00.000Z', status: 'forwarded', state: 'removed', removedAt: '2033-03-01T00:07:59.500Z' },
      { platform: 'x', receivedAt: '2033-03-01T00:07:00.001Z', status: 'forwarded', state: 'removed', removedAt: '2033-03-01T00:07:59.500Z' },
      { platform: 'y', receivedAt: '2033-04-01T10:00:00.000Z', status: 'forwarded', state: 'removed', removedAt: '2033-04-02T10:00:29.999Z' },
    ]);
    const rows = await measureStore(db).removalDelays({ since: '2033-01-01T00:00:00.000Z', until: '2034-01-01T00:00:00.000Z' });
    // 59.5 s → 60 s → 1 min; 59.499 s → 59 s → 0 min; a day and 29.999 s → 86430 s → 1440 min.
    expect(rows.sort((a, b) => a.platform.localeCompare(b.platform) || a.minutes - b.minutes)).toEqual([
      { platform: 'x', minutes: 0, count: 1 }, { platform: 'x', minutes: 1, count: 1 }, { platform: 'y', minutes: 1440, count: 1 },
    ]);
  });

  test('the public page opens from a link with tracking parameters or a language it lacks; a malformed year is still a 400', async () => {
    for (const path of ['/transparency?fbclid=IwAR0abc', '/transparency?year=2031&utm_source=newsletter', '/transparency?year=2031&lang=de']) {
      const answer = await ep.request(path, { headers: { 'accept-language': 'fr' } });
      expect(answer.status, path).toBe(200);
      expect(answer.text, path).toContain('<html lang="fr"');
    }
    expect((await ep.request('/transparency?year=20x1')).status).toBe(400);
  });

  test('a share of nothing (0 of 0) is shown as "–", with no value and no bar, not as "0 %" removed', async () => {
    // 2039: five reports in April, category incitement only: the other TCO categories have none.
    await seed(db, tokenId, times(5, { platform: 'youtube', receivedAt: '2039-04-01T10:00:00.000Z', status: 'forwarded', state: 'online' }));
    const page = (await ep.request('/transparency?year=2039&lang=en')).text;
    const table = /<table[^>]*data-testid="table-tr-removed-category"[^>]*>([\s\S]*?)<\/table>/.exec(page)![1]!;
    const threat = /<tr data-key="threat">([\s\S]*?)<\/tr>/.exec(table)![1]!;
    expect(threat).toContain('data-value="0">0<');
    expect(threat).not.toMatch(/>0\s?%</);
    expect(threat).toMatch(/<td class="num">–<\/td>$/);
    expect(tableValues(page, 'table-tr-removed-category').get('threat')).toEqual([0, 0]);
    const chart = /data-testid="chart-tr-removed-category"[\s\S]*?<\/svg>/.exec(page)![0];
    expect(chart.match(/<rect class="bar"/g)).toHaveLength(1);
    // The dashboard: a month without reports has no threat-to-life share, and no point on its line.
    const dashboard = (await ep.request('/review/dashboard?year=2039', { token: ep.tokens.reviewer })).text;
    expect(tableValues(dashboard, 'table-threat-share').get('2039-01')).toEqual([0, 0]);
    expect(tableValues(dashboard, 'table-threat-share').get('2039-04')).toEqual([5, 0, 0]);
    expect(/data-testid="chart-threat-share"[\s\S]*?<\/svg>/.exec(dashboard)![0].match(/<circle/g)).toHaveLength(1);
  });

  test('a year with nothing to chart says so in the reader\'s language, instead of an empty chart', async () => {
    const page = (await ep.request('/transparency?year=2040&lang=fr')).text;
    for (const chart of ['removed-platform', 'removed-category']) {
      const section = new RegExp(`data-testid="figure-tr-${chart}"[\\s\\S]*?</section>`).exec(page)![0];
      expect(section, chart).not.toContain('<svg');
      expect(section, chart).toContain('<p>Rien sur cette période.</p>');
    }
    const dashboard = (await ep.request('/review/dashboard?year=2040&lang=ar', { token: ep.tokens.reviewer })).text;
    for (const chart of ['removed-platform', 'removed-category', 'removal-delay', 'throughput']) {
      const section = new RegExp(`data-testid="figure-${chart}"[\\s\\S]*?</section>`).exec(dashboard)![0];
      expect(section, chart).not.toContain('<svg');
      expect(section, chart).toContain('لا شيء في هذه الفترة.');
    }
  });
});
