import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { aReport } from './support/reports.ts';

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
});

describe.each(backends)('hardening on $name', (backend) => {
  let ep: TestEndpoint;
  beforeAll(async () => {
    ep = await startTestEndpoint(backend);
  });
  afterAll(() => ep.close());

  it('makes the session cookie Secure unless the browser is on this machine over plain http', async () => {
    // node:http, not fetch: fetch sends its own Host header whatever it is given.
    const login = (headers: Record<string, string>) => new Promise<string>((resolve, reject) => {
      const { body, headers: formHeaders } = form({ token: ep.tokens.reviewer }, headers);
      const sent = httpRequest(`${ep.baseUrl}/review/login`, { method: 'POST', headers: formHeaders }, (answer) => {
        answer.resume();
        resolve(String(answer.headers['set-cookie']));
      });
      sent.once('error', reject);
      sent.end(body);
    });
    expect(await login({})).not.toMatch(/Secure/);
    // A TLS proxy in front, FLAGPOST_TRUST_PROXY off: the request looks like plain http to us.
    expect(await login({ host: 'flagpost.example.org' })).toMatch(/; Secure$/);
    expect(await login({ 'x-forwarded-proto': 'https' })).toMatch(/; Secure$/);
  });

  it('refuses a body that is not UTF-8 with 400 and says so, instead of storing U+FFFD', async () => {
    const report = aReport();
    const json = Buffer.from(JSON.stringify({ ...report, target: { ...report.target, text: 'INVALID' } }));
    const at = json.indexOf('INVALID');
    json[at] = 0xff;
    const answer = await fetch(`${ep.baseUrl}/v1/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ep.tokens.alice}`, 'content-type': 'application/json', 'idempotency-key': report.id },
      body: json,
    });
    expect(answer.status).toBe(400);
    expect((await answer.json()).error).toEqual({ code: 'invalid_utf8', message: `body: not valid UTF-8 (at byte ${at}); send the report encoded as UTF-8` });
    expect(await ep.storage.reportState(report.id)).toBeUndefined();
  });

  it('refuses text that PostgreSQL cannot store (a NUL, half a surrogate pair) with 422 on every database, naming where', async () => {
    const cases: [string, Parameters<typeof aReport>[0] & object, string][] = [
      ['a NUL', (r) => (r.target.text = 'a\u0000b'), 'target.text'],
      ['a lone high surrogate', (r) => (r.classification.entity = 'x\ud800y'), 'classification.entity'],
      ['a lone low surrogate', (r) => (r.target.author = { handle: '@\udc00' }), 'target.author.handle'],
    ];
    for (const [, change, where] of cases) {
      const report = aReport(change);
      const answer = await ep.post(report);
      expect(answer.status, answer.text).toBe(422);
      expect(answer.json.error).toEqual({ code: 'invalid_report', message: expect.stringMatching(new RegExp(`^${where.replace('.', '\\.')}: contains a NUL`)) });
      expect(await ep.storage.reportState(report.id)).toBeUndefined();
    }
    // A reviewer's note and search: 400 naming the field, nothing changed.
    const stored = aReport();
    await ep.post(stored);
    const note = await ep.request(`/review/reports/${stored.id}/status`, { token: ep.tokens.reviewer, ...form({ status: 'under_review', note: 'a\u0000b' }) });
    expect(note.status).toBe(400);
    expect(note.json.error.message).toMatch(/^note: contains a NUL/);
    expect((await ep.storage.reportState(stored.id))!.status).toBe('received');
    const search = await ep.request('/review?q=%00', { token: ep.tokens.reviewer });
    expect(search.status).toBe(400);
    // A whole pair is an ordinary character.
    const emoji = aReport((r) => (r.target.text = 'flag \ud83c\udff4 and 💖'));
    expect((await ep.post(emoji)).status).toBe(201);
  });

  it('reads a JSON body with a __proto__ key as JSON, and the schema refuses the key by name', async () => {
    const report = aReport();
    const body = JSON.stringify(report).replace(/^\{/, '{"__proto__":{"polluted":true},');
    const answer = await ep.post(body, { key: report.id });
    expect(answer.status).toBe(422);
    expect(answer.json.error.code).toBe('invalid_report');
    expect(answer.json.error.message).toContain('__proto__');
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('never lets a reviewer withdraw a report: that is the reporter\'s move', async () => {
    const report = aReport();
    await ep.post(report);
    const page = await ep.request(`/review/reports/${report.id}`, { token: ep.tokens.reviewer });
    expect(page.text).not.toContain('<option value="withdrawn">');
    const forged = await ep.request(`/review/reports/${report.id}/status`, { token: ep.tokens.reviewer, ...form({ status: 'withdrawn' }) });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('only its reporter can withdraw');
    expect((await ep.storage.reportState(report.id))!.status).toBe('received');
    const own = await ep.request(`/v1/reports/${report.id}/withdraw`, { method: 'POST', token: ep.tokens.alice });
    expect(own.json.status).toBe('withdrawn');
  });

  it('pages the reviewer list by cursor links and refuses a cursor it did not make', async () => {
    // Ids in capitals: the contract's UUIDs may be written either way, and a page may end on one.
    for (let i = 0; i < 51; i++) await ep.post(aReport((r) => (r.id = r.id.toUpperCase())));
    const first = await ep.request('/review', { token: ep.tokens.reviewer });
    const older = /href="(\/review\?after=[^"]+)" rel="next"/.exec(first.text)?.[1];
    expect(older).toBeDefined();
    const second = await ep.request(older!.replaceAll('&amp;', '&'), { token: ep.tokens.reviewer });
    expect(second.status).toBe(200);
    expect(second.text).toMatch(/rel="prev"/);
    const bad = await ep.request('/review?after=1%27%20OR%201=1', { token: ep.tokens.reviewer });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('after');
  });

  it('answers a 404 with CORS headers, on /v1 and off it, so the extension can read it; none on the reviewer page', async () => {
    for (const path of ['/v1/nothing', '/v2/nothing', '/api/v1/reports']) {
      const answer = await ep.request(path, { headers: { origin: 'chrome-extension://abcdef' } });
      expect(answer.status, path).toBe(404);
      expect(answer.headers.get('access-control-allow-origin'), path).toBe('*');
    }
    const review = await ep.request('/review/login', { headers: { origin: 'https://elsewhere.example' } });
    expect(review.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe.each(backends)('reviewer login limits on $name', (backend) => {
  let ep: TestEndpoint;
  afterAll(() => ep?.close());
  // The budgets refill with time (one failure a second): a clock that stands still counts tries, not speed.
  beforeEach(() => void vi.useFakeTimers({ toFake: ['Date'] }));
  afterEach(() => void vi.useRealTimers());

  it('behind a proxy with trust-proxy off, wrong tokens lock out wrong tokens, never a reviewer with the right one', async () => {
    ep = await startTestEndpoint(backend);
    const tries = [];
    for (let i = 0; i < 12; i++) tries.push((await ep.request('/review/login', form({ token: 'fpt_wrong' }))).status);
    expect(tries.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(tries.slice(10)).toEqual([429, 429]);
    // Same address (the proxy's), right token: in.
    expect((await ep.request('/review/login', form({ token: ep.tokens.reviewer }))).status).toBe(303);
    // An account has its own budget too.
    const mine = [];
    for (let i = 0; i < 11; i++) mine.push((await ep.request('/review/login', form({ token: ep.tokens.reviewer }))).status);
    expect(mine.slice(0, 9).every((s) => s === 303)).toBe(true);
    expect(mine[10]).toBe(429);
    await ep.close();
  });

  it('with trust-proxy on, a new X-Forwarded-For per request does not buy unlimited tries', async () => {
    ep = await startTestEndpoint(backend, { FLAGPOST_TRUST_PROXY: 'on' });
    const statuses = [];
    for (let i = 0; i < 40; i++) {
      statuses.push((await ep.request('/review/login', form({ token: 'fpt_wrong' }, { 'x-forwarded-for': `203.0.113.${i}` }))).status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    // Only the nearest proxy's word counts: a client-written left part is not the address.
    const spoofed = [];
    for (let i = 0; i < 12; i++) {
      spoofed.push((await ep.request('/review/login', form({ token: ep.tokens.reviewer }, { 'x-forwarded-for': `198.51.100.${i}, 192.0.2.1` }))).status);
    }
    expect(spoofed.filter((s) => s === 303)).toHaveLength(10);
  });
});
