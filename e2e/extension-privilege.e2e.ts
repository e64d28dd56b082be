/**
 * The page as the attacker, against the extension's own privileges (issue 16, parts 3 to 5):
 * - a right-click on a picture at a loopback address, or on one that redirects there, makes no request
 *   to it (a real listening socket records every request it gets);
 * - a content script cannot delete the user's data (`data.deleteAll` from the isolated world is refused);
 * - after "Delete all local data", a hash-list sync that was under way writes nothing back, and no
 *   optional host permission stays granted.
 *
 * The page is served at a public https address (x.com, outside any post) through the harness's
 * interception, the target is a real socket on 127.0.0.1: the page's origin and the loopback target differ,
 * as on the web. (A non-platform page would need the activeTab grant of a real context-menu click, which
 * a test cannot make; on x.com the extension holds the host permission that grant would give.)
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chooseReportMenuItem, configureEndpoint, dialogTakesClicks, EXTENSION_DIR, until, waitForDialog, X_PROFILE_URL, xProfileRoutes } from './flagpost';
import { combineRoutes, html, launchWithExtension, type LaunchedExtension } from './harness';
import { protocol, type MessageType } from '../utils/messages';

/** A page of a platform, outside any post: the X content script runs there, and a right-click reports the picture. */
const PAGE = 'https://x.com/attacker/gallery';
const REDIRECTING = 'https://x.com/attacker/redirect.png';

let extension: LaunchedExtension;
/** A loopback server that records every request it gets: the intranet service a page would like to reach. */
let loopback: Server;
let loopbackRequests: string[] = [];
let loopbackOrigin = '';
/** The endpoint: GET /v1 offers a hash list; while `holdingHashes`, GET /v1/hashes waits until `releaseHashes` is called. */
let endpoint: Server;
let endpointBase = '';
let hashesAsked = 0;
let holdingHashes = false;
let hashesHeld = 0;
let releaseHashes = () => {};

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  loopback = createServer((req: IncomingMessage, res) => {
    loopbackRequests.push(`${req.method} ${req.url} origin=${req.headers.origin ?? ''} referer=${req.headers.referer ?? ''} cookie=${req.headers.cookie ?? ''}`);
    res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end('not a picture');
  });
  loopbackOrigin = await listen(loopback);
  endpoint = createServer((req, res) => {
    const json = (value: unknown) => res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' }).end(JSON.stringify(value));
    if (req.url === '/v1') return json({ name: 'held', accepts: ['flagpost.report/1'], hashList: true });
    if (req.url?.startsWith('/v1/hashes')) {
      hashesAsked++;
      const since = Number(new URL(req.url, endpointBase).searchParams.get('since'));
      // A page with one new item; the page after it is empty: the sync has its list then, and writes it.
      const newItem = () => json({ items: [{ algorithm: 'md5', value: (since + 1).toString(16).padStart(32, '0') }], next: String(since + 1) });
      if (holdingHashes) {
        // Held until release (the next page is not).
        hashesHeld++;
        const earlier = releaseHashes;
        releaseHashes = () => {
          holdingHashes = false;
          earlier();
          newItem();
        };
        return;
      }
      return since === 0 ? newItem() : json({ items: [], next: String(since) });
    }
    res.writeHead(404).end();
  });
  endpointBase = await listen(endpoint);

  const gallery = `<!doctype html><title>Gallery</title>
    <img id="direct" src="${loopbackOrigin}/direct.png" width="40" height="40">
    <img id="redirecting" src="${REDIRECTING}" width="40" height="40">`;
  const attacker = (url: string) => {
    if (url === PAGE) return html(gallery);
    // A redirect the page's own server makes, CORS-readable, to the loopback service.
    if (url === REDIRECTING) return { status: 302, headers: { location: `${loopbackOrigin}/redirected.png`, 'access-control-allow-origin': '*' } };
    return undefined;
  };
  extension = await launchWithExtension(EXTENSION_DIR, { routes: combineRoutes(attacker, xProfileRoutes().routes) });
}, 90_000);

afterAll(async () => {
  await extension?.close();
  for (const server of [loopback, endpoint]) {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  }
});

/** What the context menu's handler gets for a right-click on `srcUrl` in the page (a native menu cannot be clicked). */
async function rightClickImage(page: Page, srcUrl: string): Promise<void> {
  await chooseReportMenuItem(extension, PAGE, { frameUrl: PAGE, srcUrl, mediaType: 'image' });
  await waitForDialog(page);
}

/** The media of every report being written, as the background keeps them (session storage). */
function draftMedia(): Promise<Array<{ sourceUrl: string; error?: string; hashes: unknown[] }>> {
  return extension.serviceWorker().then((worker) =>
    worker.evaluate(async () => {
      const all = await chrome.storage.session.get(null);
      return Object.entries(all).filter(([key]) => key.startsWith('draft:')).flatMap(([, draft]) => (draft as { media: never[] }).media);
    }),
  );
}

describe('right-click fetches', () => {
  test('a picture at a loopback address: refused before any request, and shown as refused', async () => {
    const page = await extension.browser.newPage();
    await page.goto(PAGE);
    loopbackRequests = [];
    await rightClickImage(page, `${loopbackOrigin}/direct.png`);
    await until(async () => (await draftMedia()).some((medium) => medium.sourceUrl.endsWith('/direct.png') && medium.error), 'the medium to be refused');
    const [medium] = (await draftMedia()).filter((m) => m.sourceUrl.endsWith('/direct.png'));
    expect(medium!.error).toBe("not fetched: 127.0.0.1 is a local or private network address, not the page's own");
    // Nothing to agree to: the only medium is refused, so the dialog asks nothing.
    expect(await (await waitForDialog(page)).$('[data-flagpost-confirm-fetch]')).toBeNull();
    expect(loopbackRequests.filter((line) => line.includes('/direct.png'))).toEqual([]);
    await page.close();
  });

  test('a picture on the page that redirects to loopback: the URL is shown first, and agreeing fetches nothing at loopback', async () => {
    const page = await extension.browser.newPage();
    await page.goto(PAGE);
    loopbackRequests = [];
    // The page's own <img> asked for it already; from here on, any request for it is the extension's.
    const requestsFor = (url: string) => extension.fixtures.requests.filter((request) => request.url === url).length;
    const byThePage = requestsFor(REDIRECTING);
    await rightClickImage(page, REDIRECTING);
    // Before the user agrees, the dialog lists the URL and nothing has been fetched: no hash, no thumbnail, no request.
    const dialog = await waitForDialog(page);
    const list = await dialog.waitForSelector('::-p-aria([name="Download and hash"][role="button"])', { visible: true });
    expect(requestsFor(REDIRECTING)).toBe(byThePage);
    // The list is in the report frame, an extension document the page cannot read; the user sees it.
    expect(await page.evaluate(() => document.querySelector('[data-flagpost-confirm-fetch]'))).toBeNull();
    expect(JSON.stringify(await page.accessibility.snapshot({ includeIframes: true }))).toContain(REDIRECTING);
    expect((await draftMedia()).find((m) => m.sourceUrl === REDIRECTING)).toMatchObject({ hashes: [] });
    expect((await draftMedia()).find((m) => m.sourceUrl === REDIRECTING)?.error).toBeUndefined();
    await dialogTakesClicks(dialog);
    await list!.click();
    await until(async () => Boolean((await draftMedia()).find((m) => m.sourceUrl === REDIRECTING)?.error), 'the redirect to be refused');
    expect((await draftMedia()).find((m) => m.sourceUrl === REDIRECTING)?.error).toMatch(/^not fetched: /);
    expect(loopbackRequests).toEqual([]);
    await page.close();
  });

  test("a platform's media request carries no cookie, no Referer and no Origin", async () => {
    const before = extension.fixtures.requests.length;
    const worker = await extension.serviceWorker();
    const url = 'https://pbs.twimg.com/media/G42JlFfaAAALjaj?format=png&name=orig';
    await worker.evaluate((u) => (globalThis as unknown as { flagpost: { hashMedia(m: unknown[]): Promise<unknown> } }).flagpost.hashMedia([{ kind: 'image', sourceUrl: u }]), url);
    const request = extension.fixtures.requests.slice(before).find((r) => r.url === url);
    expect(request).toBeDefined();
    const names = Object.keys(request!.headers).map((name) => name.toLowerCase());
    expect(names).not.toContain('cookie');
    expect(names).not.toContain('referer');
    expect(names).not.toContain('origin');
  });

  test("a medium at the page's own origin, a host Flagpost holds no permission for: its Origin names Flagpost, and no Referer", async () => {
    const worker = await extension.serviceWorker();
    const url = `${loopbackOrigin}/own.png`;
    loopbackRequests = [];
    await worker.evaluate((u, origin) => (globalThis as unknown as { flagpost: { hashMedia(m: unknown[], o: unknown): Promise<unknown> } })
      .flagpost.hashMedia([{ kind: 'image', sourceUrl: u }], { scope: { pageOrigin: origin } }), url, loopbackOrigin);
    // What SECURITY.md and PRIVACY.md say: a CORS request, whose Origin the browser sets to the extension's.
    expect(loopbackRequests).toEqual([`GET /own.png origin=chrome-extension://${extension.extensionId} referer= cookie=`]);
  });
});

describe('content scripts', () => {
  test("a content script's data.deleteAll and every other privileged message are refused, and nothing is deleted", async () => {
    await configureEndpoint(extension.browser, extension.extensionId, endpointBase);
    const page = await extension.browser.newPage();
    const session = await page.createCDPSession();
    const contexts: Array<{ id: number; origin: string; name: string; auxData?: { type?: string } }> = [];
    session.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
    await session.send('Runtime.enable');
    await page.goto(X_PROFILE_URL);
    await page.waitForSelector('[data-flagpost-action="report"]', { visible: true });
    // The content script's isolated world (Flagpost's name), where a compromised renderer's attacker would be.
    const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin.includes(extension.extensionId) || c.name === 'Flagpost');
    expect(world).toBeDefined();
    const inWorld = async (expression: string) => String((await session.send('Runtime.evaluate', { contextId: world!.id, awaitPromise: true, returnByValue: true, expression })).result.value);
    // Every message that reads or changes the user's data beyond the report being written (extension pages only in the
    // typed map), each with a payload its schema accepts: refused for who sent it, not for what.
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const privileged = (Object.keys(protocol) as MessageType[]).filter((type) => protocol[type].from.every((kind) => kind === 'extension-page'));
    expect(privileged).toEqual(expect.arrayContaining(['data.deleteAll', 'report.withdraw', 'report.delete']));
    for (const type of privileged) {
      const payload = protocol[type].request.safeParse({}).success ? {} : { id };
      const answer = await inWorld(`chrome.runtime.sendMessage(${JSON.stringify({ type, payload })}).then((a) => JSON.stringify(a), (e) => 'threw: ' + e.message)`);
      expect(answer, type).toBe(JSON.stringify({ ok: false, error: `${type} is not accepted from content-script` }));
    }
    // Settings are still there: the endpoint is configured.
    const worker = await extension.serviceWorker();
    expect(await worker.evaluate(async () => ((await chrome.storage.local.get('settings')).settings as { endpointBase: string }).endpointBase)).toBe(endpointBase);
    // Nor can the content script read Settings (the token, the reporter's name and email) itself.
    expect(await inWorld(`chrome.storage.local.get('settings').then((s) => JSON.stringify(s), (e) => 'refused: ' + e.message)`)).toMatch(/^refused: /);
    // Nor change them: settings change only on the options page (another endpoint would get the next reports).
    expect(await inWorld(`chrome.storage.local.set({ settings: { endpointBase: 'https://attacker.example' } }).then(() => 'written', (e) => 'refused: ' + e.message)`)).toMatch(/^refused: /);
    expect(await worker.evaluate(async () => ((await chrome.storage.local.get('settings')).settings as { endpointBase: string }).endpointBase)).toBe(endpointBase);
    await session.detach();
    await page.close();
  });
});

describe('optional API permissions', () => {
  test('`notifications` is declared optional only, and not granted at install', async () => {
    const worker = await extension.serviceWorker();
    const manifest = await worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.permissions ?? []).not.toContain('notifications');
    expect(manifest.optional_permissions ?? []).toContain('notifications');
    expect(await worker.evaluate(() => chrome.permissions.contains({ permissions: ['notifications'] }))).toBe(false);
  });
});

describe('Delete all local data', () => {
  test('a sync under way writes nothing back, and no optional host permission stays granted', async () => {
    const worker = await extension.serviceWorker();
    const configured = async () => ((await worker.evaluate(() => chrome.storage.local.get('settings'))).settings as { endpointBase?: string } | undefined)?.endpointBase;
    const changed = (await configured()) !== endpointBase;
    const askedBefore = hashesAsked;
    await configureEndpoint(extension.browser, extension.extensionId, endpointBase);
    // Saving another endpoint starts a sync of its own, answered at once: syncs run one at a time, and the test's
    // must be the one under way when the data are deleted.
    if (changed) await until(() => hashesAsked > askedBefore, "the settings' own sync to ask for the list");
    holdingHashes = true;
    // By host: Chrome lists a required pattern in its own spelling (https://t.me/* for https://t.me/s/*).
    const host = (pattern: string) => pattern.replace(/^[^:]+:\/\//, '').replace(/\/.*$/, '');
    const manifestHosts = (await worker.evaluate(() => chrome.runtime.getManifest().host_permissions ?? [])).map(host);
    const granted = await worker.evaluate(async () => (await chrome.permissions.getAll()).origins ?? []);
    // Nothing can answer the prompt Save asks through in headless Chromium (permissions.request stays pending; the
    // browser has no switch or CDP call that grants), so here no optional origin is granted before, and the check
    // below holds either way. e2e/firefox/delete-all.e2e.ts proves the revocation in a browser that grants (Firefox,
    // optional-permission prompts off): there the endpoint's and an instance's hosts are granted, then revoked.
    console.info(`granted before: ${granted.filter((o) => !manifestHosts.includes(host(o))).join(', ') || 'no optional origin'}`);

    const syncing = worker.evaluate(() =>
      (globalThis as unknown as { flagpost: { wellbeing: { sync(): Promise<void> } } }).flagpost.wellbeing.sync().then(() => 'done', (e: Error) => e.message),
    );
    await until(() => hashesHeld > 0, 'the sync to ask for the list');

    const options = await extension.browser.newPage();
    await options.goto(`chrome-extension://${extension.extensionId}/options.html`);
    await (await options.waitForSelector('[data-action="delete-all"]'))!.click();
    await (await options.waitForSelector('[data-action="confirm-delete-all"]'))!.click();
    await options.waitForSelector('[data-flagpost-deleted="done"]');
    releaseHashes();
    // The list arrived after the wipe, complete: the sync stops at the write (code before the fix wrote it back).
    // SYNC_OUTDATED's words (utils/wellbeing/hash-list.ts), not imported: that module defines storage items, which
    // start reading storage in Node as soon as they are imported.
    expect(await syncing).toBe('hash list: local data deleted or endpoint changed during the sync');

    expect(await worker.evaluate(() => chrome.storage.local.get(null))).toEqual({});
    const left = await worker.evaluate(async () => (await chrome.permissions.getAll()).origins ?? []);
    expect(left.filter((origin) => !manifestHosts.includes(host(origin)))).toEqual([]);
    await options.close();
  });
});
