/**
 * Accessibility: axe-core finds nothing on Flagpost's pages and in its dialog, and a report can
 * be made from the keyboard alone — the post's button, or the shortcut (manifest `commands`).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { describe, expect, test } from 'vitest';
import { axeViolations, hasFocus, MEDIA_HASHED_NOTE, openFigures, seedReports, setLanguage, tabTo } from './a11y';
import {
  aria, clickInDialog, closeDialogWithEscape, dialogTakesClicks, EXTENSION_DIR, waitForDialog, waitForDialogGone, X_PROFILE_FIRST_POST, X_PROFILE_URL,
} from './flagpost';
import type { LaunchedExtension } from './harness';
import type { TestEndpoint } from './test-endpoint';
import { xProfileSession } from './session';
import { step } from './step';

const REPORT_BUTTON = 'article[data-testid="tweet"] [data-flagpost-action="report"]';

let extension: LaunchedExtension;
let endpoint: TestEndpoint;

xProfileSession(async (session) => {
  ({ extension, endpoint } = session);
  await seedReports(await extension.serviceWorker());
});

async function openXProfile(): Promise<Page> {
  const page = await extension.browser.newPage();
  await page.goto(X_PROFILE_URL);
  await page.waitForSelector(REPORT_BUTTON, { visible: true });
  return page;
}

async function openExtensionPage(path: string, ready: string): Promise<Page> {
  const page = await extension.browser.newPage();
  await page.goto(`chrome-extension://${extension.extensionId}/${path}`);
  await page.waitForSelector(ready, { visible: true });
  return page;
}

/** Waits until the dialog is gone and says what has the focus in the page. */
async function focusAfterClose(page: Page): Promise<string> {
  await waitForDialogGone(page);
  return page.evaluate(() => {
    const active = document.activeElement;
    return active?.getAttribute('data-flagpost-action') ?? active?.tagName ?? '';
  });
}

/** The text of the post region in the open dialog (author, URL, text): which post it is. */
async function reportedPost(page: Page): Promise<string> {
  const dialog = await (await waitForDialog(page)).waitForSelector(aria('Report terrorist content', 'dialog'));
  const region = await dialog!.waitForSelector('::-p-aria([role="region"])');
  return region!.evaluate((node) => node.textContent ?? '');
}

describe('axe-core finds no violations', () => {
  test.each([
    ['en', 'light'],
    ['fr', 'light'],
    ['en', 'dark'],
  ] as const)('popup (with reports) and options, in %s, %s colour scheme', async (language, scheme) => {
    await setLanguage(extension.browser, extension.extensionId, language);
    for (const [path, ready] of [['popup.html', 'li.report'], ['options.html', '#endpointBase']] as const) {
      const page = await extension.browser.newPage();
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      await page.goto(`chrome-extension://${extension.extensionId}/${path}`);
      await page.waitForSelector(ready, { visible: true });
      // The personal figures too: their table and bar chart are only in the page once opened.
      if (path === 'popup.html') await openFigures(page);
      expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([language, 'ltr']);
      expect(await axeViolations(page), path).toEqual([]);
      await page.close();
    }
  });

  test('onboarding', async () => {
    await setLanguage(extension.browser, extension.extensionId, 'auto');
    const page = await openExtensionPage('onboarding.html', '#app > *, main');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  test('the report dialog, empty and filled in with the threat-to-life advice showing', async () => {
    await setLanguage(extension.browser, extension.extensionId, 'auto');
    const page = await openXProfile();
    await page.click(REPORT_BUTTON);
    // The frame that holds the dialog is named in the page; inside it, the dialog is a document of its own.
    expect(await page.$eval('iframe', (frame) => frame.title)).toBe('Report terrorist content');
    const dialog = await waitForDialog(page);
    await dialog.waitForSelector(MEDIA_HASHED_NOTE);
    expect(await axeViolations(dialog)).toEqual([]);

    await clickInDialog(dialog, aria('Incites terrorism, for example by glorifying an attack', 'checkbox'));
    await clickInDialog(dialog, aria("Someone's life is in imminent danger", 'checkbox'));
    await dialog.waitForSelector('::-p-aria([role="alert"])');
    await clickInDialog(dialog, aria('Show media', 'button'));
    expect(await axeViolations(dialog)).toEqual([]);
    await page.close();
  });
});

/**
 * Right to left for real: in Arabic every page and the dialog are mirrored (dir=rtl on the root,
 * logical CSS, so the start edge is on the right) and axe finds nothing; German is the
 * left-to-right control. Inputs are found by id and role, never by their (translated) words.
 */
describe.each([
  ['ar', 'rtl'],
  ['de', 'ltr'],
] as const)('in %s (%s)', (language, dir) => {
  test('popup, options and welcome page: lang, dir, a mirrored layout, and axe finds no violations', async () => {
    await setLanguage(extension.browser, extension.extensionId, language);
    for (const [path, ready] of [['popup.html', 'li.report'], ['options.html', '#endpointBase'], ['onboarding.html', '#app > *, main']] as const) {
      const page = await openExtensionPage(path, ready);
      if (path === 'popup.html') await openFigures(page);
      expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([language, dir]);
      // Mirrored: the heading's words sit against the right edge in Arabic, the left in German.
      const side = await page.$eval('h1', (heading) => {
        const range = document.createRange();
        range.selectNodeContents(heading);
        const words = range.getBoundingClientRect();
        const page = document.documentElement.getBoundingClientRect();
        return page.right - words.right < words.left - page.left ? 'right' : 'left';
      });
      expect(side, path).toBe(dir === 'rtl' ? 'right' : 'left');
      expect(await axeViolations(page), path).toEqual([]);
      await page.close();
    }
  });

  test('the report dialog, empty and filled in: lang, dir, and axe finds no violations', async () => {
    await setLanguage(extension.browser, extension.extensionId, language);
    const page = await openXProfile();
    await page.click(REPORT_BUTTON);
    const dialog = await waitForDialog(page);
    expect(await dialog.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([language, dir]);
    await dialog.waitForSelector(MEDIA_HASHED_NOTE);
    expect(await axeViolations(dialog)).toEqual([]);
    // The first category and the threat-to-life box, by position: their words are translated.
    await dialogTakesClicks(dialog);
    const [incitement, , , , , threatToLife] = await dialog.$$('input[type="checkbox"]');
    await incitement!.click();
    await threatToLife!.click();
    await dialog.waitForSelector('::-p-aria([role="alert"])');
    expect(await axeViolations(dialog)).toEqual([]);
    await page.close();
  });
});

describe('the language of the page (WCAG 3.1.1)', () => {
  test('an open page switches when Settings change the language: words, lang and title', async () => {
    await setLanguage(extension.browser, extension.extensionId, 'en');
    const page = await openExtensionPage('options.html', '#endpointBase');
    expect(await page.title()).toBe('Flagpost settings');
    await page.type('#token', 'typed-before-the-switch');
    await setLanguage(extension.browser, extension.extensionId, 'fr');
    await page.waitForFunction(() => document.documentElement.lang === 'fr');
    expect(await page.title()).toBe('Paramètres de Flagpost');
    expect(await page.$eval('h1', (heading) => heading.textContent)).toBe('Paramètres de Flagpost');
    // What was typed stays: the page is rendered again, not reloaded.
    expect(await page.$eval('#token', (input) => (input as HTMLInputElement).value)).toBe('typed-before-the-switch');
    await setLanguage(extension.browser, extension.extensionId, 'auto');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.close();
  });
});

describe('the keyboard alone', () => {
  test('Tab to the button, Enter, choose with Space, Send with Enter, Esc back to the button', async () => {
    const before = endpoint.reports.length;
    const page = await openXProfile();
    const button = (await page.$(REPORT_BUTTON))!;
    await tabTo(page, button);
    await page.keyboard.press('Enter');
    const dialog = await waitForDialog(page);
    // The focus is inside the dialog (the page sees only that its frame holds it).
    await page.waitForFunction(() => document.activeElement?.tagName === 'IFRAME');
    await dialog.waitForFunction(() => document.activeElement !== document.body);

    const category = (await dialog.waitForSelector(aria('Incites terrorism, for example by glorifying an attack', 'checkbox')))!;
    await tabTo(page, category, 30);
    await page.keyboard.press('Space');
    const explanation = (await dialog.waitForSelector(aria('Why is this terrorist content?', 'textbox')))!;
    await tabTo(page, explanation, 30);
    await page.keyboard.type(' Seen on a public profile.');
    const goodFaith = (await dialog.waitForSelector(
      aria('I believe in good faith that the information in this report is accurate and complete.', 'checkbox'),
    ))!;
    await tabTo(page, goodFaith, 30);
    await page.keyboard.press('Space');
    // The first post is among the seeded reports: the dialog says so and asks why it is reported again (issue 18).
    await dialog.waitForSelector('form[data-flagpost-previous-checked]');
    const reason = (await dialog.waitForSelector('#flagpost-repeat-reason'))!;
    await tabTo(page, reason, 30);
    await page.keyboard.type('New evidence in the thread');
    const send = (await dialog.waitForSelector(`${aria('Send report', 'button')}:not([disabled])`, { timeout: 20_000 }))!;
    await tabTo(page, send, 30);
    await page.keyboard.press('Enter');
    await dialog.waitForSelector('::-p-aria([role="status"])::-p-text(Report sent)', { timeout: 20_000 });
    expect(endpoint.reports.length).toBe(before + 1);
    expect((endpoint.reports.at(-1) as { classification: { explanation: string } }).classification.explanation).toContain(
      'Seen on a public profile.',
    );

    await closeDialogWithEscape(page);
    expect(await focusAfterClose(page)).toBe('report');
    expect(await hasFocus(button)).toBe(true);
    await page.close();
  });

  test('Tab stays inside the dialog', async () => {
    const page = await openXProfile();
    await page.click(REPORT_BUTTON);
    const dialog = await waitForDialog(page);
    for (let presses = 0; presses < 40; presses++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('IFRAME');
    expect(await dialog.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')))).toBe(true);
    await closeDialogWithEscape(page);
    expect(await focusAfterClose(page)).toBe('report');
    await page.close();
  });
});

describe('the keyboard shortcut', () => {
  /** Headless Chromium cannot press a browser-level shortcut: the command's handler is called, for the active tab. */
  async function pressShortcut(page: Page): Promise<void> {
    await step('the tab brought to the front', page.bringToFront());
    const worker = await step('the service worker', extension.serviceWorker());
    await step('the shortcut handled (onReportCommand)', worker.evaluate(() => (globalThis as any).flagpost.onReportCommand('report-post')));
  }

  test('is declared in the manifest, described in the user\'s language', async () => {
    const worker = await extension.serviceWorker();
    const commands = await worker.evaluate(() => chrome.commands.getAll());
    expect(commands).toContainEqual(
      expect.objectContaining({ name: 'report-post', description: 'Report the post in focus, or the one most in view' }),
    );
    // The key itself is only suggested: the browser assigns it when it is free (not in this headless profile).
    const manifest = JSON.parse(readFileSync(resolve(EXTENSION_DIR, 'manifest.json'), 'utf8'));
    expect(manifest.commands['report-post']).toEqual({
      suggested_key: { default: 'Alt+Shift+R' },
      description: '__MSG_commandReportPost__',
    });
  });

  test('reports the post holding the focus; Esc gives the focus back', async () => {
    const page = await openXProfile();
    expect(await page.$$eval('article[data-testid="tweet"]', (posts) => posts.length)).toBe(2);
    // The focus on a link in the second post.
    await page.$$eval('article[data-testid="tweet"]', (posts) => {
      const link = posts[1]!.querySelector<HTMLElement>('a[href]')!;
      link.setAttribute('data-focused-by-test', '');
      link.focus();
    });
    await pressShortcut(page);
    await waitForDialog(page);
    const second = await reportedPost(page);
    await closeDialogWithEscape(page);
    expect(await focusAfterClose(page)).toBe('A');
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-focused-by-test'))).toBe(true);

    // No focus in a post: the one most in view, here the first.
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      document.querySelector('article[data-testid="tweet"]')!.scrollIntoView({ block: 'start' });
    });
    await pressShortcut(page);
    await waitForDialog(page);
    const first = await reportedPost(page);
    expect(first).toContain(X_PROFILE_FIRST_POST);
    expect(second).not.toContain(X_PROFILE_FIRST_POST);
    await closeDialogWithEscape(page);
    await page.close();
  });
});
