import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';

/** What the extension's "Test connection" relies on: /v1/me proves a token, and every refusal is readable cross-origin. */
describe.each(backends)('GET /v1/me and readable refusals on $name', (backend) => {
  let ep: TestEndpoint;
  beforeAll(async () => {
    ep = await startTestEndpoint(backend);
  });
  afterAll(() => ep.close());
  const origin = { origin: 'chrome-extension://abcdef' };

  it("answers the token's name and scope, and nothing else", async () => {
    const reporter = await ep.request('/v1/me', { token: ep.tokens.alice });
    expect(reporter.status).toBe(200);
    expect(reporter.json).toEqual({ name: 'alice', scope: 'reporter' });
    const reviewer = await ep.request('/v1/me', { token: ep.tokens.reviewer });
    expect(reviewer.json).toEqual({ name: 'rita', scope: 'reviewer' });
  });

  it('refuses a missing or unknown token with a 401 the extension can read', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const answer = await ep.request('/v1/me', { token, headers: origin });
      expect(answer.status).toBe(401);
      expect(answer.json.error.code).toMatch(/unauthorized|invalid_token/);
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    }
  });

  it('answers a base URL typed with /v1 (so /v1/v1…) with a 404 the extension can read, preflight included', async () => {
    for (const path of ['/v1/v1', '/v1/v1/me', '/v1/v1/hashes?limit=1']) {
      const answer = await ep.request(path, { token: ep.tokens.alice, headers: origin });
      expect(answer.status, path).toBe(404);
      expect(answer.headers.get('access-control-allow-origin'), path).toBe('*');
    }
    const preflight = await ep.request('/v1/v1/me', {
      method: 'OPTIONS',
      headers: { ...origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });
});
