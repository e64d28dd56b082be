/**
 * Wellbeing on an X page: posts on the endpoint's hash list are marked with their media blurred until
 * Show is clicked; the user's own reports are never marked in the page (e2e/hostile-page.e2e.ts plays the
 * page that would read them back); opt-in PDQ matching of on-screen media.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { aria, configureEndpoint, EXTENSION_DIR, fillAndSend, X_PROFILE_FIRST_POST, X_PROFILE_URL, xProfileRoutes } from './flagpost';
import { combineRoutes, launchWithExtension, type LaunchedExtension } from './harness';
import { startTestEndpoint, type TestEndpoint } from './test-endpoint';

const SECOND_POST = 'https://x.com/lcMenci/status/1985365413946122566';
/** The second post's first picture: served as the PDQ fixture photo, whose reference hash is known. */
const SECOND_POST_PICTURE = 'https://pbs.twimg.com/media/G41vULFbcAATIQT?format=jpg&name=900x900';
const BRIDGE = readFileSync(resolve(__dirname, '../../shared/fixtures/pdq/images/bridge-mods/aaa-orig.jpg'));
/** From ../shared/fixtures/pdq/expected-cpp.tsv. */
const BRIDGE_PDQ = 'd8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22';
const POSTS = 'article[data-testid="tweet"]';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

let extension: LaunchedExtension;
let listed: TestEndpoint;
let pdqListed: TestEndpoint;

beforeAll(async () => {
  // The second post's permalink is on the first endpoint's list, the way the reference endpoint lists it.
  listed = await startTestEndpoint({ hashList: [{ algorithm: 'url_sha256', value: sha256(SECOND_POST) }] });
  pdqListed = await startTestEndpoint({ hashList: [{ algorithm: 'pdq', value: BRIDGE_PDQ }] });
  const bridge = (url: string) =>
    url === SECOND_POST_PICTURE ? { status: 200, headers: { 'content-type': 'image/jpeg' }, body: BRIDGE } : undefined;
  extension = await launchWithExtension(EXTENSION_DIR, { routes: combineRoutes(bridge, xProfileRoutes().routes) });
}, 60_000);

afterAll(async () => {
  await extension?.close();
  await listed?.close();
  await pdqListed?.close();
});

/** Runs in the service worker: chrome.storage.local as the extension sees it. */
async function storageGet<T>(key: string): Promise<T | undefined> {
  const worker = await extension.serviceWorker();
  return worker.evaluate(async (k) => (await chrome.storage.local.get(k))[k], key) as Promise<T | undefined>;
}

async function changeSettings(change: Record<string, unknown>): Promise<void> {
  const worker = await extension.serviceWorker();
  await worker.evaluate(async (c) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings as object), ...c } });
  }, change);
}

/** The settings change starts a sync; it is done when the stored list holds everything the endpoint lists. */
async function waitForSync(endpoint: TestEndpoint): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const list = await storageGet<{ base: string; items: string[] }>('reportedHashList');
    if (list?.base === endpoint.baseUrl && list.items.length === endpoint.hashList.length) return;
    if (Date.now() > deadline) throw new Error(`hash list not synced: ${JSON.stringify(list)}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

async function openXProfile(): Promise<Page> {
  const page = await extension.browser.newPage();
  await page.goto(X_PROFILE_URL);
  // The fixture has none of X's style sheets: the PDQ photo (a real 1 MP picture, where the other
  // posts' pictures are tiny) would lay its post over the first one. X shows photos in a bounded box.
  await page.addStyleTag({ content: '[data-testid="tweetPhoto"] img { width: 200px; height: 150px; }' });
  await page.waitForSelector(`${POSTS} [data-flagpost-action="report"]`, { visible: true });
  return page;
}

/** Each post's mark: "blur", "shown", "mark" or null. */
function marks(page: Page): Promise<(string | null)[]> {
  return page.$$eval(POSTS, (posts) => posts.map((post) => post.getAttribute('data-flagpost-reported')));
}

function pictureFilter(page: Page, post: number): Promise<string> {
  return page.$$eval(POSTS, (posts, i) => getComputedStyle(posts[i]!.querySelector('[data-testid="tweetPhoto"] img')!).filter, post);
}

/** Media the extension itself fetched (the page's own <img> loads are resourceType Image). */
function extensionFetches(url: string): number {
  return extension.fixtures.requests.filter((request) => request.url === url && request.resourceType !== 'Image').length;
}

describe('already-reported posts on X', () => {
  test('a listed post (endpoint) is blurred until Show; a post the user just reported is not marked, before or after a reload', async () => {
    await configureEndpoint(extension.browser, extension.extensionId, listed.baseUrl);
    await waitForSync(listed);

    const page = await openXProfile();
    await page.waitForFunction(
      (selector) => document.querySelectorAll(`${selector}[data-flagpost-reported]`).length === 1,
      {}, POSTS,
    );
    expect(await marks(page)).toEqual([null, 'blur']);
    await page.click(`${POSTS} [data-flagpost-action="report"]`);
    expect(await fillAndSend(page)).toContain('Report sent');
    expect(await marks(page)).toEqual([null, 'blur']);
    expect(listed.reports).toEqual([expect.objectContaining({ target: expect.objectContaining({ url: X_PROFILE_FIRST_POST }) })]);

    await page.reload();
    await page.waitForFunction(
      (selector) => document.querySelectorAll(`${selector}[data-flagpost-reported="blur"]`).length === 1,
      {}, POSTS,
    );
    expect(await marks(page)).toEqual([null, 'blur']);
    expect(await pictureFilter(page, 1)).toContain('blur(');
    const notes = await page.$$eval('.flagpost-reported', (found) => found.map((note) => note.textContent));
    expect(notes).toEqual(['Already reported Show']);

    // The keyboard shows the listed post's media: Tab to the button, Enter.
    const shows = await page.$$(aria('Show', 'button'));
    expect(shows).toHaveLength(1);
    await shows[0]!.focus();
    await page.keyboard.press('Enter');
    expect(await marks(page)).toEqual([null, 'shown']);
    expect(await pictureFilter(page, 1)).toBe('none');
    await page.close();
  });

  test('on-screen media are matched by PDQ only when the user opted in', async () => {
    await changeSettings({ endpointBase: pdqListed.baseUrl });
    await waitForSync(pdqListed);

    // Opted out (the default): the listed photo is on screen, but the extension never fetches it.
    let page = await openXProfile();
    await page.$$eval(POSTS, (posts) => posts[1]!.scrollIntoView());
    // An absence needs a window to be seen in: the batch's answer (not to watch media) comes in well under this.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await marks(page)).toEqual([null, null]);
    expect(extensionFetches(SECOND_POST_PICTURE)).toBe(0);
    await page.close();

    await changeSettings({ matchOnScreenMedia: true });
    page = await openXProfile();
    await page.$$eval(POSTS, (posts) => posts[1]!.scrollIntoView());
    await page.waitForFunction(
      (selector) => document.querySelectorAll(`${selector}[data-flagpost-reported="blur"]`).length === 1,
      { timeout: 20_000 }, POSTS,
    );
    expect(await marks(page)).toEqual([null, 'blur']);
    expect(extensionFetches(SECOND_POST_PICTURE)).toBe(1);
    expect(await pictureFilter(page, 1)).toContain('blur(');
    await page.close();
  });
});
