/**
 * Pictures of Flagpost for the README (docs/screenshots/), in English and French. Stable from
 * run to run: seeded reports with fixed dates, a fixed endpoint address, fixed viewports, UTC.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MEDIA_HASHED_NOTE, seedReports } from './a11y';
import { dialogTakesClicks, EXTENSION_DIR, waitForDialog, X_PROFILE_URL, xProfileRoutes } from './flagpost';
import { launchWithExtension, type LaunchedExtension } from './harness';

const SCREENSHOTS = resolve(__dirname, '../docs/screenshots');

let extension: LaunchedExtension;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  extension = await launchWithExtension(EXTENSION_DIR, { routes: xProfileRoutes().routes });
  await seedReports(await extension.serviceWorker());
}, 90_000);

afterAll(async () => {
  await extension?.close();
});

/** Settings as a volunteer would have them, written where the options page saves them. */
async function saveSettings(language: 'en' | 'fr'): Promise<void> {
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

async function save(page: Page, name: string, fullPage = true): Promise<void> {
  // No blinking caret or running transition in the picture.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage });
  expect(existsSync(resolve(SCREENSHOTS, `${name}.png`))).toBe(true);
  await page.close();
}

describe.each(['en', 'fr'] as const)('screenshots in %s', (language) => {
  beforeAll(() => saveSettings(language));

  test('popup', async () => {
    const page = await extensionPage('popup.html', 'li.report[data-status="failed"]', 380, 400);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
    await save(page, `popup-${language}`);
  });

  test('options', async () => {
    const page = await extensionPage('options.html', '#endpointBase', 760, 900);
    await page.waitForFunction(() => (document.querySelector('#endpointBase') as HTMLInputElement).value !== '');
    await save(page, `options-${language}`);
  });

  test('onboarding', async () => {
    const page = await extensionPage('onboarding.html', '#app > *, main', 760, 900);
    await save(page, `onboarding-${language}`);
  });

  test('report dialog', async () => {
    const page = await newPage(900, 1400);
    await page.goto(X_PROFILE_URL);
    await page.waitForSelector('article[data-testid="tweet"] [data-flagpost-action="report"]', { visible: true });
    // The button and the dialog speak the language chosen in Settings.
    expect(await page.$eval('[data-flagpost-action="report"]', (button) => button.getAttribute('aria-label'))).toBe(
      { en: 'Report terrorist content', fr: 'Signaler un contenu à caractère terroriste' }[language],
    );
    await page.click('article[data-testid="tweet"] [data-flagpost-action="report"]');
    const dialog = await waitForDialog(page);
    expect(await dialog.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([language, 'ltr']);
    // The media are hashed (the note under them says so): the dialog's layout has stopped moving,
    // so a click lands where it aims.
    await dialog.waitForSelector(MEDIA_HASHED_NOTE);
    await dialogTakesClicks(dialog);
    const [incitement, , , , , , goodFaith] = await dialog.$$('input[type="checkbox"]');
    await incitement!.click();
    await goodFaith!.click();
    await dialog.waitForSelector('[data-flagpost-action="send"]:not([disabled])');
    await save(page, `dialog-${language}`, false);
  });
});
