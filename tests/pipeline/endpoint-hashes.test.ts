/**
 * Which hashes the endpoint takes (`GET /v1` `hashes`): asked before a video is hashed, remembered per endpoint
 * base (Test connection and the popup remember it too), and the remembered answer used when the endpoint
 * cannot be asked. Nothing listed, or no endpoint: no TMK.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { endpointTakes, testConnection } from '../../utils/endpoint/info';
import { endpointHashesItem, rememberedEndpointHashes } from '../../utils/endpoint/remembered-hashes';

const BASE = 'https://endpoint.example';
let answer: { status: number; body: unknown } | 'down';
const asked: string[] = [];

beforeEach(() => {
  fakeBrowser.reset();
  asked.length = 0;
  vi.stubGlobal('fetch', async (input: string) => {
    asked.push(input);
    if (answer === 'down') throw new TypeError('Failed to fetch');
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
  });
});
afterEach(() => vi.unstubAllGlobals());

const lists = (hashes?: string[]) => ({ status: 200, body: { name: 'e', accepts: ['flagpost.report/1'], ...(hashes ? { hashes } : {}) } });

describe('endpointTakes', () => {
  test('asks GET /v1 each time and remembers what it lists', async () => {
    answer = lists(['md5', 'sha256', 'pdq', 'vpdq', 'tmk']);
    expect(await endpointTakes({ base: BASE, token: 't' }, 'tmk')).toBe(true);
    expect(asked).toEqual([`${BASE}/v1`]);
    expect(await rememberedEndpointHashes(BASE)).toContain('tmk');
    answer = lists(['vpdq']);
    expect(await endpointTakes({ base: BASE, token: 't' }, 'tmk')).toBe(false);
    expect(await rememberedEndpointHashes(BASE)).toEqual(['vpdq']);
  });

  test('an endpoint that lists no hashes (report 1 only) takes no TMK', async () => {
    answer = lists();
    expect(await endpointTakes({ base: BASE, token: '' }, 'tmk')).toBe(false);
    expect(await rememberedEndpointHashes(BASE)).toEqual([]);
  });

  test('unreachable: what this endpoint said last time; never what another endpoint said', async () => {
    answer = lists(['tmk']);
    await endpointTakes({ base: BASE, token: '' }, 'tmk');
    answer = 'down';
    expect(await endpointTakes({ base: BASE, token: '' }, 'tmk')).toBe(true);
    expect(await endpointTakes({ base: 'https://other.example', token: '' }, 'tmk')).toBe(false);
    answer = { status: 500, body: {} };
    expect(await endpointTakes({ base: BASE, token: '' }, 'tmk')).toBe(true);
  });

  test('no endpoint configured: no, and nobody is asked', async () => {
    expect(await endpointTakes({ key: 'popupNoEndpoint' }, 'tmk')).toBe(false);
    expect(asked).toEqual([]);
  });

  test('Test connection remembers the hashes of the endpoint it reached', async () => {
    answer = lists(['vpdq', 'tmk']);
    expect(await testConnection(`${BASE}/`)).toMatchObject({ ok: true });
    expect(await endpointHashesItem.getValue()).toEqual({ base: BASE, hashes: ['vpdq', 'tmk'] });
  });
});
