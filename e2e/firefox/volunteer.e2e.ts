/**
 * A volunteer's evening (issue 18) in Firefox, as its Chromium tests check it (dialog-keyboard, batch,
 * account-report): a report from the keyboard alone in at most four key presses after focusing the post's
 * button; the duplicate warning on a post reported before; a whole account reported from the X profile; ten posts
 * selected with Shift-click and reported with one form, one medium failing on purpose. Trusted input only.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Report } from '../../utils/schema/report';
import { BATCH_BAR_ROUTE, BATCH_ROUTE } from '../../utils/report-frame';
import { BATCH_POSTS, expectBatchReports, FAILING_MEDIUM, replaceFeedWithBatch } from '../batch-feed';
import { gradientPng } from '../../test-support/benign-images';
import { REPEAT_REASON, until, visibleText, X_PROFILE_FIRST_POST, X_PROFILE_URL, xProfileRoutes } from '../flagpost';
import type { Routes } from '../harness';
import { startTestEndpoint, type TestEndpoint } from '../test-endpoint';
import {
  check, configureEndpoint, extensionFrame, fillAndSend, formText, frameAt, frameTakesClicks, reportForm, reportPrepared, type FormScope,
} from './flagpost';
import { launchFirefox, type FirefoxSession } from './launch';
import { KEY, type Tab } from './tab';

/** An endpoint that takes account reports (report 1.2), as account-report.e2e.ts's. */
const ACCEPTS_12 = { accepts: ['flagpost.report/1', 'flagpost.report/1.1', 'flagpost.report/1.2'] };
const REPORT_BUTTONS = 'article[data-testid="tweet"] [data-flagpost-action="report"]';
const SEND = 'button[data-flagpost-action="send"]';
const FIRST_CATEGORY = 'form > fieldset label.choice input[type="checkbox"]';
const GOOD_FAITH = 'form > label.choice:not(.urgent) input[type="checkbox"]';
/** The "remember my confirmation" box, nested under the good-faith one. */
const REMEMBER_GOOD_FAITH = 'form > label.choice.nested input[type="checkbox"]';

/** The batch: ten copies of the fixture's first post; the fourth one's first picture answers 500 (e2e/batch-feed.ts). */
const POSTS = BATCH_POSTS;

let firefox: FirefoxSession;
let endpoint: TestEndpoint;
const x = xProfileRoutes();
/** The profile's avatar and banner (pbs.twimg.com, outside /media/): one benign picture. */
const picture = gradientPng(64, 48, 11);
const routes: Routes = (url, request) => {
  if (url === FAILING_MEDIUM) return { status: 500, body: 'broken on purpose' };
  const served = x.routes(url, request);
  if (served) return served;
  return url.startsWith('https://pbs.twimg.com/') ? { status: 200, headers: { 'content-type': 'image/png' }, body: picture } : undefined;
};

beforeAll(async () => {
  endpoint = await startTestEndpoint({ token: 'volunteer-token', info: ACCEPTS_12 });
  firefox = await launchFirefox({ routes });
  await configureEndpoint(firefox, endpoint.baseUrl, 'volunteer-token');
}, 120_000);

afterAll(async () => {
  await firefox?.close();
  await endpoint?.close();
});

type SentReport = Report & { classification: { explanation: string } };
const lastReport = () => Report.parse(endpoint.reports.at(-1)) as SentReport;
const reportsReach = (count: number, timeoutMs?: number) => until(() => endpoint.reports.length >= count, `${count} reports at the endpoint`, timeoutMs);

/** The X profile at 1280×720, its posts' buttons placed. */
async function openXProfile(): Promise<Tab> {
  const tab = await firefox.newTab();
  await tab.setViewport(1280, 720);
  await tab.goto(X_PROFILE_URL);
  await tab.element(REPORT_BUTTONS);
  return tab;
}

/** Ready to send: prepared (the preview shows the report) and the duplicate check answered. */
async function prepared(form: FormScope): Promise<void> {
  await reportPrepared(form);
  await form.tab.waitFor('the duplicate check', (base: ParentNode) => base.querySelector('form[data-flagpost-previous-checked]') !== null, [form.root]);
}

/** The dialog's result, once it shows one (sent, queued, failed…). */
function resultOf({ tab, root }: FormScope): Promise<string> {
  return tab.waitFor('the dialog\'s result', (base: ParentNode) => base.querySelector('[data-flagpost-result]')?.getAttribute('data-flagpost-result'), [root]);
}

/** Esc on the result, once it holds the focus (it moves there from the Send button, which is gone); the frame goes. */
async function closeResult(tab: Tab, { tab: frame, root }: FormScope): Promise<void> {
  await frame.waitFor(
    'the result to hold the focus',
    (base: Document) => base.activeElement?.closest('.actions') !== null && base.activeElement?.localName === 'button',
    [root],
  );
  await tab.type(KEY.Escape);
  await until(async () => !(await extensionFrame(tab)), 'the report frame to go');
}

describe('a report from the keyboard alone', () => {
  test('the first report confirms good faith for the session; the next takes 3 key presses after focusing the button', async () => {
    const before = endpoint.reports.length;
    // The first of the session: ticked with the pointer, the confirmation remembered.
    const tab = await openXProfile();
    await tab.click(await tab.element(REPORT_BUTTONS));
    const first = await reportForm(tab);
    await prepared(first);
    await frameTakesClicks(first);
    await check(first.tab, await first.tab.element(FIRST_CATEGORY, first.root), 'mouse');
    await check(first.tab, await first.tab.element(GOOD_FAITH, first.root), 'mouse');
    await check(first.tab, await first.tab.element(REMEMBER_GOOD_FAITH, first.root), 'mouse');
    await first.tab.click(await first.tab.element(`${SEND}:not([disabled])`, first.root));
    expect(await resultOf(first), await formText(first)).toBe('sent');
    await reportsReach(before + 1);
    expect(lastReport().target.url).toBe(X_PROFILE_FIRST_POST);
    await closeResult(tab, first);

    // The second post, from the keyboard: the focus on its button, then every key counted.
    const buttons = await tab.run((css: string) => document.querySelectorAll(css).length, REPORT_BUTTONS);
    expect(buttons).toBe(2);
    await tab.run((css: string) => (document.querySelectorAll(css)[1] as HTMLElement).focus(), REPORT_BUTTONS);
    let presses = 0;
    const press = async (key: string) => {
      presses++;
      await tab.type(key);
    };
    /** A chord (Ctrl held while Enter is pressed) counts as one press. */
    const chord = async (...keys: string[]) => {
      presses++;
      await tab.chord(...keys);
    };

    await press(KEY.Enter);
    const form = await reportForm(tab);
    const { tab: frame, root } = form;
    await frame.element('[data-flagpost-good-faith="remembered"]', root);
    await frame.waitFor('the focus on the first category', (base: Document) => base.activeElement?.getAttribute('data-flagpost-category') === '1', [root]);
    await prepared(form);
    await press('1');
    await frame.element(`${SEND}:not([disabled])`, root);
    await chord(KEY.Control, KEY.Enter);
    expect(await resultOf(form), await formText(form)).toBe('sent');
    await reportsReach(before + 2);

    expect(presses).toBe(3);
    expect(presses).toBeLessThanOrEqual(4);
    expect(lastReport().target.url).not.toBe(X_PROFILE_FIRST_POST);
    expect(lastReport().target.url).toMatch(/^https:\/\/x\.com\/.+\/status\/\d+$/);
    expect(lastReport().classification.tco).toEqual(['incitement']);
    expect(lastReport().goodFaith.confirmed).toBe(true);
    // The Send's own result panel has the focus now: Esc closes it.
    await closeResult(tab, form);
    await tab.close();
  });
});

describe('the duplicate guard', () => {
  test('a post reported before says when and its status, and a new report needs a reason, sent in the explanation', async () => {
    const before = endpoint.reports.length;
    const tab = await openXProfile();
    await tab.click(await tab.element(REPORT_BUTTONS));
    const form = await reportForm(tab);
    const { tab: frame, root } = form;
    await prepared(form);
    const note = await frame.element('[data-flagpost-previous="local"]', root);
    const said = visibleText(await frame.run((node: Element) => node.textContent ?? '', note));
    expect(said).toMatch(/You already reported this post on .*\d{4}.* \(status: (Report sent|Received|Sending|Queued)/);

    await frameTakesClicks(form);
    await check(frame, await frame.element(FIRST_CATEGORY, root), 'mouse');
    // Remembered for the session (the test above): no good-faith box, yet Send waits for the reason.
    expect(await frame.run((base: ParentNode, css: string) => (base.querySelector(css) as HTMLButtonElement).disabled, root, SEND)).toBe(true);
    await frame.fill(await frame.element('#flagpost-repeat-reason', root), REPEAT_REASON);
    await frame.click(await frame.element(`${SEND}:not([disabled])`, root));
    expect(await resultOf(form), await formText(form)).toBe('sent');
    await reportsReach(before + 1);
    expect(lastReport().target.url).toBe(X_PROFILE_FIRST_POST);
    expect(lastReport().classification.explanation).toMatch(new RegExp(`\\n\\nReported again: ${REPEAT_REASON}$`));
    await closeResult(tab, form);
    await tab.close();
  });
});

describe('Report this account', () => {
  test('an X profile: the account is the target, its avatar and banner hashed, its posts by reference', async () => {
    const before = endpoint.reports.length;
    const tab = await openXProfile();
    // From the keyboard, as account-report.e2e.ts: the focus on the header's button, then Enter.
    const button = await tab.element('[data-flagpost-action="account"]');
    await tab.run((node: HTMLElement) => node.focus(), button);
    await tab.type(KEY.Enter);
    const form = await reportForm(tab);
    await form.tab.element('[data-flagpost-subject="account"]', form.root);
    expect(await fillAndSend(form)).toBe('sent');
    await reportsReach(before + 1);
    const report = lastReport();
    expect(report.schema).toBe('flagpost.report/1.2');
    expect(report.target).toMatchObject({ kind: 'account', platform: 'x', url: 'https://x.com/lcMenci', pageUrl: 'https://x.com/lcMenci' });
    expect(report.target.account).toMatchObject({
      handle: '@lcMenci', id: '1511944029440671746', url: 'https://x.com/lcMenci', avatarRef: 'm1', bannerRef: 'm2',
    });
    expect(report.target.account?.recentPosts?.[0]).toEqual({ url: X_PROFILE_FIRST_POST, id: '1985395058229817831' });
    expect(report.media.map((medium) => medium.sourceUrl)).toEqual([
      'https://pbs.twimg.com/profile_images/1517907359565488128/PpiYHL1A.jpg',
      'https://pbs.twimg.com/profile_banners/1511944029440671746/1725545123/1500x500',
    ]);
    for (const medium of report.media) expect(medium.hashes.map((hash) => hash.algorithm)).toEqual(expect.arrayContaining(['pdq', 'md5', 'sha256']));
    await tab.close();
  });
});

/** The X profile's feed, now ten posts, each with its own status id and its own four pictures (as batch.e2e.ts). */
async function openFeedOfTen(): Promise<Tab> {
  const tab = await openXProfile();
  await tab.run(replaceFeedWithBatch, POSTS);
  await tab.waitFor(
    'a button on each of the ten posts',
    (count: number) => document.querySelectorAll('[data-batch-copy] [data-flagpost-action="report"]').length === count,
    [POSTS],
  );
  return tab;
}

/** The tab's report buttons on the batch's posts, in order. */
async function batchButtons(tab: Tab) {
  const buttons = [];
  for (let i = 0; i < POSTS; i++) buttons.push(await tab.element(`[data-batch-copy="${i}"] [data-flagpost-action="report"]`));
  return buttons;
}

describe('batch reporting', () => {
  test('ten selected posts, one form: ten reports delivered, the one failing medium isolated', { timeout: 180_000 }, async () => {
    const before = endpoint.reports.length;
    const tab = await openFeedOfTen();
    const buttons = await batchButtons(tab);
    // Shift-click starts the batch; from then on the buttons are checkboxes.
    await tab.click(buttons[0]!, 'mouse', [KEY.Shift]);
    await tab.element('[data-batch-copy="0"] [data-flagpost-action="report"][aria-pressed="true"]');
    for (const button of buttons.slice(1)) await tab.click(button);
    const pressed = () => tab.run(() => document.querySelectorAll('[data-flagpost-action="report"][aria-pressed="true"]').length);
    expect(await pressed()).toBe(POSTS);
    // A click selected, and opened no single report's dialog.
    expect(await extensionFrame(tab, '')).toBeUndefined();

    const bar = await frameAt(tab, BATCH_BAR_ROUTE);
    await bar.waitFor('the bar to count the posts', (count: number) => new RegExp(`\\b${count}\\b`).test(document.querySelector('.batch-count')?.textContent ?? ''), [POSTS]);
    await bar.click(await bar.element('[data-flagpost-action="batch-report"]'));

    const form: FormScope = await frameAt(tab, BATCH_ROUTE).then(async (frame) => ({ tab: frame, root: await frame.run(() => document) }));
    const { tab: frame, root } = form;
    await frame.element('[role="dialog"]', root);
    expect(await frame.run(() => document.querySelectorAll('[data-flagpost-batch-step]').length)).toBe(POSTS);
    // The selection is handed over: the page's buttons are plain again, and the bar is gone.
    await until(async () => !(await extensionFrame(tab, BATCH_BAR_ROUTE)), 'the batch bar to go');
    expect(await tab.run(() => document.querySelectorAll('[aria-pressed="true"]').length)).toBe(0);

    await frameTakesClicks(form);
    await check(frame, await frame.element(FIRST_CATEGORY, root), 'mouse');
    await check(frame, await frame.element(GOOD_FAITH, root), 'mouse');
    await frame.click(await frame.element('button[data-flagpost-action="batch-send"]:not([disabled])', root));

    await reportsReach(before + POSTS, 90_000);
    expectBatchReports(endpoint.reports.slice(before), x.sha256Of);

    // The batch form follows each report to its delivery.
    await frame.waitFor(
      'every post of the batch delivered',
      (count: number) => document.querySelectorAll('[data-flagpost-batch-step="delivered"]').length === count,
      [POSTS],
      60_000,
    );
    await tab.close();
  });
});
