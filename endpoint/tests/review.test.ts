import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findActiveToken } from '../src/core/tokens.ts';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { aReport } from './support/reports.ts';
import { form, reviewerCookie } from './support/review.ts';


describe.each(backends)('status workflow and reviewer page on $name', (backend) => {
  let ep: TestEndpoint;
  let cookie: string;
  beforeAll(async () => {
    ep = await startTestEndpoint(backend);
    cookie = await reviewerCookie(ep);
  });
  afterAll(() => ep.close());

  const page = (path: string, extra: { method?: string; body?: string; headers?: Record<string, string> } = {}) =>
    ep.request(path, { ...extra, headers: { cookie, ...extra.headers } });
  const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;

  it('sends visitors without a session to the login form, which has a strict CSP', async () => {
    const list = await ep.request('/review');
    expect(list.status).toBe(303);
    expect(list.headers.get('location')).toBe('/review/login');
    const login = await ep.request('/review/login');
    expect(login.status).toBe(200);
    expect(login.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(login.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(login.headers.get('x-frame-options')).toBe('DENY');
  });

  it('logs in only with an active reviewer token, into an HttpOnly SameSite=Strict cookie', async () => {
    expect((await ep.request('/review/login', { method: 'POST', ...form({ token: ep.tokens.alice }) })).status).toBe(401);
    expect((await ep.request('/review/login', { method: 'POST', ...form({ token: 'fpt_wrong' }) })).status).toBe(401);
    const ok = await ep.request('/review/login', { method: 'POST', ...form({ token: ep.tokens.reviewer }) });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('lists reports with threat to life first and escapes what reporters wrote', async () => {
    const hostile = '<script>alert(1)</script>';
    const urgent = aReport((r) => {
      r.classification.threatToLife = true;
      r.classification.entity = hostile;
      r.target.url = 'https://x.com/someone/status/1?q="><img src=x onerror=alert(1)>';
    });
    await ep.post(aReport());
    await ep.post(urgent);
    const list = await page('/review');
    expect(list.status).toBe(200);
    expect(list.text).not.toContain('<img src=x');
    expect(/href="\/review\/reports\/([^"]+)"/.exec(list.text)?.[1]).toBe(urgent.id);
    expect(list.text).toContain('&lt;img src=x');
    const detail = await page(`/review/reports/${urgent.id}`);
    expect(detail.text).not.toContain(hostile);
    expect(detail.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(detail.text).not.toMatch(/<script/i);
  });

  it('moves a report along the workflow; GET /v1/reports/{id} shows it to the reporter', async () => {
    const report = aReport();
    await ep.post(report);
    const detail = await page(`/review/reports/${report.id}`);
    const csrf = csrfOf(detail.text);
    for (const [status, note] of [['under_review', 'Looking at it'], ['forwarded', 'Sent to the platform'], ['actioned', '']] as const) {
      const answer = await page(`/review/reports/${report.id}/status`, { method: 'POST', ...form({ csrf, status, note, outcome: status === 'actioned' ? 'removed by the platform' : '' }) });
      expect(answer.status, status).toBe(303);
    }
    const seen = await ep.request(`/v1/reports/${report.id}`, { token: ep.tokens.alice });
    expect(seen.json).toEqual({ id: report.id, status: 'actioned', updatedAt: expect.any(String), outcome: 'removed by the platform', note: 'Sent to the platform' });
  });

  it('refuses a skipped or backward step with a message, and a form without its CSRF token', async () => {
    const report = aReport();
    await ep.post(report);
    const csrf = csrfOf((await page(`/review/reports/${report.id}`)).text);
    const skip = await page(`/review/reports/${report.id}/status`, { method: 'POST', ...form({ csrf, status: 'actioned' }) });
    expect(skip.status).toBe(409);
    expect(skip.text).toContain('a received report cannot become actioned');
    const forged = await page(`/review/reports/${report.id}/status`, { method: 'POST', ...form({ status: 'under_review' }) });
    expect(forged.status).toBe(403);
    expect((await ep.request(`/v1/reports/${report.id}`, { token: ep.tokens.alice })).json.status).toBe('received');
  });

  it('accepts a reviewer token in Authorization instead of a cookie (no CSRF needed)', async () => {
    const report = aReport();
    await ep.post(report);
    const answer = await ep.request(`/review/reports/${report.id}/status`, { method: 'POST', token: ep.tokens.reviewer, ...form({ status: 'rejected', note: 'Not terrorist content' }) });
    expect(answer.status).toBe(303);
    const seen = await ep.request(`/v1/reports/${report.id}`, { token: ep.tokens.alice });
    expect(seen.json).toMatchObject({ status: 'rejected', note: 'Not terrorist content' });
    expect((await ep.request('/review', { token: ep.tokens.alice })).status).toBe(303);
  });

  it('downloads the export from the page', async () => {
    const answer = await page('/review/export?format=csv');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toMatch(/attachment; filename="flagpost-export-.*\.csv"/);
  });

  it('ends sessions at logout and when the token is revoked', async () => {
    const login = await ep.request('/review/login', { method: 'POST', ...form({ token: ep.tokens.reviewer }) });
    const mine = login.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = csrfOf((await ep.request('/review', { headers: { cookie: mine } })).text);
    const out = await ep.request('/review/logout', { method: 'POST', ...form({ csrf }), headers: { cookie: mine, 'content-type': 'application/x-www-form-urlencoded' } });
    expect(out.status).toBe(303);
    expect((await ep.request('/review', { headers: { cookie: mine } })).status).toBe(303);

    const token = (await findActiveToken(ep.storage, ep.tokens.reviewer))!;
    await ep.storage.revokeToken(token.id, new Date().toISOString());
    expect((await page('/review')).status).toBe(303);
  });
});
