// @vitest-environment node
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Endpoint } from '../../utils/endpoint/request';
import { endpointCapabilities } from '../../utils/endpoint/info';
import { canWithdraw, withdrawReport } from '../../utils/pipeline/withdraw';
import { addReport, getReport } from '../../utils/store/reports';
import { seededReport } from '../../test-support/stored-reports';
import { freshIndexedDb } from '../fresh-indexeddb';

const NOW = Date.UTC(2026, 10, 24, 12);
let server: Server;
let endpoint: Endpoint;
let answers: Record<string, { status: number; body?: unknown }>;
let asked: IncomingMessage[];

beforeEach(async () => {
  await freshIndexedDb();
  asked = [];
  answers = {};
  server = createServer((req, res) => {
    asked.push(req);
    const answer = answers[`${req.method} ${req.url}`] ?? { status: 404, body: { error: { code: 'not_found' } } };
    res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 'secret' };
});
afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Report 1 of the seed: sent and 'received' at `endpoint`. */
async function storeReceived() {
  const record = seededReport(1, NOW, endpoint.base);
  await addReport(record);
  return record.id;
}

describe('endpointCapabilities', () => {
  test('withdraw only when GET /v1 says so', async () => {
    answers['GET /v1'] = { status: 200, body: { name: 'e', accepts: ['flagpost.report/1'], withdraw: true } };
    expect(await endpointCapabilities(endpoint)).toEqual({ base: endpoint.base, withdraw: true });
    answers['GET /v1'] = { status: 200, body: { name: 'e', accepts: ['flagpost.report/1'] } };
    expect(await endpointCapabilities(endpoint)).toEqual({ base: endpoint.base, withdraw: false });
    answers['GET /v1'] = { status: 200, body: '<html>' };
    expect(await endpointCapabilities(endpoint)).toEqual({ base: endpoint.base, withdraw: false });
    expect(await endpointCapabilities({ key: 'popupNoEndpoint' })).toEqual({ withdraw: false });
  });
});

describe('withdrawReport', () => {
  test('posts to the withdraw route with the token and records the status it answers', async () => {
    const id = await storeReceived();
    answers[`POST /v1/reports/${id}/withdraw`] = { status: 200, body: { id, status: 'withdrawn', updatedAt: '2026-11-24T12:00:00Z' } };
    expect(await withdrawReport(id, endpoint, () => NOW)).toEqual({ status: 'withdrawn' });
    expect(asked.at(-1)!.headers.authorization).toBe('Bearer secret');
    expect(asked.at(-1)!.headers.cookie).toBeUndefined();
    const tracking = (await getReport(id))!.tracking!;
    expect(tracking).toMatchObject({ status: 'withdrawn', checkedAt: NOW, nextCheckAt: Number.POSITIVE_INFINITY });
    // Withdrawn is final: nothing more to withdraw.
    expect(canWithdraw((await getReport(id))!, endpoint.base)).toBe(false);
  });

  test.each([
    [404, 'withdrawUnsupported'],
    [405, 'withdrawUnsupported'],
    [409, 'withdrawTooLate'],
    [401, 'deliveryTokenRefused'],
    [500, 'withdrawFailed'],
  ])('an answer %i is explained (%s) and changes nothing', async (status, key) => {
    const id = await storeReceived();
    answers[`POST /v1/reports/${id}/withdraw`] = { status, body: { error: { code: 'x', message: 'x' } } };
    expect(await withdrawReport(id, endpoint)).toEqual({ reason: expect.objectContaining({ key }) });
    expect((await getReport(id))!.tracking!.status).toBe('received');
  });

  test('an unreachable endpoint is explained', async () => {
    const id = await storeReceived();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await withdrawReport(id, endpoint)).toEqual({ reason: { key: 'withdrawUnreachable' } });
    server.listen(0, '127.0.0.1'); // for afterEach
  });

  test('never asks an endpoint about a report it did not receive, nor about unknown, unsent or final reports', async () => {
    const elsewhere = seededReport(1, NOW, 'https://other.example');
    await addReport(elsewhere);
    expect(await withdrawReport(elsewhere.id, endpoint)).toEqual({ reason: { key: 'withdrawNotPossible' } });
    const failed = seededReport(2, NOW, endpoint.base);
    await addReport(failed);
    expect(await withdrawReport(failed.id, endpoint)).toEqual({ reason: { key: 'withdrawNotPossible' } });
    const actioned = seededReport(5, NOW, endpoint.base);
    await addReport(actioned);
    expect(await withdrawReport(actioned.id, endpoint)).toEqual({ reason: { key: 'withdrawNotPossible' } });
    expect(await withdrawReport(seededReport(9, NOW).id, endpoint)).toEqual({ reason: { key: 'withdrawNoReport' } });
    expect(await withdrawReport(elsewhere.id, { key: 'popupNoEndpoint' })).toEqual({ reason: { key: 'popupNoEndpoint' } });
    expect(asked).toHaveLength(0);
  });
});
