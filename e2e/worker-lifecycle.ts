/** The extension's service worker, stopped and started the way Chrome's extension-testing docs do. */
import type { Browser, CDPSession, Target } from 'puppeteer-core';
import { trace } from './harness-trace';

/** Picks *our* extension's worker among service-worker targets. */
export const workerMatcher = (extensionId: string) => (t: Target) =>
  t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extensionId}/`);

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
export async function closeWorker(target: Target): Promise<void> {
  const worker = await target.worker().catch(() => null);
  const connection = worker?.client.connection();
  await connection?.send('Target.closeTarget', { targetId: targetId(target) }).catch(() => undefined);
  await connection?.send('Target.detachFromTarget', { sessionId: worker!.client.id() }).catch(() => undefined);
}

/** Ids of the extension's worker targets as Chromium itself lists them (never stale). */
export async function liveWorkerTargetIds(browser: Browser, extensionId: string): Promise<Set<string>> {
  const prefix = `chrome-extension://${extensionId}/`;
  const { targetInfos } = await withBrowserSession(browser, (s) => s.send('Target.getTargets'));
  return new Set(
    targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(prefix)).map((t) => t.targetId),
  );
}

/** Puppeteer keeps the CDP target id in an internal field; it is stable across 24.x. */
export function targetId(target: Target): string {
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

export const TIMED_OUT = Symbol('timed out');

/** The promise's value, or TIMED_OUT after `ms` (the promise is left running). */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
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
export async function workerStates(browser: Browser): Promise<string> {
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

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
