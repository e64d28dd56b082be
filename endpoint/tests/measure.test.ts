/**
 * Measure and publish (issue 19 item 5): the figures on the dashboard, in the DSA Art. 22(3) report
 * (HTML, CSV, PDF) and on the transparency page, each checked against COUNT(*) queries written
 * here, apart from storage/measures.ts, over a seeded year of 10,000 reports (and a smaller year
 * for the dashboard), on SQLite and PostgreSQL.
 */
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MEASURE_STYLE } from '../src/measure/charts.ts';
import { medianMinutes } from '../src/measure/removal.ts';
import { isoWeek } from '../src/measure/throughput.ts';
import { tcoCategories, endpointStatuses } from '../src/shared.ts';
import type { Driver } from '../src/storage/driver.ts';
import { RETRACTED } from '../src/storage/types.ts';
import { openPostgres } from '../src/storage/postgres.ts';
import { openSqlite } from '../src/storage/sqlite.ts';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { parseCsv } from './support/industry-formats.ts';
import { SEED_PLATFORMS, seedMeasureYear } from './support/measure-seed.ts';
import { reviewerCookie } from './support/review.ts';
import { expectRtlSafe } from './support/rtl-css.ts';

const YEAR = 2025;
const DASHBOARD_YEAR = 2024;
const inYear = (year: number) => [`${year}-01-01T00:00:00.000Z`, `${year + 1}-01-01T00:00:00.000Z`];
const REVIEWERS = ['rita', 'sam', 'tom'];
/** The removal figures count the reports the unit still vouches for (storage/types.ts RETRACTED left out). */
/** The Art. 22 notices: reports forwarded, each dated by its first forwarding (`f.at`). */
const SUBMITTED = 'reports r JOIN (SELECT report_id, MIN(at) AS at FROM forwardings GROUP BY report_id) f ON f.report_id = r.id';
const VOUCHED = `status NOT IN (${RETRACTED.map((s) => `'${s}'`).join(', ')})`;

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

describe('the figures\' own rules', () => {
  test('ISO weeks: Monday starts them, the year of their Thursday names them', () => {
    expect(isoWeek('2024-01-01')).toBe('2024-W01');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
    expect(isoWeek('2026-12-31')).toBe('2026-W53');
  });

  test('the charts\' stylesheet is right-to-left safe, as the reviewer pages\' (review-language.test.ts)', () => {
    expectRtlSafe(MEASURE_STYLE);
  });

  test('the median is the lower one; a delay below zero counts as zero', () => {
    expect(medianMinutes([])).toBeUndefined();
    expect(medianMinutes([{ platform: 'x', minutes: 10, count: 1 }, { platform: 'x', minutes: 30, count: 1 }])).toBe(10);
    expect(medianMinutes([{ platform: 'x', minutes: -5, count: 2 }, { platform: 'x', minutes: 30, count: 1 }])).toBe(0);
  });
});

describe.each(backends)('published figures on $name', (backend) => {
  let ep: TestEndpoint;
  let db: Driver;
  let cookie = '';
  const count = async (sql: string, params: (string | number)[] = []) => Number((await db.all<{ n: number | string }>(sql, params))[0]!.n);
  const get = async (path: string) => {
    const answer = await ep.request(path, { headers: { cookie } });
    expect(answer.status, path).toBe(200);
    return answer;
  };

  beforeAll(async () => {
    ep = await startTestEndpoint(backend, { FLAGPOST_TRANSPARENCY: 'on' });
    db = ep.env.DATABASE_URL ? openPostgres(ep.env.DATABASE_URL) : openSqlite(ep.env.FLAGPOST_SQLITE_PATH!);
    const tokenId = (await ep.storage.listTokens()).find((t) => t.name === 'alice')!.id;
    await seedMeasureYear(db, { year: YEAR, count: 10_000, tokenId });
    await seedMeasureYear(db, { year: DASHBOARD_YEAR, count: 400, tokenId, seed: 7, reviewers: REVIEWERS });
    cookie = await reviewerCookie(ep);
  }, 180_000);

  afterAll(async () => {
    await db?.close();
    await ep?.close();
  });

  test('10,000 reports were seeded for the year, with every platform, category, status and removal state', async () => {
    const [since, until] = inYear(YEAR);
    const yearCount = await count('SELECT COUNT(*) AS n FROM reports WHERE received_at >= ? AND received_at < ?', [since!, until!]);
    // 1 in 100 of each seed falls just outside its year: 200 of these before or after 2025, and 4 of the 2024 seed's on 2025-01-01T00:00:00.000Z.
    expect(yearCount).toBe(9804);
    expect(await count('SELECT COUNT(DISTINCT platform) AS n FROM reports')).toBe(SEED_PLATFORMS.length);
    expect(await count('SELECT COUNT(DISTINCT status) AS n FROM reports')).toBe(endpointStatuses.length);
    expect(await count('SELECT COUNT(DISTINCT state) AS n FROM url_checks')).toBe(5);
    expect(await count('SELECT COUNT(*) AS n FROM reports WHERE threat_to_life = 1')).toBeGreaterThan(0);
  });

  test('the Art. 22 report (HTML) matches COUNT(*) by provider, type, action and removal', async () => {
    const [since, until] = inYear(YEAR);
    const range = 'f.at >= ? AND f.at < ?';
    const answer = await get(`/review/art22?year=${YEAR}`);
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = answer.text;
    expect(page).not.toMatch(/<script|style="/);
    expect(page.match(/<svg /g)!.length).toBe(4);

    const total = tableValues(page, 'table-art22-total');
    expect(total.get('total')).toEqual([await count(`SELECT COUNT(*) AS n FROM ${SUBMITTED} WHERE ${range}`, [since!, until!])]);
    expect(total.get('threat_to_life')).toEqual([await count(`SELECT COUNT(*) AS n FROM ${SUBMITTED} WHERE threat_to_life = 1 AND ${range}`, [since!, until!])]);

    const platforms = tableValues(page, 'table-art22-platform');
    expect([...platforms.keys()].sort()).toEqual([...SEED_PLATFORMS].sort());
    for (const platform of SEED_PLATFORMS) {
      expect(platforms.get(platform), platform).toEqual([await count(`SELECT COUNT(*) AS n FROM ${SUBMITTED} WHERE platform = ? AND ${range}`, [platform, since!, until!])]);
    }
    const categories = tableValues(page, 'table-art22-category');
    for (const category of tcoCategories) {
      expect(categories.get(category), category).toEqual([await count(`SELECT COUNT(*) AS n FROM ${SUBMITTED} WHERE categories LIKE ? AND ${range}`, [`%;${category};%`, since!, until!])]);
    }
    const statuses = tableValues(page, 'table-art22-status');
    for (const status of endpointStatuses) {
      expect(statuses.get(status), status).toEqual([await count(`SELECT COUNT(*) AS n FROM ${SUBMITTED} WHERE status = ? AND ${range}`, [status, since!, until!])]);
    }
    const removal = tableValues(page, 'table-art22-removal');
    for (const state of ['pending', 'online', 'removed', 'unknown', 'not_checked']) {
      expect(removal.get(state), state).toEqual([await count(`SELECT COUNT(*) AS n FROM ${SUBMITTED} JOIN url_checks u ON u.url = r.url WHERE u.state = ? AND ${range}`, [state, since!, until!])]);
    }
    const cross = tableValues(page, 'table-art22-platform-status');
    const columns = [...page.matchAll(/<th scope="col" class="num" data-status="([^"]+)"/g)].map((m) => m[1]);
    expect(columns).toEqual([...endpointStatuses]);
    for (const platform of SEED_PLATFORMS) {
      const expected = [];
      for (const status of endpointStatuses) expected.push(await count(`SELECT COUNT(*) AS n FROM ${SUBMITTED} WHERE platform = ? AND status = ? AND ${range}`, [platform, status, since!, until!]));
      expect(cross.get(platform), platform).toEqual(expected);
    }
  });

  test('the Art. 22 report (CSV) reads back, with an RFC 4180 reader, as the same COUNT(*)s', async () => {
    const [since, until] = inYear(YEAR);
    const range = 'f.at >= ? AND f.at < ?';
    const answer = await get(`/review/art22?year=${YEAR}&format=csv`);
    expect(answer.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(answer.headers.get('content-disposition')).toContain(`flagpost-dsa-art22-${YEAR}.csv`);
    expect(answer.text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(answer.text.slice(1));
    const value = (dimension: string, key: string) => rows.filter((r) => r.dimension === dimension && r.value === key);
    expect(rows.every((r) => r.year === String(YEAR))).toBe(true);
    expect(value('total', '').map((r) => Number(r.notices))).toEqual([await count(`SELECT COUNT(*) AS n FROM ${SUBMITTED} WHERE ${range}`, [since!, until!])]);
    for (const platform of SEED_PLATFORMS) {
      expect(value('platform', platform).map((r) => Number(r.notices))).toEqual([await count(`SELECT COUNT(*) AS n FROM ${SUBMITTED} WHERE platform = ? AND ${range}`, [platform, since!, until!])]);
      for (const status of endpointStatuses) {
        expect(value('platform_status', `${platform}:${status}`).map((r) => Number(r.notices)))
          .toEqual([await count(`SELECT COUNT(*) AS n FROM ${SUBMITTED} WHERE platform = ? AND status = ? AND ${range}`, [platform, status, since!, until!])]);
      }
    }
    for (const category of tcoCategories) {
      expect(value('category', category).map((r) => Number(r.notices))).toEqual([await count(`SELECT COUNT(*) AS n FROM ${SUBMITTED} WHERE categories LIKE ? AND ${range}`, [`%;${category};%`, since!, until!])]);
    }
    for (const status of endpointStatuses) {
      expect(value('status', status).map((r) => Number(r.notices))).toEqual([await count(`SELECT COUNT(*) AS n FROM ${SUBMITTED} WHERE status = ? AND ${range}`, [status, since!, until!])]);
    }
  });

  test('the Art. 22 report (PDF) is a well-formed PDF whose cross-reference table points at its objects', async () => {
    const response = await fetch(`${ep.baseUrl}/review/art22?year=${YEAR}&format=pdf`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await response.arrayBuffer());
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const [, first, size] = /^xref\s+(\d+) (\d+)/.exec(text.slice(startxref))!.map(Number) as [number, number, number];
    const entries = [...text.slice(startxref).matchAll(/^(\d{10}) (\d{5}) ([nf])\s*$/gm)].slice(0, size);
    expect(entries.length).toBe(size);
    entries.forEach(([, offset, , kind], i) => {
      if (kind === 'n') expect(text.slice(Number(offset), Number(offset) + 20)).toMatch(new RegExp(`^${first + i} 0 obj`));
    });
    expect(/\/Type \/Pages[\s\S]*?\/Count (\d+)/.exec(text)).toBeTruthy();
    // The pages' text, inflated: the title's words are there (pdfkit writes them as hex strings).
    const shown = [...text.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)]
      .map((m) => { try { return inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1'); } catch { return ''; } })
      .join('')
      // TJ arrays break a line's text at kerning adjustments: `[<4865> -20 <6c6c6f>]`.
      .replace(/>\s*-?\d+(?:\.\d+)?\s*</g, '')
      .replace(/<([0-9a-f]+)>/gi, (_, hex: string) => Buffer.from(hex, 'hex').toString('latin1'));
    expect(shown).toContain('Trusted');
    expect(shown).toContain(String(YEAR));
  });

  test('the dashboard\'s figures match COUNT(*)s, its median the delays read row by row', async () => {
    const [since, until] = inYear(DASHBOARD_YEAR);
    const answer = await get(`/review/dashboard?year=${DASHBOARD_YEAR}`);
    const page = answer.text;
    expect(answer.headers.get('content-security-policy')).toContain("style-src 'self'");
    expect(page).not.toMatch(/<script|style="/);
    for (const chart of ['reports-month', 'removed-platform', 'removed-category', 'removal-delay', 'threat-share', 'throughput']) {
      expect(page, chart).toContain(`data-testid="chart-${chart}"`);
    }

    const months = tableValues(page, 'table-reports-month');
    expect(months.size).toBe(12);
    for (const [month, [reports, threat]] of months) {
      expect(reports, month).toBe(await count('SELECT COUNT(*) AS n FROM reports WHERE received_at LIKE ?', [`${month}%`]));
      expect(threat, month).toBe(await count('SELECT COUNT(*) AS n FROM reports WHERE threat_to_life = 1 AND received_at LIKE ?', [`${month}%`]));
    }
    const removed = tableValues(page, 'table-removed-platform');
    for (const platform of SEED_PLATFORMS) {
      const reports = await count(`SELECT COUNT(*) AS n FROM reports WHERE ${VOUCHED} AND platform = ? AND received_at >= ? AND received_at < ?`, [platform, since!, until!]);
      const gone = await count(`SELECT COUNT(*) AS n FROM reports r JOIN url_checks u ON u.url = r.url
        WHERE ${VOUCHED} AND u.state = 'removed' AND r.platform = ? AND r.received_at >= ? AND r.received_at < ?`, [platform, since!, until!]);
      expect(removed.get(platform), platform).toEqual([reports, gone, reports ? gone / reports : 0]);
    }
    const byCategory = tableValues(page, 'table-removed-category');
    for (const category of tcoCategories) {
      const gone = await count(`SELECT COUNT(*) AS n FROM reports r JOIN url_checks u ON u.url = r.url
        WHERE ${VOUCHED} AND u.state = 'removed' AND r.categories LIKE ? AND r.received_at >= ? AND r.received_at < ?`, [`%;${category};%`, since!, until!]);
      expect(byCategory.get(category)![1], category).toBe(gone);
    }

    const delays = await db.all<{ platform: string; received_at: string; removed_at: string }>(`SELECT r.platform, r.received_at, u.removed_at
      FROM reports r JOIN url_checks u ON u.url = r.url WHERE u.state = 'removed' AND r.received_at >= ? AND r.received_at < ?`, [since!, until!]);
    const lowerMedian = (rows: typeof delays) => {
      const minutes = rows.map((r) => Math.max(0, Math.floor(Math.round((Date.parse(r.removed_at) - Date.parse(r.received_at)) / 1000) / 60))).sort((a, b) => a - b);
      return minutes[Math.ceil(minutes.length / 2) - 1];
    };
    const medians = tableValues(page, 'table-removal-delay');
    expect(medians.get('')).toEqual([delays.length, lowerMedian(delays)]);
    for (const platform of SEED_PLATFORMS) {
      const own = delays.filter((d) => d.platform === platform);
      if (own.length) expect(medians.get(platform), platform).toEqual([own.length, lowerMedian(own)]);
    }

    const weeks = tableValues(page, 'table-throughput');
    const perReviewer = [...page.matchAll(/data-reviewer="([^"]+)" data-value="(\d+)"/g)]
      .reduce((sums, [, name, n]) => sums.set(name!, (sums.get(name!) ?? 0) + Number(n)), new Map<string, number>());
    for (const name of REVIEWERS) {
      expect(perReviewer.get(name), name).toBe(await count(`SELECT COUNT(*) AS n FROM audit_log
        WHERE actor_name = ? AND action = 'status' AND at >= ? AND at < ?`, [name, since!, until!]));
    }
    expect(weeks.size).toBeGreaterThan(40);
  });

  test('throughput: a week belongs to its ISO year; a change outside the year is left out', async () => {
    const id = (await db.all<{ id: string }>("SELECT id FROM reports WHERE received_at LIKE '2024-%' LIMIT 1"))[0]!.id;
    for (const at of ['2023-12-31T23:59:59.999Z', '2024-01-01T00:00:00.000Z', '2024-12-30T10:00:00.000Z', '2024-12-30T11:00:00.000Z']) {
      await db.run(`INSERT INTO audit_log (report_id, at, actor_role, actor_name, action) VALUES (?, ?, 'reviewer', 'zoe', 'status')`, [id, at]);
    }
    // A note is not a status change; the reporter withdrawing is not a reviewer's.
    await db.run(`INSERT INTO audit_log (report_id, at, actor_role, actor_name, action) VALUES (?, '2024-06-03T10:00:00.000Z', 'reviewer', 'zoe', 'note')`, [id]);
    await db.run(`INSERT INTO audit_log (report_id, at, actor_role, actor_name, action) VALUES (?, '2024-06-03T10:00:00.000Z', 'reporter', 'zoe', 'status')`, [id]);
    const page = (await get(`/review/dashboard?year=${DASHBOARD_YEAR}`)).text;
    const zoe = [...page.matchAll(/<tr data-key="([^"]+)">(?:(?!<\/tr>)[\s\S])*?data-reviewer="zoe" data-value="(\d+)"/g)]
      .filter(([, , n]) => n !== '0').map(([, week, n]) => [week, Number(n)]);
    expect(zoe).toEqual([['2024-W01', 1], ['2025-W01', 2]]);
  });

  test('the transparency page: per platform and category, reports and share removed, and no URL or reporter', async () => {
    const [since, until] = inYear(YEAR);
    const answer = await ep.request(`/transparency?year=${YEAR}&lang=fr`);
    expect(answer.status).toBe(200);
    const page = answer.text;
    expect(page).toContain('lang="fr"');
    // The one address on the page is SVG's namespace.
    expect(page.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/seed\.example|https?:\/\/|<script|style="|alice/);
    const platforms = tableValues(page, 'table-tr-removed-platform');
    for (const platform of SEED_PLATFORMS) {
      const reports = await count(`SELECT COUNT(*) AS n FROM reports WHERE ${VOUCHED} AND platform = ? AND received_at >= ? AND received_at < ?`, [platform, since!, until!]);
      const gone = await count(`SELECT COUNT(*) AS n FROM reports r JOIN url_checks u ON u.url = r.url
        WHERE ${VOUCHED} AND u.state = 'removed' AND r.platform = ? AND r.received_at >= ? AND r.received_at < ?`, [platform, since!, until!]);
      expect(platforms.get(platform), platform).toEqual([reports, gone, gone / reports]);
    }
    const categories = tableValues(page, 'table-tr-removed-category');
    for (const category of tcoCategories) {
      expect(categories.get(category)![0], category).toBe(await count(`SELECT COUNT(*) AS n FROM reports WHERE ${VOUCHED} AND categories LIKE ? AND received_at >= ? AND received_at < ?`, [`%;${category};%`, since!, until!]));
    }
  });

  test('the reviewer pages need a reviewer; a bad year is a clear 400', async () => {
    for (const path of ['/review/dashboard', `/review/art22?year=${YEAR}&format=csv`]) {
      const anonymous = await ep.request(path);
      expect(anonymous.status, path).toBe(303);
      expect(anonymous.headers.get('location')).toBe('/review/login');
      expect((await ep.request(path, { token: ep.tokens.alice })).status, path).toBe(303);
    }
    expect((await ep.request(`/review/art22?year=${YEAR}&format=csv`, { token: ep.tokens.reviewer })).status).toBe(200);
    // The same headers as the other reviewer pages (routes/review.ts), for the public page too.
    const login = await ep.request('/review/login');
    for (const path of ['/review/dashboard', '/transparency']) {
      const page = await get(path);
      for (const header of ['content-security-policy', 'x-frame-options', 'referrer-policy', 'x-content-type-options']) {
        expect(page.headers.get(header), `${path} ${header}`).toBe(login.headers.get(header));
      }
    }
    const bad = await ep.request('/review/art22?year=20x5', { headers: { cookie } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/year/);
  });
});

describe('transparency off (the default)', () => {
  test('no public page', async () => {
    const ep = await startTestEndpoint(backends[0]!);
    try {
      // Whatever the query: a 400 for a bad one would tell that the page exists.
      for (const path of ['/transparency', '/transparency?year=1999', '/transparency?foo=1']) expect((await ep.request(path)).status, path).toBe(404);
      const page = (await ep.request('/review/dashboard', { headers: { cookie: await reviewerCookie(ep) } })).text;
      expect(page).not.toContain('href="/transparency');
    } finally {
      await ep.close();
    }
  });
});
