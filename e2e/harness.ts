/**
 * End-to-end harness: launch Debian's Chromium with an unpacked MV3 extension, and
 * answer https requests with local fixtures — for pages AND for the extension's
 * service worker — so that no test reaches the internet.
 *
 * Interception mechanism: `Fetch.enable` on a CDP session attached to the *browser*
 * target (not to a page). Chromium applies browser-target Fetch interception to every
 * URL loader factory it creates from then on — tabs, frames, subresources, extension
 * pages and extension service workers — including targets created later (new tabs, a
 * worker that was stopped and restarted). Page-level `page.setRequestInterception`
 * never sees the worker's requests, and a per-worker Fetch session would have to be
 * re-attached on every worker restart, racing the worker's first fetches.
 *
 * The one gap: a loader factory created *before* Fetch.enable stays unintercepted. So the
 * extension is not loaded with `--load-extension` (its worker would start before puppeteer
 * has connected) but installed over CDP once interception is on.
 *
 * Set E2E_DEBUG=1 to trace launch and worker-lifecycle steps.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type CDPSession, type Target, type WebWorker } from 'puppeteer-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const trace = process.env.E2E_DEBUG
  ? (...args: unknown[]) => console.error(`[harness +${Math.round(performance.now())}ms]`, ...args)
  : () => undefined;

// ---------------------------------------------------------------------------
// Fixtures (request interception)
// ---------------------------------------------------------------------------

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

/** Hosts that are passed through untouched (our local test endpoint). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
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
function interceptorFor(browser: Browser): Promise<Interceptor> {
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

// ---------------------------------------------------------------------------
// Launch
// ---------------------------------------------------------------------------

export interface LaunchOptions {
  /** Routes in place as soon as interception is on, i.e. before any worker fetch it can see. */
  routes?: Routes;
  /** How long to wait for the extension's service worker to appear. Default 15 s. */
  timeoutMs?: number;
  /** Leave the welcome tab the extension opens on install (closed by default: see launchWithExtension). */
  keepOnboarding?: boolean;
  /**
   * A profile to (re)use instead of a fresh one: it is kept on close, so a second launch on it is a
   * browser restart. The extension is installed over CDP again (an extension installed that way is not
   * remembered by the profile), which keeps its id and its storage: IndexedDB, storage.local, alarms.
   */
  userDataDir?: string;
}

export interface ServiceWorkerOptions {
  /** Start the worker if none is running (CDP ServiceWorker.startWorker). Default true. */
  wake?: boolean;
  timeoutMs?: number;
}

export interface LaunchedExtension {
  browser: Browser;
  extensionId: string;
  /** The interceptor (no routes unless `routes` was given); `serveFixtures` sets routes on it. */
  fixtures: FixtureServer;
  /** The extension's running service worker, re-resolved on every call (workers restart). */
  serviceWorker: (opts?: ServiceWorkerOptions) => Promise<WebWorker>;
  /** Kill the browser and remove its profile directory. Safe to call twice. */
  close: () => Promise<void>;
}

/**
 * The id Chromium gives an unpacked extension: SHA-256 of the manifest `key` (if any)
 * or else of the absolute (symlink-resolved) directory path, first 32 hex digits mapped
 * 0-f → a-p. Used to pick *our* worker among service-worker targets.
 */
export function unpackedExtensionId(extensionDir: string): string {
  const dir = realpathSync(extensionDir);
  let input: Buffer = Buffer.from(dir, 'utf8');
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { key?: string };
    if (typeof manifest.key === 'string') input = Buffer.from(manifest.key, 'base64');
  } catch {
    // No readable manifest: Chromium will refuse the extension and the launch will time out.
  }
  const hex = createHash('sha256').update(input).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

const workerMatcher = (extensionId: string) => (t: Target) =>
  t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extensionId}/`);

export async function launchWithExtension(
  extensionDir: string,
  options: LaunchOptions = {},
): Promise<LaunchedExtension> {
  const dir = realpathSync(path.resolve(extensionDir));
  const expectedId = unpackedExtensionId(dir);
  const timeout = options.timeoutMs ?? 30_000;
  const profileDir = options.userDataDir ?? (await mkdtemp(path.join(tmpdir(), 'flagpost-e2e-profile-')));
  const removeProfile = !options.userDataDir;
  const freshProfile = !options.userDataDir || !existsSync(options.userDataDir) || readdirSync(options.userDataDir).length === 0;

  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      // Headless comes from '--headless=new' below: with `headless: true` puppeteer would
      // add its own flags; we want exactly this argument list on top of its defaults.
      headless: false,
      // The extension is installed over CDP once interception is on (below), which needs the
      // pipe transport. Loading it with --load-extension instead starts its service worker
      // before Fetch.enable: about one launch in five that worker's fetches bypass the
      // interceptor, and restarting it could hang the launch under load.
      pipe: true,
      enableExtensions: true,
      ignoreDefaultArgs: ['--disable-extensions'],
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // Nothing but loopback ever resolves: a request the interceptor did not catch fails at
        // once instead of waiting on DNS, and can never leave the machine.
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
        `--user-data-dir=${profileDir}`,
      ],
    });
  } catch (err) {
    if (removeProfile) await rm(profileDir, { recursive: true, force: true });
    throw err;
  }

  trace('launched', browser.process()?.pid);
  const close = closer(browser, removeProfile ? profileDir : undefined);
  try {
    // Intercept before the extension exists, so every fetch of its worker is covered.
    const fixtures = await interceptorFor(browser);
    if (options.routes) fixtures.setRoutes(options.routes);
    trace('interception enabled');
    const extensionId = await browser.installExtension(dir);
    if (extensionId !== expectedId) trace(`extension id ${extensionId}, expected ${expectedId}`);
    await browser.waitForTarget(workerMatcher(extensionId), { timeout }).catch(() => {
      throw new Error(
        `No service worker for ${extensionId} within ${timeout} ms (${dir}). Targets: ` +
          browser.targets().map((t) => `${t.type()} ${t.url()}`).join(', '),
      );
    });
    trace('ready');
    // Flagpost opens its welcome tab on install. Left open, it can take the foreground from a page
    // a test has just opened, and puppeteer cannot click in a hidden page: wait for it and close it.
    // On a reused profile (a browser restart) the install may or may not count as a first one, so
    // there the tab is closed if it comes rather than waited for.
    if (existsSync(path.join(dir, 'onboarding.html')) && !options.keepOnboarding) {
      const isWelcome = (t: Target) => t.url() === `chrome-extension://${extensionId}/onboarding.html`;
      const closeWelcome = async (t: Target) => {
        if (isWelcome(t)) await (await t.page())?.close();
      };
      if (freshProfile) await closeWelcome(await browser.waitForTarget(isWelcome, { timeout }));
      else {
        browser.on('targetcreated', (t: Target) => void closeWelcome(t).catch(() => undefined));
        await Promise.all(browser.targets().map(closeWelcome));
      }
      trace('welcome tab closed');
    }
    const isOurs = workerMatcher(extensionId);
    const currentWorker = async (opts: ServiceWorkerOptions): Promise<WebWorker> => {
      // A worker that stopped while puppeteer was attached to it (stopped by Chromium,
      // runtime.reload(), another CDP client) leaves a stale target behind, and
      // evaluate() on a stale worker hangs forever. Drop those first.
      const live = await liveWorkerTargetIds(browser, extensionId);
      const stale = browser.targets().filter((t) => isOurs(t) && !live.has(targetId(t)));
      for (const target of stale) {
        trace('serviceWorker: dropping stale target', target.url());
        await closeWorker(target);
      }
      if (live.size === 0 && (opts.wake ?? true)) await wakeServiceWorker(browser, extensionId);
      const current = await browser.waitForTarget((t) => isOurs(t) && !stale.includes(t), {
        timeout: opts.timeoutMs ?? timeout,
      });
      const worker = await current.worker();
      if (!worker) throw new Error(`Service worker target ${current.url()} has no worker`);
      return worker;
    };
    const serviceWorker = async (opts: ServiceWorkerOptions = {}): Promise<WebWorker> => {
      for (let attempt = 1; ; attempt++) {
        const worker = await currentWorker(opts);
        // Rarely (under load) a freshly attached worker never reports its execution
        // context, and every evaluate() on it would hang. Check, and restart it once.
        // "Ready" means activated: its script has run to the end (its globals exist).
        const activated = () =>
          worker.evaluate(async () => {
            const scope = self as unknown as { serviceWorker?: { state: string } };
            for (let i = 0; i < 200 && scope.serviceWorker?.state !== 'activated'; i++) {
              await new Promise((resolve) => setTimeout(resolve, 25));
            }
            return true;
          });
        if ((await withTimeout(activated(), 10_000)) !== TIMED_OUT) return worker;
        const states = await workerStates(browser);
        trace('serviceWorker: worker does not answer evaluate()', states);
        if (attempt >= 2 || opts.wake === false) {
          throw new Error(`Service worker of ${extensionId} does not answer evaluate() (${states})`);
        }
        await stopServiceWorker(browser, extensionId);
      }
    };

    return { browser, extensionId, fixtures, serviceWorker, close };
  } catch (err) {
    await close();
    throw err;
  }
}

function closer(browser: Browser, profileDir: string | undefined): () => Promise<void> {
  // If the test process exits without close() (a hung test the runner gave up on),
  // still remove the profile. Registered after puppeteer's own exit hook, which kills
  // the browser, so it runs second.
  const onExit = () => profileDir && rmSync(profileDir, { recursive: true, force: true, maxRetries: 3 });
  process.once('exit', onExit);
  let closing: Promise<void> | undefined;
  return () =>
    (closing ??= (async () => {
      process.off('exit', onExit);
      const proc = browser.process();
      // A graceful close first (flushes nothing we need, but lets Chromium exit cleanly)…
      await Promise.race([browser.close().catch(() => undefined), delay(5_000)]);
      // …then make sure: a hung browser must not outlive the test run.
      if (proc && proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((resolve) => proc.once('exit', resolve));
        proc.kill('SIGKILL');
        await Promise.race([exited, delay(5_000)]);
      }
      // Chromium's helper processes may still be writing into the profile for a moment.
      if (profileDir) await rm(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    })());
}

// ---------------------------------------------------------------------------
// Service-worker lifecycle
// ---------------------------------------------------------------------------

/**
 * Stop the extension's service worker the way Chrome's extension-testing docs do:
 * `Target.closeTarget` on the worker target, then detach puppeteer's own session from
 * it — while a DevTools session is attached, Chromium keeps the target around (it drops
 * out of Target.getTargets but targetDestroyed never comes, and evaluate() on it
 * hangs). Retries every second; from the second round also
 * `ServiceWorker.stopAllWorkers`. Resolves once the target is gone from Chromium's list
 * and from `browser.targets()`, so the next `serviceWorker()` gets a fresh worker.
 * No-op when no worker runs. Detach CDP sessions you opened on the worker yourself
 * (`target.createCDPSession()`) first, or they keep the target alive.
 */
export async function stopServiceWorker(browser: Browser, extensionId: string, timeoutMs = 10_000): Promise<void> {
  const isOurs = workerMatcher(extensionId);
  const attempt = async (round: number) => {
    for (const target of browser.targets().filter(isOurs)) {
      trace(`stop: closing (attempt ${round})`, target.url());
      await closeWorker(target);
    }
    // A worker puppeteer has not seen yet (just starting) is closed directly.
    await withBrowserSession(browser, async (session) => {
      for (const id of await liveWorkerTargetIds(browser, extensionId)) {
        await session.send('Target.closeTarget', { targetId: id }).catch(() => undefined);
      }
    });
    if (round >= 2) {
      // Last resort: stop every worker of the default profile through the
      // ServiceWorker domain, which ignores DevTools attachments.
      trace('stop: ServiceWorker.stopAllWorkers');
      await withPageSession(browser, (s) => s.send('ServiceWorker.stopAllWorkers')).catch(() => undefined);
    }
  };

  const deadline = Date.now() + timeoutMs;
  let round = 0;
  let nextAttempt = 0;
  for (;;) {
    if (Date.now() >= nextAttempt) {
      await attempt(++round);
      nextAttempt = Date.now() + 1_000; // closeTarget normally takes effect in < 100 ms
    }
    const left = (await liveWorkerTargetIds(browser, extensionId)).size;
    const known = browser.targets().some(isOurs);
    if (!left && !known) return;
    if (Date.now() > deadline) {
      throw new Error(
        `Service worker of ${extensionId} did not stop within ${timeoutMs} ms ` +
          `(listed by Chromium: ${left}, known to puppeteer: ${known})`,
      );
    }
    await delay(50);
  }
}

/**
 * What puppeteer's `WebWorker.close()` does, tolerant of each step failing (the worker
 * may already be gone): close the target, then detach puppeteer's session from it so
 * Chromium can drop the target and puppeteer forgets it.
 */
async function closeWorker(target: Target): Promise<void> {
  const worker = await target.worker().catch(() => null);
  const connection = worker?.client.connection();
  await connection?.send('Target.closeTarget', { targetId: targetId(target) }).catch(() => undefined);
  await connection?.send('Target.detachFromTarget', { sessionId: worker!.client.id() }).catch(() => undefined);
}

/** Ids of the extension's worker targets as Chromium itself lists them (never stale). */
async function liveWorkerTargetIds(browser: Browser, extensionId: string): Promise<Set<string>> {
  const prefix = `chrome-extension://${extensionId}/`;
  const { targetInfos } = await withBrowserSession(browser, (s) => s.send('Target.getTargets'));
  return new Set(
    targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(prefix)).map((t) => t.targetId),
  );
}

/** Puppeteer keeps the CDP target id in an internal field; it is stable across 24.x. */
function targetId(target: Target): string {
  return (target as unknown as { _targetId: string })._targetId;
}


/**
 * Start the extension's service worker without dispatching any extension event, via
 * CDP `ServiceWorker.startWorker` on a page session of the default profile (the
 * extension's worker lives in the default storage partition). Opens a blank tab only
 * if none exists.
 */
export async function wakeServiceWorker(browser: Browser, extensionId: string): Promise<void> {
  trace('wake');
  await withPageSession(browser, async (session) => {
    await session.send('ServiceWorker.enable');
    await session.send('ServiceWorker.startWorker', { scopeURL: `chrome-extension://${extensionId}/` });
  });
}

async function withBrowserSession<T>(browser: Browser, fn: (session: CDPSession) => Promise<T>): Promise<T> {
  const session = await browser.target().createCDPSession();
  try {
    return await fn(session);
  } finally {
    await session.detach().catch(() => undefined);
  }
}

/** Run `fn` with a CDP session on a page of the default profile (the ServiceWorker domain lives on pages). */
async function withPageSession<T>(browser: Browser, fn: (session: CDPSession) => Promise<T>): Promise<T> {
  const pages = await browser.defaultBrowserContext().pages();
  const page = pages.find((p) => !p.isClosed()) ?? (await browser.newPage());
  const session = await page.createCDPSession();
  try {
    return await fn(session);
  } finally {
    await session.detach().catch(() => undefined);
  }
}

const TIMED_OUT = Symbol('timed out');

/** The promise's value, or TIMED_OUT after `ms` (the promise is left running). */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Service-worker versions as the ServiceWorker domain reports them (for diagnostics). */
async function workerStates(browser: Browser): Promise<string> {
  return withPageSession(browser, async (session) => {
    const versions: string[] = [];
    session.on('ServiceWorker.workerVersionUpdated', (e) => {
      for (const v of e.versions) versions.push(`${v.scriptURL} ${v.runningStatus}/${v.status}`);
    });
    await session.send('ServiceWorker.enable');
    await delay(200);
    return versions.join('; ');
  }).catch((err) => String(err));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

