import type { TestEndpoint } from './endpoint.ts';

/** A form post's body and content type, as a browser sends the reviewer pages' forms. */
export const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

/** Logs in with a token's secret; the session cookie ("name=value") for the next requests, '' when refused. */
export async function loginCookie(ep: TestEndpoint, secret: string): Promise<string> {
  const login = await ep.request('/review/login', { method: 'POST', ...form({ token: secret }) });
  return login.headers.get('set-cookie')?.split(';')[0] ?? '';
}

/** Logs in with the endpoint's reviewer token. */
export const reviewerCookie = (ep: TestEndpoint) => loginCookie(ep, ep.tokens.reviewer);
