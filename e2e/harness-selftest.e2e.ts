/**
 * Proves the e2e harness itself: a throwaway MV3 extension (built at test time) loads,
 * https fixtures answer both page loads and service-worker fetches, unrouted hosts fail,
 * the loopback test endpoint is reachable with CORS, and all of it survives a service
 * worker restart.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  html,
  launchWithExtension,
  routeTable,
  serveFixtures,
  stopServiceWorker,
  type FixtureServer,
  type LaunchedExtension,
} from './harness';
import { cdpCallsReport } from './cdp-calls';
import { startTestEndpoint, type TestEndpoint } from './test-endpoint';

const PAGE_URL = 'https://x.com/test';
const MEDIA_URL = 'https://pbs.twimg.com/media/T?format=png&name=orig';
// A valid 1×1 PNG, so the page's <img> really decodes it.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const PNG_SHA256 = createHash('sha256').update(PNG).digest('hex');
const PAGE_HTML = `<!doctype html><title>fixture</title>
<h1 id="marker">fixture page</h1>
<img id="media" src="${MEDIA_URL.replace(/&/g, '&amp;')}">`;

/** The throwaway extension: a worker exposing helpers on `self` for worker.evaluate. */
const EXTENSION_FILES: Record<string, string> = {
  'manifest.json': JSON.stringify({
    manifest_version: 3,
    name: 'harness selftest',
    version: '1.0.0',
    host_permissions: ['https://pbs.twimg.com/*', 'https://x.com/*'],
    background: { service_worker: 'sw.js' },
  }),
  'sw.js': `
    self.startedAt = performance.timeOrigin; // tells worker instances apart
    const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
    self.fetchSha256 = async (url) => {
      const res = await fetch(url);
      const bytes = await res.arrayBuffer();
      return { status: res.status, type: res.headers.get('content-type'),
               sha256: hex(await crypto.subtle.digest('SHA-256', bytes)) };
    };
    self.tryFetch = async (url) => {
      try { const res = await fetch(url); return { ok: true, status: res.status }; }
      catch (err) { return { ok: false, error: String(err) }; }
    };
    self.callEndpoint = async (url, init) => {
      const res = await fetch(url, init);
      return { status: res.status, body: await res.json().catch(() => null) };
    };
    // A fetch during start-up: covered only if interception was on before the worker started.
    self.early = self.fetchSha256(${JSON.stringify(MEDIA_URL)}).catch((err) => ({ error: String(err) }));
    chrome.runtime.onMessage.addListener((msg, _sender, sendResponse) => {
      if (msg?.type !== 'hash') return;
      self.fetchSha256(msg.url).then(sendResponse, (err) => sendResponse({ error: String(err) }));
      return true;
    });
  `,
  // An extension page whose message wakes a stopped worker through a real event.
  'wake.html': '<!doctype html><title>wake</title><script src="wake.js"></script>',
  'wake.js': "window.askHash = (url) => chrome.runtime.sendMessage({ type: 'hash', url });",
};

type Hashed = { status: number; type: string | null; sha256: string };

/** Navigate to the fixture page and check it rendered, including its https image. */
async function expectFixturePage(page: Page): Promise<void> {
  const response = await page.goto(PAGE_URL);
  expect(response?.status()).toBe(200);
  expect(page.url()).toBe(PAGE_URL);
  expect(await page.$eval('#marker', (el) => el.textContent)).toBe('fixture page');
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('#media');
    return img?.complete && img.naturalWidth === 1;
  });
}

describe('test endpoint (node only)', () => {
  let endpoint: TestEndpoint;
  beforeAll(async () => {
    endpoint = await startTestEndpoint({ token: 'sekrit' });
  });
  afterAll(() => endpoint.close());

  const post = (body: unknown, key: string, token = 'sekrit') =>
    fetch(`${endpoint.baseUrl}/v1/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key, Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });

  it('serves discovery, accepts reports idempotently, tracks status', async () => {
    const info = await (await fetch(`${endpoint.baseUrl}/v1`)).json();
    expect(info).toEqual({
      name: 'test',
      accepts: ['flagpost.report/1'],
      statusTracking: true,
      hashList: false,
      withdraw: false,
    });

    const first = await post({ a: 1 }, 'key-1');
    expect(first.status).toBe(201);
    const receipt = await first.json();
    expect(receipt).toMatchObject({ status: 'received' });
    const replay = await post({ a: 1 }, 'key-1');
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual(receipt);
    expect((await post({ a: 2 }, 'key-1')).status).toBe(409);
    expect(endpoint.reports).toEqual([{ a: 1 }]);

    expect((await post({ a: 1 }, 'key-2', 'wrong')).status).toBe(401);
    const status = await fetch(`${endpoint.baseUrl}/v1/reports/${receipt.id}`, {
      headers: { Authorization: 'Bearer sekrit' },
    });
    expect(await status.json()).toMatchObject({ id: receipt.id, status: 'received' });
    endpoint.setReportStatus(receipt.id, 'actioned');
    const later = await fetch(`${endpoint.baseUrl}/v1/reports/${receipt.id}`, {
      headers: { Authorization: 'Bearer sekrit' },
    });
    expect(await later.json()).toMatchObject({ status: 'actioned' });
  });

  it('switches modes, and comes back on the same port after being down', async () => {
    await endpoint.setMode('unauthorized');
    expect((await fetch(`${endpoint.baseUrl}/v1`)).status).toBe(401);
    await endpoint.setMode('error500');
    expect((await fetch(`${endpoint.baseUrl}/v1`)).status).toBe(500);
    await endpoint.setMode('down');
    await expect(fetch(`${endpoint.baseUrl}/v1`)).rejects.toThrow();
    await endpoint.setMode('ok');
    expect((await fetch(`${endpoint.baseUrl}/v1`)).status).toBe(200);
    expect(endpoint.baseUrl).toBe(`http://127.0.0.1:${endpoint.port}`);
  });
});

describe('harness', () => {
  let extensionDir: string;
  let ext: LaunchedExtension;
  let fixtures: FixtureServer;
  let endpoint: TestEndpoint;

  beforeAll(async () => {
    extensionDir = await mkdtemp(path.join(tmpdir(), 'flagpost-selftest-ext-'));
    for (const [name, text] of Object.entries(EXTENSION_FILES)) {
      await writeFile(path.join(extensionDir, name), text);
    }
    endpoint = await startTestEndpoint();
    const routes = routeTable({
      [PAGE_URL]: html(PAGE_HTML),
      [MEDIA_URL]: { headers: { 'content-type': 'image/png' }, body: PNG },
    });
    // Routes at launch, so the worker's very first fetch is already served.
    ext = await launchWithExtension(extensionDir, { routes });
    // serveFixtures on the same browser reuses the one interceptor (and replaces routes).
    fixtures = await serveFixtures(ext.browser, routes);
    expect(fixtures).toBe(ext.fixtures);
  });

  afterAll(async () => {
    await ext?.close();
    await endpoint?.close();
    if (extensionDir) await rm(extensionDir, { recursive: true, force: true });
  });

  it('finds the extension id from its service worker', async () => {
    expect(ext.extensionId).toMatch(/^[a-p]{32}$/);
    const worker = await ext.serviceWorker();
    expect(worker.url()).toBe(`chrome-extension://${ext.extensionId}/sw.js`);
  });

  it('serves the fetches the worker makes while starting up', async () => {
    const worker = await ext.serviceWorker();
    const early = await worker.evaluate(() => (self as unknown as { early: Promise<Hashed> }).early);
    expect(early).toEqual({ status: 200, type: 'image/png', sha256: PNG_SHA256 });
  });

  it('loads the fixture page at its https URL, with its https image', async () => {
    const page = await ext.browser.newPage();
    try {
      await expectFixturePage(page);
    } finally {
      await page.close();
    }
  });

  it('serves pages in the tab that existed before interception was enabled', async () => {
    const [initial] = await ext.browser.pages();
    await expectFixturePage(initial!);
    await initial!.goto('about:blank');
  });

  it("serves the service worker's fetch with the fixture bytes", async () => {
    const worker = await ext.serviceWorker();
    const result = await worker.evaluate(
      (url) => (self as unknown as { fetchSha256(u: string): Promise<Hashed> }).fetchSha256(url),
      MEDIA_URL,
    );
    expect(result).toEqual({ status: 200, type: 'image/png', sha256: PNG_SHA256 });
    expect(fixtures.requests).toContainEqual(
      expect.objectContaining({ url: MEDIA_URL, outcome: 'fulfilled', status: 200 }),
    );
  });

  it('fails unrouted non-loopback requests, from the worker and from pages', async () => {
    const unrouted = 'https://example.com/not-a-fixture';
    const worker = await ext.serviceWorker();
    const result = await worker.evaluate(
      (url) => (self as unknown as { tryFetch(u: string): Promise<unknown> }).tryFetch(url),
      unrouted,
    );
    expect(result).toMatchObject({ ok: false });
    expect(fixtures.requests).toContainEqual(expect.objectContaining({ url: unrouted, outcome: 'blocked' }));

    const page = await ext.browser.newPage();
    try {
      await expect(page.goto('https://pbs.twimg.com/media/unknown')).rejects.toThrow(/ERR_BLOCKED_BY_CLIENT/);
    } finally {
      await page.close();
    }
  });

  it('lets the worker POST to the loopback endpoint, with a CORS preflight', async () => {
    const worker = await ext.serviceWorker();
    const call = (body: string) =>
      worker.evaluate(
        (url, body) =>
          (self as unknown as { callEndpoint(u: string, i: RequestInit): Promise<unknown> }).callEndpoint(url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'selftest-1' },
            body,
          }),
        `${endpoint.baseUrl}/v1/reports`,
        body,
      );
    const first = await call('{"n":1}');
    expect(first).toMatchObject({ status: 201, body: { status: 'received' } });
    const replay = await call('{"n":1}');
    expect(replay).toEqual({ ...(first as object), status: 200 });
    expect(endpoint.reports).toEqual([{ n: 1 }]);

    const preflight = endpoint.requests.find((r) => r.method === 'OPTIONS' && r.path === '/v1/reports');
    expect(preflight?.headers['access-control-request-headers']).toContain('idempotency-key');
    const posted = endpoint.requests.find((r) => r.method === 'POST');
    expect(posted?.headers.origin).toBe(`chrome-extension://${ext.extensionId}`);
    // 'down' really refuses Chromium's (pooled) connections; 'ok' brings the same port back.
    await endpoint.setMode('down');
    await expect(call('{"n":2}')).rejects.toThrow(/Failed to fetch/);
    await endpoint.setMode('ok');
    expect(await call('{"n":1}')).toEqual(replay);

    // Loopback passes through the interceptor untouched.
    expect(fixtures.requests).toContainEqual(
      expect.objectContaining({ url: `${endpoint.baseUrl}/v1/reports`, outcome: 'passed' }),
    );
  });

  it('keeps intercepting after the service worker is stopped and restarted', async () => {
    const hashIn = (worker: Awaited<ReturnType<LaunchedExtension['serviceWorker']>>) =>
      worker.evaluate(
        (url) => (self as unknown as { fetchSha256(u: string): Promise<Hashed> }).fetchSha256(url),
        MEDIA_URL,
      );
    const startedAt = (worker: Awaited<ReturnType<LaunchedExtension['serviceWorker']>>) =>
      worker.evaluate(() => (self as unknown as { startedAt: number }).startedAt);

    const first = await startedAt(await ext.serviceWorker());

    // Restart 1: stop, then serviceWorker() wakes it (CDP ServiceWorker.startWorker).
    await stopServiceWorker(ext.browser, ext.extensionId);
    expect(ext.browser.targets().some((t) => t.type() === 'service_worker')).toBe(false);
    const second = await ext.serviceWorker();
    expect(await startedAt(second)).not.toBe(first);
    expect((await hashIn(second)).sha256).toBe(PNG_SHA256);

    // Restart 2: stop, then a real extension event (a message from a new tab) wakes it.
    await stopServiceWorker(ext.browser, ext.extensionId);
    const page = await ext.browser.newPage();
    try {
      await page.goto(`chrome-extension://${ext.extensionId}/wake.html`);
      const viaMessage = await page.evaluate(
        (url) => (window as unknown as { askHash(u: string): Promise<Hashed> }).askHash(url),
        MEDIA_URL,
      );
      expect(viaMessage).toEqual({ status: 200, type: 'image/png', sha256: PNG_SHA256 });

      // And pages in tabs opened after the restart are still served.
      await page.goto(PAGE_URL);
      expect(await page.$eval('#marker', (el) => el.textContent)).toBe('fixture page');
    } finally {
      await page.close();
    }
    const third = await ext.serviceWorker({ wake: false });
    expect(await startedAt(third)).not.toBe(first);

    // Restart 3: the worker stops behind puppeteer's back (as when Chromium stops it);
    // serviceWorker() must not hand out the stale handle (evaluate on it would hang).
    const session = await (await ext.browser.pages())[0]!.createCDPSession();
    await session.send('ServiceWorker.enable');
    await session.send('ServiceWorker.stopAllWorkers');
    await session.detach();
    const fourth = await ext.serviceWorker();
    expect(await startedAt(fourth)).not.toBe(await startedAt(third).catch(() => 'stale'));
    expect((await hashIn(fourth)).sha256).toBe(PNG_SHA256);
  });

  it('names the CDP call a test still waits on, and the last messages either way', async () => {
    const since = performance.now();
    const page = await ext.browser.newPage();
    const never = page.evaluate(() => new Promise(() => undefined)).catch(() => 'closed');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const report = cdpCallsReport(since);
    expect(report.find((line) => line.startsWith('unanswered: Runtime.callFunctionOn'))).toBeDefined();
    expect(report.at(-1)).toMatch(/^last CDP messages: .*sent Runtime\.callFunctionOn #\d+ in \w+ \(\d+ ms ago\)/);
    await page.close();
    expect(await never).toBe('closed');
    expect(cdpCallsReport(since).some((line) => line.startsWith('unanswered: Runtime.callFunctionOn'))).toBe(false);
  });
});
