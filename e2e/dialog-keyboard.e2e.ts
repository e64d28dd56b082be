/**
 * Faster reports (issue 18), in Chromium: a report from the keyboard alone in at most four key presses once the
 * good-faith confirmation is remembered for the session; "Send and next" opening the dialog for the next post;
 * the duplicate warning on a post reported before; Send in reach at 1280×720; the focus on the first category, a
 * Space that unblurs nothing; no axe violation in the dark scheme. Elements are found by data attributes, ids and
 * ARIA, never by their (translated) words, except where the English words are the point.
 */
import type { Frame, Page } from 'puppeteer-core';
import { describe, expect, test } from 'vitest';
import { axeViolations, MEDIA_HASHED_NOTE } from './a11y';
import {
  aria, closeDialogWithEscape, dialogTakesClicks, REPEAT_REASON, tick, until, visibleText, waitForDialog, X_PROFILE_FIRST_POST, X_PROFILE_URL,
} from './flagpost';
import { REPORT_FRAME_PATH } from '../utils/report-frame';
import { tcoCategories } from '../utils/schema/report';
import type { LaunchedExtension } from './harness';
import type { TestEndpoint } from './test-endpoint';
import { xProfileSession } from './session';
import { step } from './step';

const REPORT_BUTTONS = 'article[data-testid="tweet"] [data-flagpost-action="report"]';
const SEND = '[data-flagpost-action="send"]';
/** The "remember my confirmation" box, nested under the good-faith one. */
const REMEMBER_GOOD_FAITH = 'form > label.choice.nested input[type="checkbox"]';

let extension: LaunchedExtension;
let endpoint: TestEndpoint;

xProfileSession((session) => {
  ({ extension, endpoint } = session);
});

async function openXProfile(viewport = { width: 1280, height: 720 }): Promise<Page> {
  const page = await extension.browser.newPage();
  await page.setViewport(viewport);
  await page.goto(X_PROFILE_URL);
  await page.waitForSelector(REPORT_BUTTONS, { visible: true });
  return page;
}

/** The address of the post the open dialog is about. */
async function dialogPostUrl(frame: Frame): Promise<string> {
  return visibleText(await frame.$eval('.post-url', (node) => node.textContent ?? '')).trim();
}

/** Waits for the endpoint to hold `count` reports. */
function reportsReach(count: number): Promise<void> {
  return until(() => endpoint.reports.length >= count, `${count} reports at the endpoint`);
}

type SentReport = { target: { url: string }; classification: { tco: string[]; explanation: string }; goodFaith: { confirmed: boolean } };
const lastReport = () => endpoint.reports.at(-1) as SentReport;

/** Esc on the result, once it holds the focus (it moves there from the Send button, which is gone). */
async function closeResult(page: Page, frame: Frame): Promise<void> {
  await frame.waitForFunction(() => document.activeElement?.closest('.actions') !== null && document.activeElement?.localName === 'button');
  await closeDialogWithEscape(page);
}

/** Ready to send: prepared (the preview shows the report) and the duplicate check answered. */
async function prepared(frame: Frame): Promise<void> {
  await frame.waitForFunction(() => document.querySelector('details.preview pre')?.textContent?.startsWith('{'));
  await frame.waitForSelector('form[data-flagpost-previous-checked]');
}

describe('the report dialog at 1280×720', () => {
  test('opens with the focus on the first category; Send is in view without scrolling; Space does not unblur', async () => {
    const page = await openXProfile();
    await page.click(REPORT_BUTTONS);
    const frame = await waitForDialog(page);
    await frame.waitForFunction(() => document.activeElement?.getAttribute('data-flagpost-category') === '1');

    // The form is taller than the dialog here: its foot (and Send) sticks to the dialog's bottom edge.
    const send = await frame.evaluate((selector) => {
      const button = document.querySelector<HTMLElement>(selector)!;
      const box = button.getBoundingClientRect();
      const scroller = document.querySelector('.dialog')!;
      const atCentre = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return {
        inView: box.top >= 0 && box.bottom <= innerHeight && box.left >= 0 && box.right <= innerWidth,
        onTop: atCentre === button || button.contains(atCentre),
        scrolls: scroller.scrollHeight > scroller.clientHeight,
        scrollTop: scroller.scrollTop,
      };
    }, SEND);
    expect(send).toEqual({ inView: true, onTop: true, scrolls: true, scrollTop: 0 });

    // A reflexive Space on "Show media" shows nothing; the media stay blurred.
    const reveal = (await frame.waitForSelector('[data-flagpost-action="reveal-media"]'))!;
    await reveal.focus();
    await page.keyboard.press('Space');
    expect(await reveal.evaluate((button) => button.getAttribute('aria-pressed'))).toBe('false');
    expect(await frame.$('.thumbs.blurred')).not.toBeNull();
    await closeDialogWithEscape(page);
    await page.close();
  });

  test('axe finds no violations in the dark colour scheme, with the key hints and the session choice', async () => {
    const page = await openXProfile();
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await page.click(REPORT_BUTTONS);
    const frame = await waitForDialog(page);
    await frame.waitForSelector(MEDIA_HASHED_NOTE);
    // Dark on the dialog itself; the frame's root keeps the page's scheme, so the page still shows around it.
    expect(await frame.$eval('.dialog', (dialog) => getComputedStyle(dialog).colorScheme)).toBe('dark');
    expect(await frame.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgba(0, 0, 0, 0)');
    expect(await axeViolations(frame)).toEqual([]);
    await closeDialogWithEscape(page);
    await page.close();
  });
});

describe('a report from the keyboard alone', () => {
  test('the first report confirms good faith for the session; the next takes 3 key presses after focusing the button', async () => {
    const before = endpoint.reports.length;
    // The first of the session: ticked with the pointer, the confirmation remembered.
    const page = await openXProfile();
    await page.click(REPORT_BUTTONS);
    const first = await waitForDialog(page);
    await prepared(first);
    await tick(first, 'Incites terrorism, for example by glorifying an attack');
    await tick(first, 'I believe in good faith that the information in this report is accurate and complete.');
    // Ticked, it moves nothing under the pointer (issue 21): scrolled to its end as the tick left it, the dialog's
    // "remember" box stays put while the status under it changes and the preview catches up with the tick.
    const rememberTop = () => first.$eval(REMEMBER_GOOD_FAITH, (box) => Math.round(box.getBoundingClientRect().top));
    const aimedAt = await rememberTop();
    await step('the preview to say the statement is confirmed', first.waitForFunction(
      () => document.querySelector('details.preview pre')?.textContent?.includes('"confirmed": true'),
      { polling: 100 },
    ));
    expect(await rememberTop()).toBe(aimedAt);
    await tick(first, 'Remember my confirmation until I close the browser');
    await dialogTakesClicks(first);
    await (await first.waitForSelector(`${SEND}:not([disabled])`))!.click();
    await first.waitForSelector('[data-flagpost-result]');
    await reportsReach(before + 1);
    await closeResult(page, first);

    // The second post, from the keyboard: the focus on its button, then every key counted.
    const buttons = await page.$$(REPORT_BUTTONS);
    expect(buttons).toHaveLength(2);
    await buttons[1]!.focus();
    let presses = 0;
    const press = async (key: 'Enter' | '1') => {
      presses++;
      await page.keyboard.press(key);
    };
    /** A chord (Ctrl held while Enter is pressed) counts as one press. */
    const chord = async (modifier: 'Control', key: 'Enter') => {
      presses++;
      await page.keyboard.down(modifier);
      await page.keyboard.press(key);
      await page.keyboard.up(modifier);
    };

    await press('Enter');
    const frame = await waitForDialog(page);
    expect(await frame.$('[data-flagpost-good-faith="remembered"]')).not.toBeNull();
    await frame.waitForFunction(() => document.activeElement?.getAttribute('data-flagpost-category') === '1');
    await prepared(frame);
    await press('1');
    await frame.waitForSelector(`${SEND}:not([disabled])`);
    await chord('Control', 'Enter');
    await frame.waitForSelector('[data-flagpost-result]', { timeout: 20_000 });
    await reportsReach(before + 2);

    expect(presses).toBe(3);
    expect(presses).toBeLessThanOrEqual(4);
    expect(lastReport().target.url).not.toBe(X_PROFILE_FIRST_POST);
    expect(lastReport().classification.tco).toEqual(['incitement']);
    expect(lastReport().goodFaith.confirmed).toBe(true);
    // The Send's own result panel has the focus now: Esc closes it.
    await closeResult(page, frame);
    await page.close();
  });
});

describe('the duplicate guard and "Send and next"', () => {
  test('a post reported before says when and its status, and a new report needs a reason, sent in the explanation', async () => {
    const before = endpoint.reports.length;
    const page = await openXProfile();
    await page.click(REPORT_BUTTONS);
    const frame = await waitForDialog(page);
    await prepared(frame);
    const note = (await frame.waitForSelector('[data-flagpost-previous="local"]'))!;
    const said = visibleText(await note.evaluate((node) => node.textContent ?? ''));
    expect(said).toMatch(/You already reported this post on .*\d{4}.* \(status: (Report sent|Received|Sending|Queued)/);

    await tick(frame, 'Incites terrorism, for example by glorifying an attack');
    // Remembered for the session (the test above): no good-faith box, yet Send waits for the reason.
    expect(await frame.$eval(SEND, (button) => (button as HTMLButtonElement).disabled)).toBe(true);
    await (await frame.waitForSelector('#flagpost-repeat-reason'))!.type(REPEAT_REASON);
    await dialogTakesClicks(frame);
    await (await frame.waitForSelector(`${SEND}:not([disabled])`))!.click();
    await reportsReach(before + 1);
    expect(lastReport().target.url).toBe(X_PROFILE_FIRST_POST);
    expect(lastReport().classification.explanation).toMatch(new RegExp(`\\n\\nReported again: ${REPEAT_REASON}$`));
    await closeDialogWithEscape(page);
    await page.close();
  });

  test('"Send and next" sends, then opens the dialog for the next post below; past the last, the dialog says none is left', async () => {
    const before = endpoint.reports.length;
    const page = await openXProfile();
    // The fixture's second post is the one quoted inside the first: scrolled into view, the first post's button
    // (below the quote, out of view now) is pressed from the keyboard, as "Send and next" is meant for.
    const buttons = await page.$$(REPORT_BUTTONS);
    await page.$$eval('article[data-testid="tweet"]', (posts) => posts[1]!.scrollIntoView({ block: 'start' }));
    await buttons[0]!.evaluate((button) => (button as HTMLElement).focus({ preventScroll: true }));
    await page.keyboard.press('Enter');
    const frame = await waitForDialog(page);
    expect(await dialogPostUrl(frame)).toBe(X_PROFILE_FIRST_POST);
    await prepared(frame);
    await tick(frame, 'Incites terrorism, for example by glorifying an attack');
    await (await frame.waitForSelector('#flagpost-repeat-reason'))!.type(REPEAT_REASON);
    await dialogTakesClicks(frame);
    await (await frame.waitForSelector(`${aria('Send and next', 'button')}:not([disabled])`))!.click();
    await reportsReach(before + 1);

    // The next post's dialog replaces this one (the frame itself is a new one).
    const isNewReportFrame = (other: Frame) => other !== frame && other.url().endsWith(REPORT_FRAME_PATH);
    await until(() => page.frames().some(isNewReportFrame) && !page.frames().includes(frame), 'the next dialog to replace the first');
    const next = page.frames().find(isNewReportFrame)!;
    await next.waitForSelector('::-p-aria([role="dialog"])', { visible: true });
    await until(async () => (await dialogPostUrl(next).catch(() => '')) !== '', 'the next dialog to show its post');
    const nextUrl = await dialogPostUrl(next);
    expect(nextUrl).not.toBe(X_PROFILE_FIRST_POST);
    expect(nextUrl).toMatch(/^https:\/\/x\.com\/.+\/status\/\d+$/);
    // The next post was reported in the keyboard test: the dialog says so too.
    await prepared(next);
    expect(await next.$('[data-flagpost-previous="local"]')).not.toBeNull();

    // From the keyboard this time: 2, the reason, Ctrl+Shift+Enter ("Send and next"); no post is left below.
    await next.waitForFunction(() => document.activeElement?.getAttribute('data-flagpost-category') === '1');
    await page.keyboard.press('2');
    await (await next.waitForSelector('#flagpost-repeat-reason'))!.type(REPEAT_REASON);
    await next.waitForSelector(`${SEND}:not([disabled])`);
    await page.keyboard.down('Control');
    await page.keyboard.down('Shift');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Shift');
    await page.keyboard.up('Control');
    await next.waitForSelector('[data-flagpost-no-next]', { timeout: 20_000 });
    await reportsReach(before + 2);
    expect(lastReport().target.url).toBe(nextUrl);
    expect(lastReport().classification.tco).toEqual([tcoCategories[1]]);
    await closeResult(page, next);
    await page.close();
  });
});
