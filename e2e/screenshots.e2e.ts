/**
 * Pictures of Flagpost for the README (docs/screenshots/), in English, French and Arabic (right to
 * left), and for the stores (store/screenshots/<language>/, 1280×800 as the Chrome Web Store, Edge
 * Add-ons and AMO ask; listed in store/listing.json). Stable from run to run: seeded reports with
 * fixed dates, a fixed endpoint address, fixed viewports, UTC.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { textDirection, type UiLanguage } from '../utils/ui-languages';
import { MEDIA_HASHED_NOTE, openFigures, seedReports } from './a11y';
import {
  dialogTakesClicks, EXTENSION_DIR, giveRepeatReasonIfAsked, STAGED_X_ACCOUNT, STAGED_X_PROFILE_URL, stageXAccount, waitForDialog,
  waitForEndpointField, xProfileRoutes,
} from './flagpost';
import { launchWithExtension, type LaunchedExtension } from './harness';

const SCREENSHOTS = resolve(__dirname, '../docs/screenshots');
const STORE_SCREENSHOTS = resolve(__dirname, '../store/screenshots');
/** The size every store takes (Chrome: 1280×800 or 640×400; Edge: 1280×800; AMO: 1280×800 recommended). */
const STORE = { width: 1280, height: 800 } as const;

let extension: LaunchedExtension;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // A fictional account in every picture: others see these, and a real person's post is never shown as reported.
  extension = await launchWithExtension(EXTENSION_DIR, { routes: xProfileRoutes({ staged: true }).routes });
  await seedReports(await extension.serviceWorker(), stageXAccount);
}, 90_000);

afterAll(async () => {
  await extension?.close();
});

/** Settings as a volunteer would have them, written where the options page saves them. */
async function saveSettings(language: UiLanguage): Promise<void> {
  const worker = await extension.serviceWorker();
  await worker.evaluate(async (language) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({
      settings: { ...(settings as object | undefined), endpointBase: 'https://reports.example.org', reporterMode: 'pseudonymous', language },
    });
  }, language);
}

async function newPage(width: number, height: number): Promise<Page> {
  const page = await extension.browser.newPage();
  await page.setViewport({ width, height, deviceScaleFactor: 1 });
  await page.emulateTimezone('UTC');
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  return page;
}

async function extensionPage(path: string, ready: string, width: number, height: number): Promise<Page> {
  const page = await newPage(width, height);
  await page.goto(`chrome-extension://${extension.extensionId}/${path}`);
  await page.waitForSelector(ready, { visible: true });
  return page;
}

async function save(page: Page, name: string, fullPage = true, dir = SCREENSHOTS): Promise<void> {
  // No blinking caret or running transition in the picture.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: resolve(dir, `${name}.png`), fullPage });
  expect(existsSync(resolve(dir, `${name}.png`))).toBe(true);
  await page.close();
}

/** The X profile with the report dialog open, the first category and good faith ticked, ready to send. */
async function openFilledDialog(page: Page, language: UiLanguage): Promise<void> {
  await page.goto(STAGED_X_PROFILE_URL);
  await page.waitForSelector('article[data-testid="tweet"] [data-flagpost-action="report"]', { visible: true });
  // The button and the dialog speak the language chosen in Settings.
  expect(await page.$eval('[data-flagpost-action="report"]', (button) => button.getAttribute('aria-label'))).toBe(
    JSON.parse(readFileSync(resolve(__dirname, `../public/_locales/${language}/messages.json`), 'utf8')).reportAction.message,
  );
  await page.click('article[data-testid="tweet"] [data-flagpost-action="report"]');
  const dialog = await waitForDialog(page);
  expect(await dialog.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([language, textDirection(language)]);
  // The media are hashed (the note under them says so): the dialog's layout has stopped moving,
  // so a click lands where it aims.
  await dialog.waitForSelector(MEDIA_HASHED_NOTE);
  await dialogTakesClicks(dialog);
  // By position, not by name: the words are in the language shown. The first category (its key is 1), then good faith,
  // the last checkbox but one (the last remembers it for the session).
  await (await dialog.$('input[data-flagpost-category="1"]'))!.click();
  const checkboxes = await dialog.$$('input[type="checkbox"]');
  await checkboxes.at(-2)!.click();
  // The seeded reports hold this post: the dialog shows the duplicate guard, and a new report says why.
  await giveRepeatReasonIfAsked(dialog);
  await dialog.waitForSelector('[data-flagpost-action="send"]:not([disabled])');
  // The staged post, not the saved one, and the form from its top (the clicks above scrolled it to good faith).
  expect(await dialog.evaluate(() => document.body.textContent)).toContain(STAGED_X_ACCOUNT.firstPostText);
  await dialog.evaluate(() => {
    for (const element of document.querySelectorAll('*')) if (element.scrollTop) element.scrollTop = 0;
  });
}

describe.each(['en', 'fr', 'ar'] as const)('screenshots in %s', (language) => {
  beforeAll(() => saveSettings(language));

  test('popup', async () => {
    const page = await extensionPage('popup.html', 'li.report[data-status="failed"]', 380, 400);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
    // The status chips, the outcome and the personal figures with their chart, all in the picture.
    await openFigures(page);
    await save(page, `popup-${language}`);
  });

  test('options', async () => {
    const page = await extensionPage('options.html', '#endpointBase', 760, 900);
    await waitForEndpointField(page);
    await save(page, `options-${language}`);
  });

  test('onboarding', async () => {
    const page = await extensionPage('onboarding.html', '#app > *, main', 760, 900);
    await save(page, `onboarding-${language}`);
  });

  test('report dialog', async () => {
    const page = await newPage(900, 1400);
    await openFilledDialog(page, language);
    await save(page, `dialog-${language}`, false);
  });
});

/** The stores' pictures: the same four views, each exactly 1280×800 (the viewport, not the full page). */
describe.each(['en', 'fr'] as const)('store screenshots in %s', (language) => {
  const dir = resolve(STORE_SCREENSHOTS, language);
  beforeAll(() => saveSettings(language));

  test('1: the report dialog on a post', async () => {
    const page = await newPage(STORE.width, STORE.height);
    await openFilledDialog(page, language);
    await save(page, '1-dialog', false, dir);
  });

  test.each([
    ['2-popup', 'popup.html', 'li.report[data-status="failed"]'],
    ['3-onboarding', 'onboarding.html', '#app > *, main'],
    ['4-options', 'options.html', '#endpointBase'],
  ] as const)('%s', async (name, path, ready) => {
    const page = await extensionPage(path, ready, STORE.width, STORE.height);
    await save(page, name, false, dir);
  });
});
