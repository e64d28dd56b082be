/**
 * The reviewer pages' forms and links as a browser uses them: the language switch keeps the page,
 * an ended session or a stale form answers a page (not JSON), a reloaded create form makes no second
 * token, the accounts page names each revoke button, and a saved change says so.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/core/tokens.ts';
import { migrate } from '../src/storage/schema.ts';
import { openPostgres } from '../src/storage/postgres.ts';
import { openSqlite } from '../src/storage/sqlite.ts';
import type { Report } from '../src/shared.ts';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { aReport } from './support/reports.ts';
import { form, loginCookie } from './support/review.ts';

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;
const nonceOf = (html: string) => /name="nonce" value="([^"]+)"/.exec(html)![1]!;
const unescape = (s: string) => s.replace(/&amp;/g, '&');
const post = (fields: [string, string][], cookie?: string) => ({
  method: 'POST', body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
});
/** Where the header's French link leads, resolved as a browser does against the page's own URL. */
const frenchLink = (page: string, at: string) => new URL(unescape(/<a href="([^"]+)" lang="fr"/.exec(page)![1]!), `http://h${at}`);
function anItem(change?: (report: Report) => void): Report {
  const tag = randomBytes(5).toString('hex');
  return aReport((r) => {
    r.target.url = `https://x.com/acct${tag}/status/${parseInt(tag, 16)}`;
    r.target.postId = String(parseInt(tag, 16));
    change?.(r);
  });
}

describe.each(backends)('reviewer forms and links on $name', (backend) => {
  let ep: TestEndpoint;
  const cookies: Record<string, string> = {};
  const login = (secret: string) => loginCookie(ep, secret);
  beforeAll(async () => {
    ep = await startTestEndpoint(backend);
    cookies.rita = await login(ep.tokens.reviewer);
    cookies.ada = await login((await createToken(ep.storage, { name: 'ada', role: 'admin' }, new Date())).secret);
  });
  afterAll(() => ep.close());
  const page = (path: string, as = 'rita', extra: { method?: string; body?: string; headers?: Record<string, string> } = {}) =>
    ep.request(path, { ...extra, headers: { cookie: cookies[as]!, ...extra.headers } });
  const aPostedItem = async () => {
    const a = anItem();
    expect((await ep.post(a)).status).toBe(201);
    return a;
  };

  describe('the language switch', () => {
    it('on a group page keeps the group (?key=)', async () => {
      const a = await aPostedItem();
      const path = `/review/groups/url?key=${encodeURIComponent(a.target.url)}`;
      const target = frenchLink((await page(path)).text, path);
      const switched = await page(target.pathname + target.search);
      expect(switched.status).toBe(200);
      expect(switched.text).toContain('<html lang="fr"');
    });

    it('on a filtered queue keeps the filters', async () => {
      const path = '/review?q=acct&status=rejected&sort=newest&lang=ar';
      const target = frenchLink((await page(path)).text, path);
      expect(Object.fromEntries(target.searchParams)).toEqual({ q: 'acct', status: 'rejected', sort: 'newest', lang: 'fr' });
    });

    it('on the answer to a post leads to the page itself, not back to the post\'s address', async () => {
      const a = await aPostedItem();
      const csrf = csrfOf((await page(`/review/reports/${a.id}`)).text);
      const path = `/review/reports/${a.id}/status`;
      const refused = await page(path, 'rita', post([['csrf', csrf], ['status', 'actioned']]));
      expect(refused.status).toBe(409);
      const target = frenchLink(refused.text, path);
      expect(target.pathname + target.search).toBe(`/review/reports/${a.id}?lang=fr`);
    });
  });

  describe('a session that ended', () => {
    it('a form posted after it ended answers the login form saying so (HTML, nothing saved), not a JSON error', async () => {
      const a = await aPostedItem();
      const mine = await login(ep.tokens.reviewer);
      const csrf = csrfOf((await ep.request(`/review/reports/${a.id}`, { headers: { cookie: mine } })).text);
      expect((await ep.request('/review/logout', post([['csrf', csrf]], mine))).status).toBe(303);
      const answer = await ep.request(`/review/reports/${a.id}/status`, post([['csrf', csrf], ['status', 'under_review']], mine));
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toMatch(/text\/html/);
      expect(answer.text).toContain('action="/review/login"');
      expect(answer.text).toMatch(/role="alert"[^>]*>Your session has ended/);
      expect((await ep.storage.reportState(a.id))!.status).toBe('received');
    });

    it('a stale form (the session was renewed since it loaded) answers a page that says to reload', async () => {
      const a = await aPostedItem();
      const answer = await page(`/review/reports/${a.id}/status`, 'rita', post([['csrf', 'from-an-older-session'], ['status', 'under_review']]));
      expect(answer.status).toBe(403);
      expect(answer.headers.get('content-type')).toMatch(/text\/html/);
      expect(answer.text).toContain('data-testid="stale-form"');
      expect((await ep.storage.reportState(a.id))!.status).toBe('received');
    });

    it('an API caller (Bearer) still gets JSON', async () => {
      const a = await aPostedItem();
      const answer = await ep.request(`/review/reports/${a.id}/status`, { method: 'POST', token: 'fpt_not-a-token', ...form({ status: 'under_review' }) });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toMatch(/application\/json/);
    });

    it('logging out again (a second tab) clears the cookie and lands on the login form', async () => {
      const mine = await login(ep.tokens.reviewer);
      const csrf = csrfOf((await ep.request('/review', { headers: { cookie: mine } })).text);
      await ep.request('/review/logout', post([['csrf', csrf]], mine));
      const again = await ep.request('/review/logout', post([['csrf', csrf]], mine));
      expect(again.status).toBe(303);
      expect(again.headers.get('location')).toBe('/review/login');
      expect(again.headers.get('set-cookie')).toMatch(/^flagpost_review=;.*Max-Age=0/);
    });

    it('logging out of a live session still needs the form\'s CSRF token', async () => {
      const mine = await login(ep.tokens.reviewer);
      const answer = await ep.request('/review/logout', post([['csrf', 'forged']], mine));
      expect(answer.status).toBe(403);
      expect((await ep.request('/review', { headers: { cookie: mine } })).status).toBe(200);
    });
  });

  describe('the accounts page', () => {
    it('creating an account with a blank name shows the page with a message, not JSON', async () => {
      const csrf = csrfOf((await page('/review/accounts', 'ada')).text);
      const answer = await page('/review/accounts', 'ada', post([['csrf', csrf], ['name', '   '], ['role', 'reviewer']]));
      expect(answer.status).toBe(422);
      expect(answer.headers.get('content-type')).toMatch(/text\/html/);
      expect(answer.text).toMatch(/class="error" role="alert">A name needs 1 to 100/);
    });

    it('re-submitting the create form (reload of the page showing the secret) makes no second token', async () => {
      const accounts = (await page('/review/accounts', 'ada')).text;
      const name = `carol-${randomBytes(3).toString('hex')}`;
      const fields: [string, string][] = [['csrf', csrfOf(accounts)], ['nonce', nonceOf(accounts)], ['name', name], ['role', 'admin']];
      const first = await page('/review/accounts', 'ada', post(fields));
      expect(first.status).toBe(201);
      const again = await page('/review/accounts', 'ada', post(fields));
      expect(again.status).toBe(409);
      expect(again.text).not.toContain('data-testid="new-secret"');
      expect((await ep.storage.listTokens()).filter((t) => t.name === name)).toHaveLength(1);
      // The answer's own form is a new one: it makes the next account.
      const next: [string, string][] = [['csrf', csrfOf(first.text)], ['nonce', nonceOf(first.text)], ['name', name], ['role', 'admin']];
      expect((await page('/review/accounts', 'ada', post(next))).status).toBe(201);
    });

    it('each revoke button names the account it revokes', async () => {
      await createToken(ep.storage, { name: 'bob-reviewer', role: 'reviewer' }, new Date());
      await createToken(ep.storage, { name: 'bob-reviewer', role: 'reviewer' }, new Date());
      const accounts = (await page('/review/accounts', 'ada', { headers: { 'accept-language': 'fr' } })).text;
      const labels = [...accounts.matchAll(/<button data-testid="revoke-([^"]+)" aria-label="([^"]+)">/g)];
      expect(labels.length).toBeGreaterThan(2);
      for (const [, id, label] of labels) expect(label).toMatch(new RegExp(`^Révoquer .+ \\(${id}\\)$`));
      expect(new Set(labels.map((l) => l[2])).size).toBe(labels.length);
    });

    it('after a revoke the page says so', async () => {
      const { record } = await createToken(ep.storage, { name: 'dave', role: 'reviewer' }, new Date());
      const csrf = csrfOf((await page('/review/accounts', 'ada')).text);
      const done = await page(`/review/accounts/${record.id}/revoke`, 'ada', post([['csrf', csrf]]));
      expect(done.status).toBe(303);
      expect((await page(done.headers.get('location')!, 'ada')).text).toMatch(/<p role="status"[^>]*>The account dave was revoked/);
    });
  });

  it('after a successful status change the report\'s page says so', async () => {
    const a = await aPostedItem();
    const csrf = csrfOf((await page(`/review/reports/${a.id}`)).text);
    const saved = await page(`/review/reports/${a.id}/status`, 'rita', post([['csrf', csrf], ['status', 'under_review']]));
    expect(saved.status).toBe(303);
    const after = await page(saved.headers.get('location')!);
    expect(after.text).toMatch(/<p role="status"[^>]*>Status saved/);
    expect((await page(`/review/reports/${a.id}`)).text).not.toMatch(/role="status"/);
  });

  it('after recording a forwarding the report\'s page says so', async () => {
    const a = await aPostedItem();
    const csrf = csrfOf((await page(`/review/reports/${a.id}`)).text);
    const sent = await page(`/review/reports/${a.id}/forward`, 'rita', post([['csrf', csrf], ['channel', 'notice']]));
    expect(sent.status).toBe(303);
    expect((await page(sent.headers.get('location')!, 'rita', { headers: { 'accept-language': 'fr' } })).text).toMatch(/<p role="status"[^>]*>Transmission enregistrée/);
  });
});

describe.each(backends)('the accounts table upgrade on $name', (backend) => {
  it('a database from before the create form\'s nonce gets its column and unique index', async () => {
    const ep = await startTestEndpoint(backend);
    const driver = ep.env.DATABASE_URL ? openPostgres(ep.env.DATABASE_URL) : openSqlite(ep.env.FLAGPOST_SQLITE_PATH!);
    try {
      await driver.exec('DROP INDEX IF EXISTS tokens_by_form_nonce; ALTER TABLE tokens DROP COLUMN form_nonce');
      await migrate(driver);
      await driver.run("INSERT INTO tokens (id, name, secret_sha256, reviewer, created_at, form_nonce) VALUES ('tok_a1', 'a', 'x1', 1, 'now', 'n1')");
      await expect(driver.run("INSERT INTO tokens (id, name, secret_sha256, reviewer, created_at, form_nonce) VALUES ('tok_a2', 'a', 'x2', 1, 'now', 'n1')")).rejects.toThrow();
    } finally {
      await driver.close();
      await ep.close();
    }
  });
});
