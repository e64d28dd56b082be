import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { validReportV11 } from '../../test-support/fixtures.ts';
import { aReport } from './support/reports.ts';
import { createToken, hashSecret } from '../src/core/tokens.ts';
import { Report } from '../src/shared.ts';

describe.each(backends)('protocol routes on $name', (backend) => {
  let ep: TestEndpoint;
  beforeAll(async () => {
    ep = await startTestEndpoint(backend);
  });
  afterAll(() => ep.close());

  it('GET /v1 describes the endpoint, without a token', async () => {
    const answer = await ep.request('/v1');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ name: 'Flagpost reference endpoint', accepts: ['flagpost.report/1', 'flagpost.report/1.1', 'flagpost.report/1.2'], statusTracking: true, hashList: true, withdraw: true, hashListDeletions: true,
      hashes: ['pdq', 'md5', 'sha256', 'vpdq', 'storyboard_pdq', 'tmk'] });
  });

  it('POST /v1/reports stores a report: 201 with its receipt', async () => {
    const report = aReport();
    const answer = await ep.post(report);
    expect(answer.status).toBe(201);
    expect(answer.json).toEqual({ id: report.id, status: 'received', receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) });
  });

  it('stores the body as the text of the validated report, character for character', async () => {
    const report = aReport((r) => {
      r.target.text = 'quote " backslash \\ slash / tab \t line\nsep \u2028 nul-free ünïcode 💖 \u0007 </script>';
      r.classification.explanation = '  padded, trimmed by the schema  ';
    });
    expect((await ep.post(report)).status).toBe(201);
    expect(await ep.storage.reportBody(report.id)).toBe(JSON.stringify(Report.parse(report)));
  });

  it('a replay returns the first answer with 200 and makes no second record', async () => {
    const report = aReport();
    const first = await ep.post(report);
    const again = await ep.post(report);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    // The same body with its keys in another order is the same report.
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(report).reverse()));
    expect((await ep.post(reordered, { key: report.id })).status).toBe(200);
    const list = await ep.storage.listReports({ limit: 1000 });
    expect(list.items.filter((r) => r.id === report.id)).toHaveLength(1);
  });

  it('the same key with a different body is a 409, and the first report stays', async () => {
    const report = aReport();
    await ep.post(report);
    const changed = { ...report, classification: { ...report.classification, threatToLife: true } };
    const answer = await ep.post(changed);
    expect(answer.status).toBe(409);
    expect(answer.json.error).toEqual({ code: 'idempotency_conflict', message: expect.stringContaining('Idempotency-Key') });
    const stored = JSON.parse((await ep.storage.reportBody(report.id))!);
    expect(stored.classification.threatToLife).toBe(false);
  });

  it('the same id from another token is a 409, never a view of their receipt', async () => {
    const report = aReport();
    await ep.post(report);
    const answer = await ep.post(report, { token: ep.tokens.bob });
    expect(answer.status).toBe(409);
    expect(answer.json.error.code).toBe('idempotency_conflict');
  });

  it('concurrent duplicates make exactly one record: one 201, the rest 200 with the same receipt', async () => {
    const report = aReport();
    const answers = await Promise.all(Array.from({ length: 12 }, () => ep.post(report)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(11);
    expect(new Set(answers.map((a) => a.json.receivedAt)).size).toBe(1);
    const hashes = await ep.storage.hashesAfter(0, 100_000);
    const urlHashes = hashes.filter((h) => h.algorithm === 'url_sha256');
    expect(new Set(urlHashes.map((h) => h.value)).size).toBe(urlHashes.length);
  });

  it('accepts flagpost.report/1.1 (a rendition, storyboard PDQs) and lists no frame hash', async () => {
    const report = { ...validReportV11(), id: aReport().id };
    expect((await ep.post(report)).status).toBe(201);
    const stored = JSON.parse((await ep.storage.reportBody(report.id))!);
    expect(stored.media[1].rendition).toEqual(report.media[1]!.rendition);
    const listed = await ep.storage.hashesAfter(0, 100_000);
    expect(listed.some((h) => h.algorithm === 'storyboard_pdq' || h.algorithm === 'vpdq')).toBe(false);
  });

  it('accepts media that repeat one another (the same picture twice in a post)', async () => {
    const report = aReport((r) => r.media.push({ ...r.media[0]!, ref: 'm2' }));
    expect((await ep.post(report)).status).toBe(201);
  });

  it('requires an Idempotency-Key equal to the report id', async () => {
    const report = aReport();
    const missing = await ep.post(report, { key: null });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toEqual({ code: 'idempotency_key_required', message: expect.stringContaining('Idempotency-Key') });
    const other = await ep.post(report, { key: aReport().id });
    expect(other.status).toBe(400);
    expect(other.json.error.code).toBe('idempotency_key_mismatch');
  });

  it('names every invalid field in a 422', async () => {
    const report = aReport((r) => {
      (r.target as { url: string }).url = 'http://x.com/a/status/1';
      r.classification.tco = [];
    });
    const answer = await ep.post(report);
    expect(answer.status).toBe(422);
    expect(answer.json.error.code).toBe('invalid_report');
    expect(answer.json.error.message).toContain('target.url');
    expect(answer.json.error.message).toContain('classification.tco');
  });

  it('refuses a report without the confirmed good-faith statement', async () => {
    const answer = await ep.post(aReport((r) => ((r.goodFaith as { confirmed: boolean }).confirmed = false)));
    expect(answer.status).toBe(422);
    expect(answer.json.error.message).toContain('goodFaith.confirmed');
  });

  it('answers malformed JSON and wrong content types as JSON errors without internals', async () => {
    const broken = await ep.request('/v1/reports', { method: 'POST', token: ep.tokens.alice, body: '{"schema":', headers: { 'idempotency-key': 'x' } });
    expect(broken.status).toBe(400);
    expect(broken.json.error).toEqual({ code: 'invalid_json', message: 'body: not valid JSON' });
    expect(broken.text).not.toMatch(/at |node_modules|stack/);
    const text = await ep.request('/v1/reports', { method: 'POST', token: ep.tokens.alice, body: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(text.json.error.code).toBe('unsupported_media_type');
  });

  it('refuses a body over the limit with 413', async () => {
    const report = aReport((r) => (r.target.text = 'x'.repeat(4_200_000)));
    const answer = await ep.post(report);
    expect(answer.status).toBe(413);
    expect(answer.json.error).toEqual({ code: 'too_large', message: 'body: larger than 4194304 bytes (room for 11 TMK signatures in one report)' });
  });

  it('answers 401 without a token, with an unknown one, and with a malformed header', async () => {
    const report = aReport();
    for (const authorization of [undefined, 'Bearer fpt_nope', 'Basic abc', 'Bearer']) {
      const answer = await ep.request('/v1/reports', {
        method: 'POST', body: JSON.stringify(report), headers: { 'idempotency-key': report.id, ...(authorization ? { authorization } : {}) },
      });
      expect(answer.status, String(authorization)).toBe(401);
      expect(answer.headers.get('www-authenticate')).toContain('Bearer');
      expect(answer.json.error.message).toContain('Authorization');
    }
  });

  it('GET /v1/reports/{id}: the reporter and reviewers see it; other tokens get 404', async () => {
    const report = aReport();
    await ep.post(report);
    const own = await ep.request(`/v1/reports/${report.id}`, { token: ep.tokens.alice });
    expect(own.status).toBe(200);
    expect(own.json).toEqual({ id: report.id, status: 'received', updatedAt: expect.any(String) });
    expect((await ep.request(`/v1/reports/${report.id}`, { token: ep.tokens.reviewer })).status).toBe(200);
    expect((await ep.request(`/v1/reports/${report.id}`, { token: ep.tokens.bob })).status).toBe(404);
    expect((await ep.request(`/v1/reports/${aReport().id}`, { token: ep.tokens.alice })).status).toBe(404);
    const bad = await ep.request('/v1/reports/not-a-uuid', { token: ep.tokens.alice });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('id');
  });

  it('POST /v1/reports/{id}/withdraw: only by its reporter, idempotent, not after a final decision', async () => {
    const report = aReport();
    await ep.post(report);
    expect((await ep.request(`/v1/reports/${report.id}/withdraw`, { method: 'POST', token: ep.tokens.bob })).status).toBe(404);
    const withdrawn = await ep.request(`/v1/reports/${report.id}/withdraw`, { method: 'POST', token: ep.tokens.alice });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.json).toMatchObject({ id: report.id, status: 'withdrawn' });
    expect((await ep.request(`/v1/reports/${report.id}/withdraw`, { method: 'POST', token: ep.tokens.alice })).status).toBe(200);
    expect((await ep.request(`/v1/reports/${report.id}`, { token: ep.tokens.alice })).json.status).toBe('withdrawn');

    const decided = aReport();
    await ep.post(decided);
    const { changeStatus } = await import('../src/core/status.ts');
    await changeStatus(ep.storage, { id: decided.id, status: 'rejected', by: 'reviewer' }, () => new Date());
    const late = await ep.request(`/v1/reports/${decided.id}/withdraw`, { method: 'POST', token: ep.tokens.alice });
    expect(late.status).toBe(409);
    expect(late.json.error.message).toContain('final');
  });

  it('GET /v1/export needs a reviewer token: 403 for a reporter', async () => {
    const answer = await ep.request('/v1/export', { token: ep.tokens.alice });
    expect(answer.status).toBe(403);
    expect(answer.json.error.message).toContain('reviewer');
  });

  it('answers CORS preflights for the extension headers and exposes Retry-After', async () => {
    const answer = await ep.request('/v1/reports', {
      method: 'OPTIONS',
      headers: { origin: 'chrome-extension://abcdef', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,idempotency-key' },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type, Idempotency-Key');
    expect(answer.headers.get('access-control-allow-methods')).toContain('POST');
    const error = await ep.request('/v1/reports', { method: 'POST', headers: { origin: 'moz-extension://x' }, body: '{}' });
    expect(error.headers.get('access-control-allow-origin')).toBe('*');
    expect(error.headers.get('access-control-expose-headers')).toBe('Retry-After');
  });

  it('answers unknown paths with a JSON 404', async () => {
    const answer = await ep.request('/v2/nothing');
    expect(answer.status).toBe(404);
    expect(answer.json.error.code).toBe('not_found');
  });
});

describe.each(backends)('rate limit on $name', (backend) => {
  let ep: TestEndpoint;
  beforeAll(async () => {
    ep = await startTestEndpoint(backend, { FLAGPOST_RATE_PER_MINUTE: '6', FLAGPOST_RATE_BURST: '3' });
  });
  afterAll(() => ep.close());

  it('answers 429 with Retry-After once a token spends its burst, per token', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await ep.post(aReport()));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 429]);
    const limited = answers[3]!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(10);
    expect(limited.json.error.code).toBe('rate_limited');
    // Another volunteer's token has its own budget.
    expect((await ep.post(aReport(), { token: ep.tokens.bob })).status).toBe(201);
  });

  it('looks a token up and takes from its bucket in one call; an unknown or revoked token takes nothing', async () => {
    const { record, secret } = await createToken(ep.storage, { name: 'gate' }, new Date());
    const now = Date.now();
    const first = await ep.storage.tokenAndRateTokens(hashSecret(secret), 'gate:', 3, 60, 2, now);
    expect(first).toEqual({ token: record, granted: 2, tokens: 0 });
    // The same bucket as takeRateTokens's under that key: it is empty now.
    expect((await ep.storage.takeRateTokens(`gate:${record.id}`, 1, 60, 2, now)).granted).toBe(0);
    expect((await ep.storage.tokenAndRateTokens(hashSecret('fpt_nobody'), 'gate:', 1, 60, 2, now)).token).toBeUndefined();
    await ep.storage.revokeToken(record.id, new Date().toISOString());
    const revoked = await ep.storage.tokenAndRateTokens(hashSecret(secret), 'gate-revoked:', 1, 60, 2, now);
    expect(revoked.token?.revokedAt).toBeTruthy();
    expect(revoked.granted).toBe(0);
    expect((await ep.storage.takeRateTokens(`gate-revoked:${record.id}`, 2, 60, 2, now)).granted).toBe(2);
  });
});

describe.each(backends)('errors and logs on $name', (backend) => {
  let ep: TestEndpoint;
  const log: string[] = [];
  beforeAll(async () => {
    ep = await startTestEndpoint(backend, { FLAGPOST_LOG_LEVEL: 'info' }, log);
  });
  afterAll(() => ep.close());

  it('answers an internal failure with a generic 500: no message, no stack; the log has the details', async () => {
    const report = aReport();
    await ep.post(report);
    const original = ep.storage.reportState;
    ep.storage.reportState = async () => {
      throw new Error('disk on fire at /var/lib/secret/path');
    };
    try {
      const answer = await ep.request(`/v1/reports/${report.id}`, { token: ep.tokens.alice });
      expect(answer.status).toBe(500);
      expect(answer.json).toEqual({ error: { code: 'internal', message: expect.any(String) } });
      expect(answer.text).not.toMatch(/fire|secret|\.ts|at /);
    } finally {
      ep.storage.reportState = original;
    }
    expect(log.join('')).toContain('disk on fire');
  });

  it('never writes a token or a session cookie to the log', async () => {
    await ep.post(aReport());
    await ep.request('/v1/reports', { method: 'POST', token: 'fpt_not-a-real-one', body: '{}' });
    const login = await ep.request('/review/login', {
      method: 'POST', body: `token=${ep.tokens.reviewer}`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    await ep.request('/review', { headers: { cookie } });
    const text = log.join('');
    expect(text).toContain('"statusCode":201');
    for (const secret of [ep.tokens.alice, ep.tokens.reviewer, 'fpt_not-a-real-one', cookie.split('=')[1]!]) expect(text).not.toContain(secret);
  });
});
