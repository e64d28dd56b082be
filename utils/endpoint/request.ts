/**
 * Every request Flagpost makes to the configured endpoint goes through here: the token only
 * to that origin, no cookies, no redirects (a redirect could carry the token elsewhere), a
 * deadline, and answers read with a size bound because the endpoint is not trusted.
 */
import type { Reason } from '../i18n';
import { readBounded } from '../net/bounded-read';

export interface Endpoint {
  base: string;
  token: string;
}

const MAX_ANSWER_BYTES = 64 * 1024;

export type EndpointAnswer = { response: Response; json: unknown } | { failure: Reason };

export async function requestEndpoint(
  endpoint: Endpoint,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  timeoutMs = 20_000,
): Promise<EndpointAnswer> {
  const headers: Record<string, string> = { ...init.headers };
  if (endpoint.token) headers.Authorization = `Bearer ${endpoint.token}`;
  let response: Response;
  try {
    response = await fetch(`${endpoint.base}${path}`, {
      ...init,
      headers,
      credentials: 'omit',
      // Not followed, and not 'error' either: a redirect gets its own clear reason, not "unreachable".
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return { failure: timedOut ? { key: 'deliveryTimeout', detail: String(timeoutMs / 1000) } : { key: 'deliveryUnreachable' } };
  }
  // Browsers hide a manual redirect behind an opaque status 0; Node (unit tests) shows the 3xx.
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) return { failure: { key: 'deliveryRedirected' } };
  return { response, json: await readBoundedJson(response) };
}

/** The answer as JSON, or undefined when it is not JSON or is larger than any answer should be. */
async function readBoundedJson(response: Response): Promise<unknown> {
  try {
    return JSON.parse(new TextDecoder().decode(await readBounded(response, MAX_ANSWER_BYTES)));
  } catch {
    return undefined;
  }
}
