/**
 * "Test connection" proves the token: `GET /v1` for what the endpoint is, then `GET /v1/me` (or, without it,
 * `GET /v1/hashes?limit=1`) with the token. Each way it can go has its own words; "Connected" is never said of a
 * token the endpoint refuses.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { testConnection } from '../../utils/endpoint/info';
import { reasonText, t } from '../../utils/i18n';
import { applyLanguage } from '../../utils/language';

const BASE = 'https://endpoint.example';
const info = { name: 'NGO desk', accepts: ['flagpost.report/1'] };
type Route = { status: number; body?: unknown } | 'down' | 'slow';
let routes: Record<string, (token: string | undefined) => Route>;
const asked: { url: string; token?: string }[] = [];

beforeEach(() => {
  fakeBrowser.reset();
  asked.length = 0;
  vi.stubGlobal('fetch', async (input: string, init: { headers?: Record<string, string> } = {}) => {
    const token = init.headers?.Authorization?.replace(/^Bearer /, '');
    asked.push({ url: input, token });
    const route = routes[input.slice(BASE.length)]?.(token) ?? { status: 404, body: { error: { code: 'not_found' } } };
    if (route === 'down') throw new TypeError('Failed to fetch');
    if (route === 'slow') throw new DOMException('The operation timed out.', 'TimeoutError');
    return new Response(JSON.stringify(route.body ?? {}), { status: route.status, headers: { 'content-type': 'application/json' } });
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  applyLanguage('en');
});

/** The reference endpoint: one good token, 'secret', named 'alice'. */
const reference = () => ({
  '/v1': () => ({ status: 200, body: info }),
  '/v1/me': (token: string | undefined) => (token === 'secret' ? { status: 200, body: { name: 'alice', scope: 'reporter' } } : { status: 401 }),
});

describe('testConnection', () => {
  test('a token the endpoint accepts: connected, as the token it names; GET /v1 itself goes without the token', async () => {
    routes = reference();
    expect(await testConnection(BASE, ' secret ')).toEqual({ ok: true, message: 'connectionOkAs', detail: 'NGO desk', more: 'alice' });
    expect(asked).toEqual([{ url: `${BASE}/v1`, token: undefined }, { url: `${BASE}/v1/me`, token: 'secret' }]);
  });

  test('a token the endpoint refuses is never "connected"', async () => {
    routes = reference();
    expect(await testConnection(BASE, 'wrong')).toEqual({ ok: false, message: 'connectionTokenRefused', detail: 'NGO desk', more: '401' });
  });

  test('a token a header cannot carry (pasted with a line break): what Save says, not "could not be reached", and nothing asked', async () => {
    routes = reference();
    for (const token of ['sec\nret', 'sec ret', 'sécret']) {
      expect(await testConnection(BASE, token)).toEqual({ ok: false, message: 'errorTokenInvalid' });
    }
    expect(asked).toEqual([]);
  });

  test('no token where one is needed: says a token is needed, not that it is wrong', async () => {
    routes = reference();
    expect(await testConnection(BASE, '')).toMatchObject({ ok: false, message: 'connectionTokenMissing' });
  });

  test('an endpoint without /v1/me: the token is proved on GET /v1/hashes?limit=1', async () => {
    routes = {
      '/v1': () => ({ status: 200, body: info }),
      '/v1/hashes?limit=1': (token) => (token === 'secret' ? { status: 200, body: { items: [], next: '0' } } : { status: 403 }),
    };
    expect(await testConnection(BASE, 'secret')).toEqual({ ok: true, message: 'connectionOkToken', detail: 'NGO desk' });
    expect(asked.map(({ url }) => url)).toEqual([`${BASE}/v1`, `${BASE}/v1/me`, `${BASE}/v1/hashes?limit=1`]);
    expect(await testConnection(BASE, 'wrong')).toMatchObject({ ok: false, message: 'connectionTokenRefused', more: '403' });
  });

  test('an endpoint with neither: reachable, and says the token could not be checked (neither accepted nor refused)', async () => {
    routes = { '/v1': () => ({ status: 200, body: info }) };
    expect(await testConnection(BASE, 'secret')).toEqual({ ok: true, message: 'connectionOkTokenUnknown', detail: 'NGO desk' });
  });

  test('the probe failing (5xx, network) is not "connected" either', async () => {
    routes = { '/v1': () => ({ status: 200, body: info }), '/v1/me': () => ({ status: 503 }) };
    expect(await testConnection(BASE, 'secret')).toMatchObject({ ok: false, message: 'connectionTokenUnchecked', more: 'HTTP 503' });
    routes = { '/v1': () => ({ status: 200, body: info }), '/v1/me': () => 'down' };
    expect(await testConnection(BASE, 'secret')).toMatchObject({ ok: false, message: 'connectionTokenUnchecked' });
  });

  test('a base URL typed with /v1 gets its own explanation, distinct from any other 404', async () => {
    routes = reference();
    expect(await testConnection(`${BASE}/v1`, 'secret')).toEqual({ ok: false, message: 'connectionBasePathV1' });
    expect(await testConnection(`${BASE}/V1/`, 'secret')).toEqual({ ok: false, message: 'connectionBasePathV1' });
    expect(await testConnection(`${BASE}/api`, 'secret')).toEqual({ ok: false, message: 'connectionNotFound' });
    // The token is never sent on a path that missed.
    expect(asked.filter(({ token }) => token)).toEqual([]);
  });

  test('unreachable, other HTTP errors and not-Flagpost answers keep their words', async () => {
    routes = { '/v1': () => 'down' };
    expect(await testConnection(BASE, 'secret')).toMatchObject({ ok: false, message: 'connectionUnreachable' });
    routes = { '/v1': () => ({ status: 500 }) };
    expect(await testConnection(BASE, 'secret')).toEqual({ ok: false, message: 'connectionHttpError', detail: '500' });
    routes = { '/v1': () => ({ status: 200, body: { hello: 'world' } }) };
    expect(await testConnection(BASE, 'secret')).toEqual({ ok: false, message: 'connectionNotFlagpost' });
    expect(await testConnection('http://example.org', 'secret')).toEqual({ ok: false, message: 'errorUrlNotHttps' });
  });

  test('why the endpoint could not be reached is said in the reader\'s language, not in English inside their sentence', async () => {
    applyLanguage('fr');
    const shown = async () => {
      const result = await testConnection(BASE, 'secret');
      return t(result.message, result.detail ?? '', result.more ?? '');
    };
    routes = { '/v1': () => 'down' };
    expect(await shown()).toBe(t('connectionUnreachable', reasonText({ key: 'deliveryUnreachable' })));
    routes = { '/v1': () => 'slow' };
    expect(await shown()).toBe(t('connectionUnreachable', reasonText({ key: 'deliveryTimeout', detail: '10' })));
    routes = { '/v1': () => ({ status: 302 }) };
    expect(await shown()).toBe(t('connectionUnreachable', reasonText({ key: 'deliveryRedirected' })));
  });
});
