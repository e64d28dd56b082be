/**
 * The harness's request interception: answer https requests with local fixtures, for pages AND for the
 * extension's service worker, so that no test reaches the internet.
 *
 * Mechanism: `Fetch.enable` on a CDP session attached to the *browser*
 * target (not to a page). Chromium applies browser-target Fetch interception to every
 * URL loader factory it creates from then on — tabs, frames, subresources, extension
 * pages and extension service workers — including targets created later (new tabs, a
 * worker that was stopped and restarted). Page-level `page.setRequestInterception`
 * never sees the worker's requests, and a per-worker Fetch session would have to be
 * re-attached on every worker restart, racing the worker's first fetches.
 */
import type { Browser, CDPSession } from 'puppeteer-core';
import { isLoopbackHost } from '../utils/net/loopback';

/** What a route answers. `status` defaults to 200. */
export interface FixtureResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

/** Details of an intercepted request, passed to routes as a second argument. */
export interface FixtureRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** The request body when Chromium includes it (it omits very large bodies). */
  postData?: string;
  /** CDP resource type: 'Document', 'Image', 'XHR' (service-worker fetches), 'Fetch', … */
  resourceType: string;
}

/** Returns a response for URLs it serves, `undefined` for the rest (which then fail). */
export type Routes = (
  url: string,
  request: FixtureRequest,
) => FixtureResponse | undefined | Promise<FixtureResponse | undefined>;

/** One entry of the interception log. */
export interface InterceptedRequest {
  url: string;
  method: string;
  resourceType: string;
  /** fulfilled: answered by a route; blocked: no route (failed); passed: loopback/non-http, untouched. */
  outcome: 'fulfilled' | 'blocked' | 'passed';
  status?: number;
  /** Set when the route threw; the request was failed. */
  error?: string;
  /** The request's headers as Chromium sent them (Authorization, Cookie, Origin …). */
  headers: Record<string, string>;
  /** The request body when Chromium includes it. */
  postData?: string;
  /** The frame that made it: '' for a service worker's request (privacy tests tell page from extension by it). */
  frameId: string;
}

export interface FixtureServer {
  /** Every intercepted request since the interceptor was installed, in arrival order. */
  readonly requests: InterceptedRequest[];
  /** Replace the routes (all later requests use the new ones). */
  setRoutes(routes: Routes | undefined): void;
  /** Remove the routes: every non-loopback request fails again. Interception stays on. */
  dispose(): void;
}

/** Routes from an exact-URL table; a string value is served as an HTML 200. */
export function routeTable(table: Record<string, FixtureResponse | string>): Routes {
  return (url) => {
    const hit = table[url];
    if (hit === undefined) return undefined;
    return typeof hit === 'string' ? html(hit) : hit;
  };
}

/** First route that answers wins. */
export function combineRoutes(...routes: Routes[]): Routes {
  return async (url, request) => {
    for (const route of routes) {
      const res = await route(url, request);
      if (res) return res;
    }
    return undefined;
  };
}

export function html(body: string, status = 200): FixtureResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body };
}

export function json(value: unknown, status = 200): FixtureResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

class Interceptor implements FixtureServer {
  readonly requests: InterceptedRequest[] = [];
  routes: Routes | undefined;

  constructor(private readonly session: CDPSession) {
    session.on('Fetch.requestPaused', (event) => {
      void this.onPaused(event);
    });
  }

  async enable(): Promise<void> {
    // '*' pauses everything at the request stage, including chrome-extension:// resource
    // loads; those are continued untouched in onPaused.
    await this.session.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
  }

  setRoutes(routes: Routes | undefined): void {
    this.routes = routes;
  }

  dispose(): void {
    this.routes = undefined;
  }

  private async onPaused(event: {
    requestId: string;
    request: { url: string; method: string; headers: Record<string, string>; postData?: string };
    resourceType: string;
    frameId?: string;
  }): Promise<void> {
    const { requestId, request, resourceType } = event;
    const entry: InterceptedRequest = {
      url: request.url,
      method: request.method,
      resourceType,
      outcome: 'passed',
      headers: request.headers,
      postData: request.postData,
      frameId: event.frameId ?? '',
    };
    const send = async (method: string, params: object) => {
      // The request can disappear under us (tab closed, worker stopped): ignore that.
      await this.session.send(method as 'Fetch.continueRequest', params as never).catch(() => undefined);
    };

    let parsed: URL | undefined;
    try {
      parsed = new URL(request.url);
    } catch {
      parsed = undefined;
    }
    const isHttp = parsed?.protocol === 'http:' || parsed?.protocol === 'https:';
    if (!parsed || !isHttp || isLoopbackHost(parsed.hostname)) {
      // chrome-extension://, data:, and our 127.0.0.1 endpoint go through as they are.
      if (isHttp) this.requests.push(entry);
      await send('Fetch.continueRequest', { requestId });
      return;
    }

    this.requests.push(entry);
    let response: FixtureResponse | undefined;
    try {
      // request.url has no #fragment (servers never see one), so exact-URL tables match.
      response = await this.routes?.(request.url, {
        url: request.url,
        method: request.method,
        headers: request.headers,
        postData: request.postData,
        resourceType,
      });
    } catch (err) {
      entry.error = String(err);
    }
    if (!response) {
      entry.outcome = 'blocked';
      await send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' });
      return;
    }
    const status = response.status ?? 200;
    const body = response.body === undefined ? Buffer.alloc(0) : Buffer.from(response.body);
    entry.outcome = 'fulfilled';
    entry.status = status;
    await send('Fetch.fulfillRequest', {
      requestId,
      responseCode: status,
      responseHeaders: Object.entries(response.headers ?? {}).map(([name, value]) => ({ name, value })),
      body: body.toString('base64'),
    });
  }
}

const interceptors = new WeakMap<Browser, Promise<Interceptor>>();

/** Install (once per browser) the browser-wide interceptor; with no routes everything non-loopback fails. */
export function interceptorFor(browser: Browser): Promise<Interceptor> {
  let pending = interceptors.get(browser);
  if (!pending) {
    pending = (async () => {
      const session = await browser.target().createCDPSession();
      const interceptor = new Interceptor(session);
      await interceptor.enable();
      return interceptor;
    })();
    interceptors.set(browser, pending);
  }
  return pending;
}

/**
 * Serve `routes` for every http(s) request the browser makes — navigations,
 * subresources, and extension service-worker fetches. Unrouted non-loopback requests
 * fail with net::ERR_BLOCKED_BY_CLIENT; loopback requests pass through untouched.
 * Calling it again replaces the routes. Survives worker restarts and new tabs.
 */
export async function serveFixtures(browser: Browser, routes: Routes): Promise<FixtureServer> {
  const interceptor = await interceptorFor(browser);
  interceptor.setRoutes(routes);
  return interceptor;
}
