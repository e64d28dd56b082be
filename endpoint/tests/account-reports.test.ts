import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/shared.ts';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { parseCsv, parseNdjson } from './support/industry-formats.ts';
import { aReport } from './support/reports.ts';
import { reviewerCookie } from './support/review.ts';

/** Report 1.2: an X profile reported as a whole, its avatar hashed as m1, one of its posts by reference. */
function anAccountReport(): Report {
  return aReport((report) => {
    report.schema = 'flagpost.report/1.2';
    report.target = {
      kind: 'account',
      url: 'https://x.com/someaccount',
      pageUrl: 'https://x.com/someaccount',
      platform: 'x',
      author: { handle: '@someaccount', displayName: 'Some Account', url: 'https://x.com/someaccount' },
      observedAt: report.target.observedAt,
      quoted: [],
      account: {
        handle: '@someaccount',
        displayName: 'Some Account',
        url: 'https://x.com/someaccount',
        avatarRef: 'm1',
        recentPosts: [{ url: 'https://x.com/someaccount/status/1985395058229817831', id: '1985395058229817831' }],
      },
    };
  });
}

function aPostWithLinks(): Report {
  return aReport((report) => {
    report.schema = 'flagpost.report/1.2';
    report.target.outLinks = [{ url: 'https://www.example.org/article', offPlatform: true, shownAs: 'example.org' }];
  });
}

describe.each(backends)('report 1.2 (accounts, outbound links) on $name', (backend) => {
  let ep: TestEndpoint;
  beforeAll(async () => {
    ep = await startTestEndpoint(backend);
  });
  afterAll(() => ep.close());

  it('GET /v1 lists flagpost.report/1.2 in accepts', async () => {
    expect((await ep.request('/v1')).json.accepts).toContain('flagpost.report/1.2');
  });

  it('an account report is stored whole, its kind and handle in their columns', async () => {
    const report = anAccountReport();
    const answer = await ep.post(report);
    expect(answer.status).toBe(201);
    expect(JSON.parse((await ep.storage.reportBody(report.id))!).target).toEqual(report.target);
    const rows = parseNdjson((await ep.request('/v1/export/reports?format=ndjson', { token: ep.tokens.reviewer })).text) as any[];
    const row = rows.find((r) => r.report_id === report.id);
    expect(row).toMatchObject({
      target_kind: 'account', author: '@someaccount', url: 'https://x.com/someaccount',
      recent_post_urls: ['https://x.com/someaccount/status/1985395058229817831'], out_links: [],
    });
  });

  it("a post's outbound links are stored and exported; an older report exports as a post", async () => {
    const linked = aPostWithLinks();
    const plain = aReport();
    expect((await ep.post(linked)).status).toBe(201);
    expect((await ep.post(plain)).status).toBe(201);
    const csv = parseCsv((await ep.request('/v1/export/reports?format=csv', { token: ep.tokens.reviewer })).text.slice(1));
    const lineOf = (id: string) => csv.find((line) => line.report_id === id)!;
    expect(lineOf(linked.id)).toMatchObject({ target_kind: 'post', out_links: 'https://www.example.org/article' });
    expect(lineOf(plain.id)).toMatchObject({ target_kind: 'post', out_links: '' });
  });

  it.each([
    ['an account report that says 1.1', (r: any) => { r.schema = 'flagpost.report/1.1'; }, 'schema'],
    ['an account report without its account', (r: any) => { delete r.target.account; }, 'target.account'],
    ['an account whose avatarRef names no medium', (r: any) => { r.target.account.avatarRef = 'm7'; }, 'target.account'],
  ])('refuses %s with a 422 naming the field, and stores nothing', async (_name, change, field) => {
    const report = anAccountReport();
    change(report);
    const answer = await ep.post(report);
    expect(answer.status).toBe(422);
    expect(answer.json.error.message).toContain(field);
    expect(await ep.storage.reportBody(report.id)).toBeUndefined();
  });

  it('the reviewer page names the account and lists its posts and a post\'s links', async () => {
    const account = anAccountReport();
    const linked = aPostWithLinks();
    await ep.post(account);
    await ep.post(linked);
    const cookie = await reviewerCookie(ep);
    const accountPage = (await ep.request(`/review/reports/${account.id}`, { headers: { cookie } })).text;
    expect(accountPage).toContain('<th>Account</th>');
    expect(accountPage).toContain('https://x.com/someaccount/status/1985395058229817831');
    const postPage = (await ep.request(`/review/reports/${linked.id}`, { headers: { cookie } })).text;
    expect(postPage).toContain('<th>Links out</th>');
    expect(postPage).toContain('https://www.example.org/article');
  });
});
