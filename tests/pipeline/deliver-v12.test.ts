// @vitest-environment node
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { deliverReport } from '../../utils/endpoint/deliver';
import type { Report } from '../../utils/schema/report';
import { validAccountReport as accountReport, validReport } from '../../test-support/fixtures';

function linkedPost(): Report {
  const report = validReport();
  return { ...report, schema: 'flagpost.report/1.2', target: { ...report.target, outLinks: [{ url: 'https://example.org/', offPlatform: true }] } };
}

let server: Server | undefined;
let posted: string[] = [];

/**
 * An endpoint whose GET /v1 says `accepts` (or fails), and whose POST refuses any schema it does not accept, or
 * every report with 422 `refusal` when given.
 */
async function endpoint(accepts: string[] | 'unreadable', refusal?: string): Promise<string> {
  posted = [];
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const json = (status: number, value: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
      if (req.method === 'GET') return accepts === 'unreadable' ? json(500, {}) : json(200, { name: 'e', accepts });
      posted.push(body);
      if (refusal) return json(422, { error: { message: refusal } });
      const schema = (JSON.parse(body) as Report).schema;
      const known = accepts === 'unreadable' ? ['flagpost.report/1', 'flagpost.report/1.1'] : accepts;
      return known.includes(schema) ? json(201, { id: 'x', status: 'received' }) : json(422, { error: { message: `schema: not ${schema}` } });
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

describe('deliverReport and report 1.2', () => {
  test('an endpoint that accepts 1.2 gets the account report as it is', async () => {
    const base = await endpoint(['flagpost.report/1', 'flagpost.report/1.1', 'flagpost.report/1.2']);
    expect(await deliverReport(accountReport(), { base, token: '' })).toEqual({ kind: 'sent', status: 'received' });
    expect(JSON.parse(posted[0]!)).toEqual(accountReport());
  });

  test('an endpoint that does not list 1.2 never gets an account report: rejected, with a reason the user can read', async () => {
    const base = await endpoint(['flagpost.report/1', 'flagpost.report/1.1']);
    const outcome = await deliverReport(accountReport(), { base, token: '' });
    expect(outcome).toMatchObject({ kind: 'rejected', reason: { key: 'deliveryNeedsVersion12' } });
    expect(posted).toEqual([]);
  });

  test('an endpoint that does not say what it accepts, and refuses 1.2 by its schema, gets no second try of an account', async () => {
    const base = await endpoint('unreadable');
    const outcome = await deliverReport(accountReport(), { base, token: '' });
    expect(outcome).toMatchObject({ kind: 'rejected', reason: { key: 'deliveryNeedsVersion12' } });
    expect(posted.map((body) => JSON.parse(body).schema)).toEqual(['flagpost.report/1.2']);
  });

  test('a post with out-links goes to an endpoint without 1.2 without them, as 1', async () => {
    const base = await endpoint(['flagpost.report/1']);
    expect(await deliverReport(linkedPost(), { base, token: '' })).toEqual({ kind: 'sent', status: 'received' });
    expect(posted.map((body) => JSON.parse(body))).toEqual([validReport()]);
  });

  test('refused by its schema without notice, a post with out-links is resent without them', async () => {
    const base = await endpoint('unreadable');
    expect(await deliverReport(linkedPost(), { base, token: '' })).toEqual({ kind: 'sent', status: 'received' });
    expect(posted.map((body) => JSON.parse(body).schema)).toEqual(['flagpost.report/1.2', 'flagpost.report/1']);
  });

  test('an endpoint that lists 1.2 and refuses a report for a reason of its own: that reason is kept, nothing resent', async () => {
    const base = await endpoint(['flagpost.report/1', 'flagpost.report/1.1', 'flagpost.report/1.2'], 'target.platform: unknown platform');
    expect(await deliverReport(accountReport(), { base, token: '' })).toEqual({
      kind: 'rejected',
      reason: { key: 'deliveryHttpError', detail: 'HTTP 422: target.platform: unknown platform' },
    });
    expect(posted.map((body) => JSON.parse(body).schema)).toEqual(['flagpost.report/1.2']);
    posted = [];
    expect(await deliverReport(linkedPost(), { base, token: '' })).toMatchObject({ kind: 'rejected', reason: { key: 'deliveryHttpError' } });
    expect(posted.map((body) => JSON.parse(body))).toEqual([linkedPost()]);
  });
});
