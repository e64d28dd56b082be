/**
 * A media request whose every hop is checked by the URL policy (./url-policy.ts) before it is made:
 * redirects are never followed by the browser (`redirect: 'manual'`) but one by one here, each new URL
 * checked first, at most MAX_REDIRECTS of them. A redirect to a loopback or intranet address is refused
 * before any request reaches it.
 *
 * Browsers hide a manual redirect's Location (an opaque-redirect response, status 0). The browser still
 * tells the extension where its own request was redirected, through webRequest (observe-only, for the
 * hosts it holds permissions for): that is where the next hop is read. A redirect whose target the
 * extension cannot see is not followed. Node (unit tests) shows the 3xx and its Location directly.
 */
import { browser } from 'wxt/browser';
import { MediaError } from '../media-error';
import { NOT_FETCHED } from './media-state';
import type { FetchScope } from '../domain';
import { urlVerdict } from './url-policy';

export const MAX_REDIRECTS = 5;
/** How long an opaque redirect waits for the browser's note of where it went (the note is usually there first). */
const REDIRECT_NOTE_WAIT_MS = 2_000;

/**
 * The request options every media fetch uses: no cookies or HTTP auth (the reporter's account is not tied
 * to what they report), no Referer (the media host learns nothing of the page or of Flagpost), no cache.
 */
const MEDIA_REQUEST: RequestInit = { credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store', redirect: 'manual' };

export async function fetchHops(url: string, scope: FetchScope, init: { signal?: AbortSignal; headers?: HeadersInit } = {}): Promise<Response> {
  return watchingRedirects(async () => {
    let current = url;
    for (let hop = 0; ; hop++) {
      const verdict = urlVerdict(current, scope);
      if (!verdict.allowed) throw new MediaError(`${NOT_FETCHED} ${verdict.reason}`);
      current = new URL(current).href; // as the browser names it in its redirect notes
      const response = await fetch(current, { ...MEDIA_REQUEST, ...init });
      const visible = response.status >= 300 && response.status < 400;
      if (response.type !== 'opaqueredirect' && !visible) return response;
      if (hop >= MAX_REDIRECTS) throw new MediaError(`${NOT_FETCHED} more than ${MAX_REDIRECTS} redirects`);
      const location = visible ? response.headers.get('location') : await redirectNoted(current, init.signal);
      if (!location || !URL.canParse(location, current)) throw new MediaError(`${NOT_FETCHED} redirected to an address Flagpost cannot check`);
      current = new URL(location, current).href;
    }
  });
}

// --- The browser's notes of where the extension's own requests were redirected (webRequest.onBeforeRedirect).

type RedirectDetails = { url: string; redirectUrl: string; tabId: number };
const noted = new Map<string, string>();
const waiting = new Map<string, Array<(to: string) => void>>();
let watchers = 0;

function onRedirect({ url, redirectUrl, tabId }: RedirectDetails): void {
  if (tabId !== -1) return; // a page's request, not the extension's own
  noted.set(url, redirectUrl);
  for (const wake of waiting.get(url) ?? []) wake(redirectUrl);
  waiting.delete(url);
}

/** The listener is added only while media are being fetched: the worker is never woken by other redirects. */
async function watchingRedirects<T>(run: () => Promise<T>): Promise<T> {
  if (watchers++ === 0) {
    // Without webRequest (unit tests' fake browser) no redirect is seen, so none is followed: nothing is lost but a hop.
    try {
      browser.webRequest.onBeforeRedirect.addListener(onRedirect as never, { urls: ['<all_urls>'], tabId: -1 });
    } catch {}
  }
  try {
    return await run();
  } finally {
    if (--watchers === 0) {
      try {
        browser.webRequest.onBeforeRedirect.removeListener(onRedirect as never);
      } catch {}
      noted.clear();
    }
  }
}

function redirectNoted(url: string, signal?: AbortSignal): Promise<string | undefined> {
  const key = url.replace(/#.*$/, '');
  const known = noted.get(key);
  if (known !== undefined) return Promise.resolve(known);
  return new Promise((resolve) => {
    const done = (to: string | undefined) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', give);
      resolve(to);
    };
    const give = () => done(undefined);
    const timer = setTimeout(give, REDIRECT_NOTE_WAIT_MS);
    signal?.addEventListener('abort', give);
    waiting.set(key, [...(waiting.get(key) ?? []), done]);
  });
}
