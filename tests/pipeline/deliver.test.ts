// @vitest-environment node
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { deliverReport, retryAfter } from '../../utils/endpoint/deliver';
import type { Report } from '../../utils/schema/report';
import { validReport, validReportV11 } from '../../test-support/fixtures';

/** A 1.1 report whose video carries a TMK (a stand-in value: deliver does not read it). */
function reportWithTmk(): Report {
  const report = validReportV11();
  report.media[1]!.hashes.push({ algorithm: 'tmk', value: 'VE1LMQ==' });
  return report;
}
const info = (hashes?: string[]) => ({ name: 'e', accepts: ['flagpost.report/1', 'flagpost.report/1.1'], ...(hashes ? { hashes } : {}) });
const algorithmsSent = (body: string) => (JSON.parse(body) as Report).media.map((medium) => medium.hashes.map((hash) => hash.algorithm));

let server: Server | undefined;
let seen: { url?: string; headers: IncomingMessage['headers']; body: string }[] = [];

async function endpoint(answer: (res: ServerResponse) => void): Promise<string> {
  seen = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ url: req.url, headers: req.headers, body });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
}

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

describe('deliverReport', () => {
  test('POSTs the report with its id as Idempotency-Key and the bearer token', async () => {
    const base = await endpoint((res) => json(res, 201, { id: 'x', status: 'received', receivedAt: '2026-11-24T10:00:01Z' }));
    const report = validReport();
    const outcome = await deliverReport(report, { base, token: 's3cret' });
    expect(outcome).toEqual({ kind: 'sent', status: 'received' });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers['idempotency-key']).toBe(report.id);
    expect(seen[0]!.headers.authorization).toBe('Bearer s3cret');
    expect(seen[0]!.headers.cookie).toBeUndefined();
    expect(JSON.parse(seen[0]!.body)).toEqual(report);
  });

  test('an endpoint that accepts only flagpost.report/1 gets a 1.1 report again as 1, once', async () => {
    const base = await endpoint((res) => {
      // GET /v1 before the second try: this endpoint lists report 1 only.
      if (seen.at(-1)!.url === '/v1') return json(res, 200, { ...info(['vpdq']), accepts: ['flagpost.report/1'] });
      const last = JSON.parse(seen.at(-1)!.body);
      if (last.schema === 'flagpost.report/1') json(res, 201, { id: 'x', status: 'received' });
      else json(res, 422, { error: { code: 'invalid_report', message: 'schema: expected flagpost.report/1' } });
    });
    const outcome = await deliverReport(validReportV11(), { base, token: '' });
    expect(outcome).toEqual({ kind: 'sent', status: 'received' });
    expect(seen.map(({ url }) => url)).toEqual(['/v1/reports', '/v1', '/v1/reports']);
    const posts = seen.filter(({ url }) => url === '/v1/reports');
    expect(posts.map(({ body }) => JSON.parse(body).schema)).toEqual(['flagpost.report/1.1', 'flagpost.report/1']);
    expect(posts[1]!.headers['idempotency-key']).toBe(validReportV11().id);
  });

  test('an endpoint that lists 1.1 and refuses a 1.1 report for a reason of its own: that reason is kept, nothing resent', async () => {
    const base = await endpoint((res) =>
      seen.at(-1)!.url === '/v1' ? json(res, 200, info(['vpdq'])) : json(res, 422, { error: { message: 'target.platform: unknown platform' } }));
    expect(await deliverReport(validReportV11(), { base, token: '' })).toEqual({
      kind: 'rejected',
      reason: { key: 'deliveryHttpError', detail: 'HTTP 422: target.platform: unknown platform' },
    });
    expect(seen.map(({ url }) => url)).toEqual(['/v1/reports', '/v1']);
  });

  test('a report with a TMK: GET /v1 first; an endpoint that lists "tmk" gets it', async () => {
    const base = await endpoint((res) => (seen.at(-1)!.url === '/v1' ? json(res, 200, info(['vpdq', 'tmk'])) : json(res, 201, { status: 'received' })));
    expect(await deliverReport(reportWithTmk(), { base, token: '' })).toEqual({ kind: 'sent', status: 'received' });
    expect(seen.map(({ url }) => url)).toEqual(['/v1', '/v1/reports']);
    expect(JSON.parse(seen[1]!.body)).toEqual(reportWithTmk());
  });

  test('an endpoint that no longer lists "tmk" gets the report without it, the medium saying why', async () => {
    const base = await endpoint((res) => (seen.at(-1)!.url === '/v1' ? json(res, 200, info(['vpdq'])) : json(res, 201, { status: 'received' })));
    expect(await deliverReport(reportWithTmk(), { base, token: '' })).toEqual({ kind: 'sent', status: 'received' });
    const sent = JSON.parse(seen[1]!.body) as Report;
    expect(algorithmsSent(seen[1]!.body)).toEqual([['sha256'], ['vpdq', 'storyboard_pdq']]);
    expect(sent.media[1]!.error).toBe('TMK not sent: the endpoint does not list "tmk" in GET /v1 hashes');
    expect(sent.schema).toBe('flagpost.report/1.1'); // the rendition and storyboard still need 1.1
    // With nothing else of 1.1, the report says 1: an endpoint of report 1 takes it at once.
    const tmkOnly = reportWithTmk();
    const { rendition: _rendition, ...video } = tmkOnly.media[1]!;
    tmkOnly.media[1] = { ...video, hashes: video.hashes.filter((hash) => hash.algorithm !== 'storyboard_pdq') };
    seen = [];
    await deliverReport(tmkOnly, { base, token: '' });
    expect(JSON.parse(seen[1]!.body).schema).toBe('flagpost.report/1');
  });

  test('an endpoint of report 1 that does not answer GET /v1 refuses the TMK report; resent as 1 without it, said plainly', async () => {
    const base = await endpoint((res) => {
      const last = seen.at(-1)!;
      if (last.url === '/v1') return json(res, 404, { error: { message: 'not found' } });
      if (JSON.parse(last.body).schema === 'flagpost.report/1') return json(res, 201, { status: 'received' });
      json(res, 422, { error: { code: 'invalid_report', message: 'schema: expected flagpost.report/1' } });
    });
    expect(await deliverReport(reportWithTmk(), { base, token: '' })).toEqual({ kind: 'sent', status: 'received' });
    expect(seen.map(({ url }) => url)).toEqual(['/v1', '/v1/reports', '/v1/reports']);
    expect(algorithmsSent(seen[2]!.body)).toEqual([['sha256'], ['vpdq']]);
    expect(JSON.parse(seen[2]!.body).media[1].error).toBe('storyboard hashes and TMK not sent: the endpoint accepts flagpost.report/1 only');
  });

  test('a report without a TMK does not ask GET /v1', async () => {
    const base = await endpoint((res) => json(res, 201, { status: 'received' }));
    await deliverReport(validReportV11(), { base, token: '' });
    expect(seen.map(({ url }) => url)).toEqual(['/v1/reports']);
  });

  test('a 1.1 report refused again as 1 is rejected, not resent forever', async () => {
    const base = await endpoint((res) => json(res, 422, { error: { message: 'no' } }));
    const outcome = await deliverReport(validReportV11(), { base, token: '' });
    expect(outcome.kind).toBe('rejected');
    // The two tries, and between them one GET /v1 (which fails here: an endpoint that does not say what it takes).
    expect(seen.map(({ url }) => url)).toEqual(['/v1/reports', '/v1', '/v1/reports']);
  });

  test('sends no Authorization header without a token', async () => {
    const base = await endpoint((res) => json(res, 200, { id: 'x', status: 'received' }));
    await deliverReport(validReport(), { base, token: '' });
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });

  test('a 2xx without a receipt (empty, HTML, wrong types) is not taken for a delivery: it is retried', async () => {
    const answers = [
      (res: ServerResponse) => res.writeHead(202).end(),
      (res: ServerResponse) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>Welcome to nginx!</h1>'),
      (res: ServerResponse) => json(res, 201, { id: 7, status: 42 }),
    ];
    for (const answer of answers) {
      const base = await endpoint(answer);
      const outcome = await deliverReport(validReport(), { base, token: '' });
      expect(outcome).toMatchObject({ kind: 'retry', reason: { key: 'deliveryNotReceipt' } });
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = undefined;
    }
  });

  test('a redirect is never followed (it could carry the token elsewhere) and says so: the address must be corrected', async () => {
    const base = await endpoint((res) => res.writeHead(307, { Location: 'http://127.0.0.2:1/v1/reports' }).end());
    expect(await deliverReport(validReport(), { base, token: 's3cret' })).toEqual({ kind: 'rejected', reason: { key: 'deliveryRedirected' } });
    expect(seen).toHaveLength(1);
  });

  test('401 is not retried and tells the user to check the token', async () => {
    const base = await endpoint((res) => json(res, 401, { error: { code: 'unauthorized', message: 'unknown token' } }));
    const outcome = await deliverReport(validReport(), { base, token: 'bad' });
    expect(outcome).toEqual({ kind: 'rejected', reason: { key: 'deliveryTokenRefused', detail: 'HTTP 401: unknown token' } });
  });

  test('422 is not retried and keeps the endpoint\'s reason', async () => {
    const base = await endpoint((res) => json(res, 422, { error: { code: 'invalid', message: 'target.url: bad' } }));
    expect(await deliverReport(validReport(), { base, token: '' })).toEqual({ kind: 'rejected', reason: { key: 'deliveryHttpError', detail: 'HTTP 422: target.url: bad' } });
  });

  test('500 is retried', async () => {
    const base = await endpoint((res) => res.writeHead(500).end('<html>oops</html>'));
    expect(await deliverReport(validReport(), { base, token: '' })).toEqual({ kind: 'retry', reason: { key: 'deliveryHttpError', detail: 'HTTP 500' } });
  });

  test('429 is retried when Retry-After says', async () => {
    const base = await endpoint((res) => json(res, 429, {}, { 'Retry-After': '7' }));
    expect(await deliverReport(validReport(), { base, token: '' })).toEqual({ kind: 'retry', reason: { key: 'deliveryHttpError', detail: 'HTTP 429' }, retryAfterMs: 7000 });
  });

  test('a refused connection is retried', async () => {
    const base = await endpoint(() => {});
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    expect(await deliverReport(validReport(), { base, token: '' })).toEqual({ kind: 'retry', reason: { key: 'deliveryUnreachable' } });
  });

  test('a hanging endpoint times out and is retried', async () => {
    const base = await endpoint(() => {}); // never answers
    expect(await deliverReport(validReport(), { base, token: '' }, 200)).toEqual({ kind: 'retry', reason: { key: 'deliveryTimeout', detail: '0.2' } });
    server!.closeAllConnections();
  });

});

describe('retryAfter', () => {
  test('reads seconds and HTTP dates, ignores nonsense', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    expect(retryAfter('120', now)).toEqual({ retryAfterMs: 120_000 });
    expect(retryAfter('Tue, 24 Nov 2026 10:01:00 GMT', now)).toEqual({ retryAfterMs: 60_000 });
    expect(retryAfter('soon', now)).toEqual({});
    expect(retryAfter('-5', now)).toEqual({});
    expect(retryAfter(null, now)).toEqual({});
  });
});
