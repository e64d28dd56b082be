/**
 * Outbound calls to platforms, with errors a reviewer can act on. Redirects are refused (a token
 * must never follow one elsewhere), and no error message carries a request's headers or body.
 */
export type Fetch = typeof fetch;

/** A forward that did not go through: shown on the page; nothing was recorded, so it can be retried. */
export class ForwardError extends Error {}

const TIMEOUT_MS = 15_000;

export async function callJson<T>(fetchFn: Fetch, url: string, init: RequestInit, what: string): Promise<T> {
  let response: Response;
  try {
    response = await fetchFn(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new ForwardError(`${what}: ${new URL(url).host} could not be reached (${cause}); nothing was recorded, try again`);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    throw new ForwardError(`${what}: ${new URL(url).host} answered ${response.status}${reason(text)}; nothing was recorded, try again`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ForwardError(`${what}: ${new URL(url).host} answered ${response.status} without JSON`);
  }
}

/** The platform's own words for a refusal (Mastodon's `error`, XRPC's `message`), bounded. */
function reason(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    const said = [body.error, body.message].filter((v) => typeof v === 'string').join(': ');
    return said ? ` (${said.slice(0, 200)})` : '';
  } catch {
    return '';
  }
}
