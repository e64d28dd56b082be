/** Driving Flagpost as a person would: its options page, the report dialog, the popup. */
import type { StoredReport } from '../utils/store/reports';
import type { Browser, ElementHandle, Frame, Page, WebWorker } from 'puppeteer-core';
import { readDomFixture } from '../test-support/dom-fixtures';
import { gradientPng, sha256 } from '../test-support/benign-images';
import { REFUSING_ATTRIBUTE } from '../components/report/click-guard';
import { DIALOG_SHOWN_MARK, REPORT_FRAME_PATH } from '../utils/report-frame';
import { html, type LaunchedExtension, type Routes } from './harness';
import { step } from './step';
import { TEST_EXTENSION_DIR } from './test-build';

/** The test build (e2e/test-build.ts): the shipped extension plus its worker's `globalThis.flagpost`. */
export const EXTENSION_DIR = TEST_EXTENSION_DIR;

export const X_PROFILE_URL = 'https://x.com/lcMenci';
export const X_PROFILE_FIRST_POST = 'https://x.com/lcMenci/status/1985395058229817831';
export const X_PROFILE_MEDIA = ['G42JlFfaAAALjaj', 'G42KBacbQAIcOtu', 'G42KDTyboAAY2gW', 'G42KEQpbQAEFCec'].map(
  (id) => `https://pbs.twimg.com/media/${id}?format=png&name=orig`,
);

/**
 * The saved profile as a fictional account, for the pictures others see (README, store listings): a real person's
 * post is never shown as reported content. Its handle, name and posts' words are replaced; the rest of the markup,
 * and so how the extension reads it, is the saved page's. Every other test uses the saved page as it is.
 */
export const STAGED_X_ACCOUNT = {
  handle: 'example_account', name: 'Example Account', firstPostText: 'Example post: a stand-in for the post being reported',
} as const;
export const STAGED_X_PROFILE_URL = `https://x.com/${STAGED_X_ACCOUNT.handle}`;
const SAVED_FIRST_POST_TEXT = '跑了一下从五年前到现在的几个比较大的个人项目（10k+ sloc）';

/**
 * A few rules standing in for X's own stylesheet, which the saved page does not carry, for the staged page only:
 * its dark theme (the saved markup's inline colours are for it) and icons at text size, not as wide as the page.
 */
const X_STAND_IN_STYLE = 'body { background: #000; color: #e7e9ea; font-family: sans-serif; margin: 0 24px; }'
  + ' svg { width: 1.25em; height: 1.25em; fill: currentColor; } img { max-width: 100%; }';

/** Any text (the saved page, a seeded report as JSON) with the saved account's identity replaced by the staged one. */
export function stageXAccount(text: string): string {
  // The handle first: it holds the name ("lcMenci").
  return text
    .replaceAll('lcMenci', STAGED_X_ACCOUNT.handle)
    .replaceAll('Menci 💖', STAGED_X_ACCOUNT.name)
    .replaceAll('Menci', STAGED_X_ACCOUNT.name)
    // The emoji of the saved name (an <img alt> there): a picture of it is not the fictional name's.
    .replaceAll('💖', '')
    .replace(SAVED_FIRST_POST_TEXT, STAGED_X_ACCOUNT.firstPostText)
    // Every post's words on the page (the first one's as above; a saved post's text holds no <div>).
    .replace(/(data-testid="tweetText"[^>]*>)(.*?)(<\/div>)/g, (_, open: string, inner: string, close: string) =>
      `${open}${inner.includes(STAGED_X_ACCOUNT.firstPostText) ? inner : '<span>Another example post</span>'}${close}`);
}

/**
 * The X profile fixture at its real URL (`staged`: as the fictional account, at its URL), and a distinct benign PNG
 * for every pbs.twimg.com picture: the same URL always answers with the same bytes (thumbnail and hash fetch agree).
 */
export function xProfileRoutes(options: { brokenMedia?: boolean; staged?: boolean } = {}) {
  const served = new Map<string, Buffer>();
  const saved = readDomFixture('x/x_profile_timeline_lcMenci_2025-11-03.html');
  const page = options.staged ? stageXAccount(saved).replace('</head>', `<style>${X_STAND_IN_STYLE}</style></head>`) : saved;
  const pageUrl = options.staged ? STAGED_X_PROFILE_URL : X_PROFILE_URL;
  const routes: Routes = (url) => {
    if (url === pageUrl) return html(page);
    if (!url.startsWith('https://pbs.twimg.com/media/')) return undefined;
    if (options.brokenMedia) return { status: 404, body: 'not found' };
    let bytes = served.get(url);
    if (!bytes) {
      bytes = gradientPng(64, 48, served.size + 1);
      served.set(url, bytes);
    }
    return { status: 200, headers: { 'content-type': 'image/png' }, body: bytes };
  };
  return { routes, sha256Of: (url: string) => sha256(served.get(url) ?? Buffer.alloc(0)) };
}

/**
 * Until the settings page shows the stored endpoint (`filled`), or shows none. Polled on a timer: Puppeteer's
 * default polls on animation frames, and a tab that another tab hides gets none, so a field filled a moment after
 * the first look was never looked at again (popup-outcomes, once in about forty full runs under load).
 */
export async function waitForEndpointField(page: Page, filled = true): Promise<void> {
  await page.waitForFunction((filled) => {
    const value = document.querySelector<HTMLInputElement>('#endpointBase')?.value;
    return value !== undefined && (value !== '') === filled;
  }, { polling: 100 }, filled);
}

export async function configureEndpoint(browser: Browser, extensionId: string, base: string, token = ''): Promise<void> {
  const page = await browser.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  const url = await page.waitForSelector('#endpointBase', { visible: true });
  await url!.click({ count: 3 });
  await url!.type(base);
  if (token) await page.type('#token', token);
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-flagpost-saved="saved"]');
  await page.close();
}

/** An ARIA query: by role and accessible name, as a screen reader finds things. */
export const aria = (name: string, role: string) => `::-p-aria([name=${JSON.stringify(name)}][role="${role}"])`;


const isReportFrame = (frame: Frame) => frame.url().startsWith('chrome-extension://') && new URL(frame.url()).pathname === REPORT_FRAME_PATH;

/** The report frame in this tab, once there is one. */
export async function dialogFrame(page: Page, timeout = 20_000): Promise<Frame> {
  const found = page.frames().find(isReportFrame);
  if (found) return found;
  return page.waitForFrame(isReportFrame, { timeout });
}

/**
 * The report frame, once its dialog shows (in whichever language Settings chose). Its two waits (frame 20 s, dialog
 * 30 s) have their own errors; the step names the whole where a test ran out of time first.
 */
export async function waitForDialog(page: Page): Promise<Frame> {
  const shown = async () => {
    const frame = await dialogFrame(page);
    await frame.waitForSelector('::-p-aria([role="dialog"])', { visible: true });
    return frame;
  };
  return step('the report dialog shown', shown(), 55_000);
}

/**
 * Clicks `selector` and answers with the report frame and how long after the click its dialog was on screen: from
 * the click event's own timestamp to the frame's DIALOG_SHOWN_MARK, both on the browser's clock (a figure for
 * benchmarks, never for a test to assert).
 */
export async function openDialogTimed(page: Page, selector: string): Promise<{ frame: Frame; openMs: number }> {
  const clickedAt = page.evaluate(() => new Promise<number>((resolve) =>
    document.addEventListener('click', (event) => resolve(performance.timeOrigin + event.timeStamp), { capture: true, once: true })));
  await page.click(selector);
  const frame = await waitForDialog(page);
  const shownAt = await frame.evaluate(async (mark) => {
    while (!performance.getEntriesByName(mark).length) await new Promise(requestAnimationFrame);
    return performance.timeOrigin + performance.getEntriesByName(mark)[0]!.startTime;
  }, DIALOG_SHOWN_MARK);
  return { frame, openMs: shownAt - (await clickedAt) };
}

/** Whether a report frame is in the page now. */
export function hasDialogFrame(page: Page): boolean {
  return page.frames().some(isReportFrame);
}

/**
 * Closes the report dialog with Esc, as a user would: the key goes down, the dialog closes on it (its frame leaves
 * the page), and the key comes up once the frame is gone. A key-up sent while the frame was being removed went to
 * that frame and was never answered: Input.dispatchKeyEvent hung until the test timed out (clean-clone CI,
 * 2026-12-07, a11y.e2e.ts).
 */
export async function closeDialogWithEscape(page: Page): Promise<void> {
  await page.keyboard.down('Escape');
  await waitForDialogGone(page);
  await page.keyboard.up('Escape');
}

/** Waits until the page holds no report frame (closed, or never opened). Failing, it says where the keyboard focus was. */
export async function waitForDialogGone(page: Page): Promise<void> {
  try {
    await until(() => !hasDialogFrame(page), 'the report frame to go');
  } catch (error) {
    throw new Error(`${(error as Error).message} (keyboard focus: ${await keyboardFocus(page)})`);
  }
}

/**
 * Where a key pressed now would go, for failures' messages: whether the tab has the focus, its focused element,
 * and inside the report frame, the frame's. A key the dialog should have taken (Esc) and did not is explained here.
 */
export async function keyboardFocus(page: Page): Promise<string> {
  const describe = () => {
    const active = document.activeElement;
    const name = active ? `${active.localName}${active.id ? `#${active.id}` : ''}${active.getAttribute('role') ? `[role=${active.getAttribute('role')}]` : ''}` : 'none';
    const dialogs = document.querySelectorAll('[role="dialog"]').length;
    return `${document.hasFocus() ? 'has focus' : 'no focus'}, ${document.visibilityState}, active ${name}, ${dialogs} dialog(s)`;
  };
  const frame = page.frames().find(isReportFrame);
  const described = Promise.all([page.evaluate(describe), frame ? frame.evaluate(describe) : 'no report frame']);
  try {
    const [inPage, inFrame] = await step('where the keyboard focus is', described, 5_000);
    return `page: ${inPage}; report frame: ${inFrame}`;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * A pointer click on `selector` in the frame, once the frame takes clicks: it refuses them while it may be
 * covered, and for a moment after it appears (components/report/click-guard.ts). Until the frame says it
 * is plainly visible, the click waits.
 */
export async function clickInDialog(frame: Frame, selector: string): Promise<void> {
  await dialogTakesClicks(frame);
  await clickScrolledTo((await frame.waitForSelector(selector))!);
}

/**
 * Scrolled to the middle of the dialog first, as a person scrolls to what they mean to click: the dialog's
 * sticky footer (Send, always in reach) covers the bottom of its scroll area, and a control that is on screen but
 * under it would take no click (puppeteer scrolls only what is off screen).
 */
async function clickScrolledTo(handle: ElementHandle): Promise<void> {
  await handle.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  await handle.click();
}

/** Waits until the report frame takes pointer input (see clickInDialog). */
export async function dialogTakesClicks(frame: Frame): Promise<void> {
  await frame.waitForFunction((name) => !document.documentElement.hasAttribute(name), { polling: 50 }, REFUSING_ATTRIBUTE);
}

/**
 * Clicks one of the dialog's checkboxes and checks that the click took. A click that landed elsewhere (the
 * layout moved between aiming and clicking: issue 21) fails here, by name, rather than as a Send that never
 * becomes available.
 */
export async function tick(frame: Frame, name: string): Promise<void> {
  await dialogTakesClicks(frame);
  const box = await frame.waitForSelector(aria(name, 'checkbox'));
  await clickScrolledTo(box!);
  if (!(await box!.evaluate((input) => (input as HTMLInputElement).checked))) throw new Error(`the click on "${name}" did not tick it`);
}

/** What the tests give as the reason to report a post again (the duplicate guard, issue 18). */
export const REPEAT_REASON = 'New evidence in the thread';

/**
 * The post was reported before (this profile's store, or the endpoint's list): the dialog asks why before a new
 * report, and this says why. Waits for the dialog's check to answer, so a warning that comes late is not missed.
 */
export async function giveRepeatReasonIfAsked(frame: Frame): Promise<void> {
  await frame.waitForSelector('form[data-flagpost-previous-checked]');
  const reason = await frame.$('#flagpost-repeat-reason');
  if (reason && !(await reason.evaluate((field) => (field as HTMLTextAreaElement).value))) await reason.type(REPEAT_REASON);
}

/** Choose a category, confirm good faith (unless remembered for the session), click Send (hashing never holds it back). */
export async function fillAndClickSend(page: Page): Promise<Frame> {
  const frame = await waitForDialog(page);
  await tick(frame, 'Incites terrorism, for example by glorifying an attack');
  if (!(await frame.$('[data-flagpost-good-faith="remembered"]'))) {
    await tick(frame, 'I believe in good faith that the information in this report is accurate and complete.');
  }
  await giveRepeatReasonIfAsked(frame);
  await clickInDialog(frame, `${aria('Send report', 'button')}:not([disabled])`);
  return frame;
}

/** The whole form, then the dialog's result text once it has one. */
/**
 * Text as a reader sees it: without the invisible Unicode isolates (U+2066–U+2069) that keep
 * someone else's words (an endpoint's error, a note) in their own direction inside our sentences.
 */
export const visibleText = (text: string) => text.replace(/[\u2066-\u2069]/g, '');

export async function fillAndSend(page: Page): Promise<string> {
  const frame = await fillAndClickSend(page);
  const result = await frame.waitForSelector('::-p-aria([role="status"])::-p-text(Report)', { timeout: 20_000 });
  return visibleText(await result!.evaluate((node) => node.textContent ?? '')).trim();
}

export interface PopupRow {
  url: string;
  status: string;
  text: string;
}

export async function popupRows(page: Page): Promise<PopupRow[]> {
  const rows = await page.$$eval('li.report', (rows) =>
    rows.map((row) => ({
      url: row.querySelector('a')?.getAttribute('href') ?? '',
      status: row.getAttribute('data-status') ?? '',
      text: row.textContent ?? '',
    })),
  );
  return rows.map((row) => ({ ...row, text: visibleText(row.text) }));
}

export async function openPopup(browser: Browser, extensionId: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  await page.waitForSelector('main.popup');
  return page;
}

/** One report as the extension keeps it (IndexedDB 'flagpost' / 'reports'), as far as the fault tests look. */
export interface KeptReport {
  id: string;
  status: string;
  attempts: number;
  nextAttemptAt: number;
  updatedAt: number;
  lastError?: { key: string; detail?: string };
  /** What the endpoint last said became of it (status tracking). */
  tracking?: { status: string; checks: number };
}

/** Every report the extension has made, read in its service worker straight from IndexedDB. */
export function keptReports(worker: WebWorker): Promise<KeptReport[]> {
  return step('the kept reports, read from IndexedDB in the worker', worker.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('flagpost');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      if (!db.objectStoreNames.contains('reports')) return [];
      const all = await new Promise<KeptReport[]>((resolve, reject) => {
        const request = db.transaction('reports').objectStore('reports').getAll();
        request.onsuccess = () => resolve(request.result as KeptReport[]);
        request.onerror = () => reject(request.error);
      });
      return all.map(({ id, status, attempts, nextAttemptAt, updatedAt, lastError, tracking }) => ({
        id, status, attempts, nextAttemptAt, updatedAt, lastError, tracking: tracking && { status: tracking.status, checks: tracking.checks },
      }));
    } finally {
      db.close();
    }
  }));
}

/** The ids of every report the extension has made: a snapshot for `reportMadeSince`. */
export async function reportIds(extension: LaunchedExtension): Promise<Set<string>> {
  return new Set((await keptReports(await extension.serviceWorker())).map((r) => r.id));
}

/** The one report made since the `before` snapshot, as kept now (it fails when there is not exactly one). */
export async function reportMadeSince(extension: LaunchedExtension, before: Set<string>): Promise<KeptReport> {
  const fresh = (await keptReports(await extension.serviceWorker())).filter((r) => !before.has(r.id));
  if (fresh.length !== 1) throw new Error(`expected one new report, found ${fresh.length}`);
  return fresh[0]!;
}

/**
 * Moves the worker's clock `ms` forward (Date.now only; timers keep real time) and drains the queue,
 * as the alarm would once that time had passed: hours of backoff in milliseconds. The offset lives in
 * the running worker and is gone when it stops.
 */
export function advanceAndDrain(worker: WebWorker, ms: number): Promise<void> {
  const drained = worker.evaluate(async (forward) => {
    const scope = globalThis as unknown as { realNow?: () => number; clockOffset?: number; flagpost: { queue: { drain(): Promise<void> } } };
    scope.realNow ??= Date.now.bind(Date);
    scope.clockOffset = (scope.clockOffset ?? 0) + forward;
    Date.now = () => scope.realNow!() + scope.clockOffset!;
    await scope.flagpost.queue.drain();
  }, ms);
  // Past one delivery's own timeout (utils/endpoint/request.ts, 20 s) with room to spare, inside the test's 60 s.
  return step('the queue drained (flagpost.queue.drain)', drained, 45_000);
}

/**
 * Every `AbortSignal.timeout` the running worker makes from now on fires after at most `ms`: an endpoint
 * that never answers is given up on at once, and the reason still names the real deadline.
 */
export function shortenTimeouts(worker: WebWorker, ms: number): Promise<void> {
  const shortened = worker.evaluate((cap) => {
    const original = AbortSignal.timeout.bind(AbortSignal);
    AbortSignal.timeout = (delay: number) => original(Math.min(delay, cap));
  }, ms);
  return step('AbortSignal.timeout shortened in the worker', shortened);
}

/** The X profile fixture in a new tab, with the report dialog of its first post open. */
export async function openFirstPostReport(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(X_PROFILE_URL);
  await (await page.waitForSelector('[data-flagpost-action="report"]', { visible: true }))!.click();
  return page;
}

/**
 * The user chose *Report terrorist content* in the context menu of the tab at `pageUrl` (main frame). Headless
 * Chromium cannot click a native menu: the background's own handler is called, as the browser would.
 */
export async function chooseReportMenuItem(
  extension: LaunchedExtension, pageUrl: string, clicked: { linkUrl?: string; srcUrl?: string; mediaType?: string; frameUrl?: string } = {},
): Promise<void> {
  const worker = await step('the service worker', extension.serviceWorker());
  const handled = worker.evaluate(async (pageUrl, clicked) => {
    const [tab] = await chrome.tabs.query({ url: pageUrl });
    const info = { menuItemId: 'flagpost-report', pageUrl, frameId: 0, editable: false, ...clicked };
    await (globalThis as any).flagpost.onReportMenuClick(info, tab);
  }, pageUrl, clicked);
  await step('the menu click handled (onReportMenuClick)', handled);
}

/** Polls `condition` every 100 ms (a wait for a state, never a fixed sleep). */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const polled = async () => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  // Its own error comes first; the step also bounds a condition whose check itself hangs (a CDP call).
  await step(what, polled(), timeoutMs + 5_000);
}

/** The page's accessibility tree (the report frame's included), flattened to its text: what a screen-reader user is told. */
export async function accessibleText(page: Page): Promise<string> {
  return JSON.stringify(await page.accessibility.snapshot({ includeIframes: true }));
}

/**
 * The text of every alert in the page's accessibility tree. (An ARIA selector for role=alert does not
 * find the dialog's error, whose accessible name is empty; the tree shows its text as children.)
 */
export async function alertTexts(page: Page): Promise<string[]> {
  type AxNode = { role?: string; name?: string; children?: AxNode[] };
  const texts: string[] = [];
  const text = (node: AxNode): string => (node.name ?? '') + (node.children ?? []).map(text).join('');
  const walk = (node: AxNode | null | undefined): void => {
    if (!node) return;
    if (node.role === 'alert') texts.push(text(node));
    node.children?.forEach(walk);
  };
  walk((await page.accessibility.snapshot({ includeIframes: true })) as AxNode | null);
  return texts;
}

/**
 * Writes records straight into the extension's database, from its service worker. It waits for the
 * database the worker makes at start: opening it first would create it without its store.
 */
export async function seedStoredReports(worker: WebWorker, records: StoredReport[]): Promise<void> {
  const seeded = worker.evaluate(async (all) => {
    for (let tries = 0; !(await indexedDB.databases()).some((db) => db.name === 'flagpost'); tries++) {
      if (tries > 200) throw new Error('the extension made no database');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const request = indexedDB.open('flagpost');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction('reports', 'readwrite');
    for (const record of all) tx.objectStore('reports').put(record);
    await new Promise((resolve, reject) => ((tx.oncomplete = resolve), (tx.onerror = () => reject(tx.error))));
    db.close();
  }, records);
  await step('the reports written into IndexedDB', seeded);
}

/**
 * Changes fields of one kept report's status tracking, straight in the worker's IndexedDB: a check made due now,
 * or the last one made long ago, instead of the test waiting minutes for it.
 */
export async function patchTracking(
  worker: WebWorker, id: string, patch: Partial<NonNullable<StoredReport['tracking']>>,
): Promise<void> {
  const patched = worker.evaluate(async (reportId, fields) => {
    const request = indexedDB.open('flagpost');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const store = db.transaction('reports', 'readwrite').objectStore('reports');
      const kept = await new Promise<any>((resolve, reject) => {
        const read = store.get(reportId);
        read.onsuccess = () => resolve(read.result);
        read.onerror = () => reject(read.error);
      });
      if (!kept?.tracking) throw new Error(`report ${reportId} is not kept or not tracked`);
      Object.assign(kept.tracking, fields);
      await new Promise((resolve, reject) => {
        const write = store.put(kept);
        write.onsuccess = resolve;
        write.onerror = () => reject(write.error);
      });
    } finally {
      db.close();
    }
  }, id, patch);
  await step(`the tracking of report ${id} changed in IndexedDB`, patched);
}
