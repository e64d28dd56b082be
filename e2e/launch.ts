/**
 * Launch Debian's Chromium with an unpacked MV3 extension. A loader factory created *before* interception
 * is on stays unintercepted (e2e/intercept.ts), so the extension is not loaded with `--load-extension` (its
 * worker would start before puppeteer has connected) but installed over CDP once interception is on.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Target, type WebWorker } from 'puppeteer-core';
import { trace } from './harness-trace';
import { interceptorFor, type FixtureServer, type Routes } from './intercept';
import {
  closeWorker, delay, liveWorkerTargetIds, stopServiceWorker, targetId, TIMED_OUT, wakeServiceWorker, withTimeout, workerMatcher, workerStates,
} from './worker-lifecycle';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

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
        // context, and every evaluate() on it would hang; once in thirty full runs, it
        // answered from a context without its globals ("setTimeout is not defined": a worker
        // not yet set up, or being torn down). Check, and restart it once, in both cases.
        // "Ready" means activated: its script has run to the end (its globals exist).
        const activated = () =>
          worker.evaluate(async () => {
            const scope = self as unknown as { serviceWorker?: { state: string } };
            for (let i = 0; i < 200 && scope.serviceWorker?.state !== 'activated'; i++) {
              await new Promise((resolve) => setTimeout(resolve, 25));
            }
            return true as const;
          }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
        const outcome = await withTimeout(activated(), 10_000);
        if (outcome === true) return worker;
        const failure = outcome === TIMED_OUT ? 'does not answer evaluate()' : `fails evaluate(): ${outcome.message}`;
        const states = await workerStates(browser);
        trace(`serviceWorker: worker ${failure}`, states);
        if (attempt >= 2 || opts.wake === false) {
          throw new Error(`Service worker of ${extensionId} ${failure} (${states})`);
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
