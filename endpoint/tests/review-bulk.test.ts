/** Reviewers' moves (bulk and single): a repeated form writes nothing, a page answers a post with a redirect. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/shared.ts';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { aReport } from './support/reports.ts';
import { reviewerCookie } from './support/review.ts';

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;
const post = (fields: [string, string][], cookie: string) => ({
  method: 'POST', body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
});
/** A report of its own post, so a search for its URL finds only it. */
const anItem = (): Report => {
  const tag = randomBytes(5).toString('hex');
  return aReport((r) => {
    r.target.url = `https://x.com/acct${tag}/status/${parseInt(tag, 16)}`;
    r.target.postId = String(parseInt(tag, 16));
  });
};

describe.each(backends)('reviewer moves on $name', (backend) => {
  let ep: TestEndpoint;
  let cookie: string;
  beforeAll(async () => {
    ep = await startTestEndpoint(backend);
    cookie = await reviewerCookie(ep);
  });
  afterAll(() => ep.close());
  const page = (path: string) => ep.request(path, { headers: { cookie } });
  const posted = async () => {
    const a = anItem();
    expect((await ep.post(a)).status).toBe(201);
    return a;
  };
  /** Posts a bulk move and reads the page it redirects to. */
  const bulk = async (fields: [string, string][]) => {
    const answer = await ep.request('/review/bulk', post(fields, cookie));
    expect(answer.status).toBe(303);
    return page(answer.headers.get('location')!);
  };

  it('answers a bulk move with a redirect to its results, and a repeated move writes nothing', async () => {
    const a = await posted();
    const csrf = csrfOf((await page('/review')).text);
    const fields: [string, string][] = [['csrf', csrf], ['id', a.id], ['status', 'under_review'], ['note', 'triaged']];
    const first = await bulk(fields);
    expect(first.status).toBe(200);
    expect(first.text).toMatch(new RegExp(`data-report-id="${a.id}" data-outcome="moved"`));
    // Reloading the results page shows them again and posts nothing.
    const state = (await ep.storage.reportState(a.id))!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Posted again (a double click, a second tab): already so, nothing written, no audit entry.
    const second = await bulk(fields);
    expect(second.text).toMatch(new RegExp(`data-report-id="${a.id}" data-outcome="unchanged"`));
    expect(second.text).not.toContain('data-outcome="moved"');
    expect(await ep.storage.reportState(a.id)).toEqual(state);
    expect((await ep.storage.audit.ofReport(a.id)).map((e) => e.action)).toEqual(['status']);
    // The same on the report's page: a status saved again without a note changes nothing.
    expect((await ep.request(`/review/reports/${a.id}/status`, post([['csrf', csrf], ['status', 'under_review']], cookie))).status).toBe(303);
    expect(await ep.storage.reportState(a.id)).toEqual(state);
    expect((await ep.storage.audit.ofReport(a.id)).map((e) => e.action)).toEqual(['status']);
    // A results page is only ever what a move produced.
    expect((await page(`/review/bulk?to=rejected&r=${a.id}.transition.nonsense`)).status).toBe(400);
  });

  it('refuses any reviewer change on a withdrawn report, and its page says who withdrew it instead of offering the form', async () => {
    const a = await posted();
    expect((await ep.request(`/v1/reports/${a.id}/withdraw`, { method: 'POST', token: ep.tokens.alice, body: '{}' })).status).toBe(200);
    const before = (await ep.storage.reportState(a.id))!;
    const audit = await ep.storage.audit.ofReport(a.id);
    const detail = (await ep.request(`/review/reports/${a.id}?lang=fr`, { headers: { cookie } })).text;
    expect(detail).not.toContain(`action="/review/reports/${a.id}/status"`);
    expect(detail).toContain('Le signaleur a retiré ce signalement');
    const csrf = csrfOf(detail);
    const single = await ep.request(`/review/reports/${a.id}/status?lang=en`, post([['csrf', csrf], ['status', 'withdrawn'], ['note', 'we looked anyway'], ['outcome', 'removed']], cookie));
    expect(single.status).toBe(409);
    expect(single.text).toMatch(/role="alert"[^>]*>Its reporter withdrew this report/);
    const moved = await bulk([['csrf', csrf], ['id', a.id], ['status', 'rejected'], ['note', 'bulk note']]);
    expect(moved.text).toMatch(new RegExp(`data-report-id="${a.id}" data-outcome="refused" data-reason="withdrawn"`));
    expect(await ep.storage.reportState(a.id)).toEqual(before);
    expect(await ep.storage.audit.ofReport(a.id)).toEqual(audit);
  });

  it('refuses a move on a report changed since the reviewer loaded the page (stale queue, stale report page), writing nothing', async () => {
    const a = await posted();
    const queue = (await page(`/review?q=${encodeURIComponent(a.target.url)}`)).text;
    const seen = /name="seen" value="([^"]+)"/.exec(queue)![1]!;
    expect(seen).toBe(`${a.id}.received`);
    const staleDetail = (await page(`/review/reports/${a.id}`)).text;
    const csrf = csrfOf(queue);
    const seenOnDetail = /name="seen" value="([^"]+)"/.exec(staleDetail)![1]!;
    // Meanwhile a colleague forwards it, each step from a page that was fresh.
    for (const [status, was] of [['under_review', 'received'], ['forwarded', 'under_review']]) {
      expect((await ep.request(`/review/reports/${a.id}/status`, post([['csrf', csrf], ['status', status!], ['seen', was!]], cookie))).status).toBe(303);
    }
    const state = (await ep.storage.reportState(a.id))!;
    const audit = await ep.storage.audit.ofReport(a.id);
    // The first reviewer, still on the old queue, rejects what they saw as a fresh report.
    const moved = await bulk([['csrf', csrf], ['id', a.id], ['seen', seen], ['status', 'rejected']]);
    expect(moved.text).toMatch(new RegExp(`data-report-id="${a.id}" data-outcome="refused" data-reason="stale"`));
    expect(moved.text).toContain('changed since you loaded the page');
    // And from the report's page loaded before: an error on that page, in its language.
    const single = await ep.request(`/review/reports/${a.id}/status?lang=fr`, post([['csrf', csrf], ['status', 'rejected'], ['seen', seenOnDetail]], cookie));
    expect(single.status).toBe(409);
    expect(single.text).toMatch(/role="alert"[^>]*>modifié depuis le chargement de la page/);
    expect(await ep.storage.reportState(a.id)).toEqual(state);
    expect(await ep.storage.audit.ofReport(a.id)).toEqual(audit);
  });
});
