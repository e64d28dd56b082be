/**
 * Batch reporting on the X fixture: ten posts selected with Shift-click (then plain clicks, the buttons being
 * checkboxes while a batch is open), one form, ten reports at the endpoint. One post's first picture answers 500:
 * that medium carries its `error`, its report still goes, and the other nine are untouched.
 */
import type { ElementHandle, Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BATCH_BAR_ROUTE, BATCH_ROUTE } from '../utils/report-frame';
import { axeViolations, setLanguage } from './a11y';
import { aria, clickInDialog, configureEndpoint, EXTENSION_DIR, tick, until, X_PROFILE_URL, xProfileRoutes } from './flagpost';
import { BATCH_POSTS, expectBatchReports, FAILING_MEDIUM, replaceFeedWithBatch } from './batch-feed';
import { launchWithExtension, type LaunchedExtension } from './harness';
import { startTestEndpoint, type TestEndpoint } from './test-endpoint';

const POSTS = BATCH_POSTS;

let extension: LaunchedExtension;
let endpoint: TestEndpoint;
const x = xProfileRoutes();

beforeAll(async () => {
  endpoint = await startTestEndpoint({ token: 'volunteer-token' });
  extension = await launchWithExtension(EXTENSION_DIR, {
    routes: (url, request) => (url === FAILING_MEDIUM ? { status: 500, body: 'broken on purpose' } : x.routes(url, request)),
  });
  await configureEndpoint(extension.browser, extension.extensionId, endpoint.baseUrl, 'volunteer-token');
});

afterAll(async () => {
  await extension?.close();
  await endpoint?.close();
});

/** The X profile's feed, now ten posts, each with its own status id and its own four pictures. */
async function openFeedOfTen(): Promise<Page> {
  const page = await extension.browser.newPage();
  await page.goto(X_PROFILE_URL);
  await page.waitForSelector('article[data-testid="tweet"] [data-flagpost-action="report"]', { visible: true });
  await page.evaluate(replaceFeedWithBatch, POSTS);
  await page.waitForFunction(
    (count) => document.querySelectorAll('[data-batch-copy] [data-flagpost-action="report"]').length === count, {}, POSTS,
  );
  return page;
}

/** Shift-clicks the first post's report button, which starts a batch; from then on the buttons are checkboxes. */
async function startBatch(page: Page): Promise<ElementHandle<Element>[]> {
  const buttons = await page.$$('[data-batch-copy] [data-flagpost-action="report"]');
  await buttons[0]!.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  await page.keyboard.down('Shift');
  await buttons[0]!.click();
  await page.keyboard.up('Shift');
  return buttons;
}

function frameAt(page: Page, route: string): Promise<Frame> {
  const matches = (frame: Frame) => frame.url().startsWith('chrome-extension://') && new URL(frame.url()).hash === route;
  const found = page.frames().find(matches);
  return found ? Promise.resolve(found) : page.waitForFrame(matches, { timeout: 20_000 });
}

describe('batch reporting', () => {
  test('ten selected posts, one form: ten reports delivered, the one failing medium isolated', async () => {
    const page = await openFeedOfTen();
    const buttons = await startBatch(page);
    for (const button of buttons.slice(1)) {
      // Mid-viewport: the batch bar sits in the bottom corner, over whatever is there.
      await button.evaluate((element) => element.scrollIntoView({ block: 'center' }));
      await button.click();
    }
    expect(await page.$$eval('[data-flagpost-action="report"][aria-pressed="true"]', (pressed) => pressed.length)).toBe(POSTS);
    // A click selected, and opened no single report's dialog.
    expect(page.frames().filter((frame) => new URL(frame.url()).hash === '').length).toBe(1);

    const bar = await frameAt(page, BATCH_BAR_ROUTE);
    await bar.waitForSelector(`::-p-text(Selected posts: ${POSTS})`);
    expect(await axeViolations(bar)).toEqual([]);
    await (await bar.waitForSelector(aria('Report selected', 'button')))!.click();

    const form = await frameAt(page, BATCH_ROUTE);
    await form.waitForSelector('::-p-aria([role="dialog"])', { visible: true });
    expect(await form.$$eval('[data-flagpost-batch-step]', (rows) => rows.length)).toBe(POSTS);
    // The selection is handed over: the page's buttons are plain again, and the bar is gone.
    await until(() => !page.frames().some((frame) => frame.url().endsWith(BATCH_BAR_ROUTE)), 'the batch bar to go');
    expect(await page.$$eval('[aria-pressed="true"]', (pressed) => pressed.length)).toBe(0);

    expect(await axeViolations(form)).toEqual([]);
    await tick(form, 'Incites terrorism, for example by glorifying an attack');
    await tick(form, 'I believe in good faith that the information in this report is accurate and complete.');
    await clickInDialog(form, `${aria(`Send reports (${POSTS})`, 'button')}:not([disabled])`);

    await until(() => endpoint.reports.length >= POSTS, `${POSTS} reports at the endpoint`, 60_000);
    expectBatchReports(endpoint.reports, x.sha256Of);

    // The batch form follows each report to its delivery.
    await form.waitForFunction(
      (count) => document.querySelectorAll('[data-flagpost-batch-step="delivered"]').length === count, { timeout: 30_000 }, POSTS,
    );
    expect(await axeViolations(form)).toEqual([]);
    await page.close();
  });

  test('from the keyboard: Shift+Enter on a focused report button selects its post, Enter then unselects it', async () => {
    const page = await openFeedOfTen();
    const button = (await page.$('[data-batch-copy="0"] [data-flagpost-action="report"]'))!;
    await button.focus();
    await page.keyboard.down('Shift');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Shift');
    await page.waitForSelector('[data-batch-copy="0"] [data-flagpost-action="report"][aria-pressed="true"]');
    await frameAt(page, BATCH_BAR_ROUTE);
    await page.keyboard.press('Enter');
    await until(() => !page.frames().some((frame) => frame.url().endsWith(BATCH_BAR_ROUTE)), 'the batch bar to go');
    expect(await page.$$eval('[aria-pressed]', (pressed) => pressed.length)).toBe(0);
    await page.close();
  });

  test('in Arabic: the bar and the form are right-to-left, and axe finds nothing', async () => {
    await setLanguage(extension.browser, extension.extensionId, 'ar');
    try {
      const page = await openFeedOfTen();
      await startBatch(page);
      const bar = await frameAt(page, BATCH_BAR_ROUTE);
      await bar.waitForFunction(() => document.documentElement.dir === 'rtl' && document.querySelector('main'));
      expect(await axeViolations(bar)).toEqual([]);
      await (await bar.waitForSelector('[data-flagpost-action="batch-report"]'))!.click();
      const form = await frameAt(page, BATCH_ROUTE);
      await form.waitForSelector('::-p-aria([role="dialog"])', { visible: true });
      expect(await form.evaluate(() => document.documentElement.dir)).toBe('rtl');
      expect(await axeViolations(form)).toEqual([]);
      await page.close();
    } finally {
      await setLanguage(extension.browser, extension.extensionId, 'auto');
    }
  });
});
