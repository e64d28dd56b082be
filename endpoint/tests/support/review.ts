import type { TestEndpoint } from './endpoint.ts';

/** A form post's body and content type, as a browser sends the reviewer pages' forms. */
export const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

/** Logs in with the endpoint's reviewer token; the session cookie ("name=value") for the next requests. */
export async function reviewerCookie(ep: TestEndpoint): Promise<string> {
  const login = await ep.request('/review/login', { method: 'POST', ...form({ token: ep.tokens.reviewer }) });
  return login.headers.get('set-cookie')!.split(';')[0]!;
}
