/**
 * Outcomes, seen, with the reference endpoint itself: a reviewer actions a report, the tracker learns it and the
 * toolbar badge counts it; opening the popup (as a tab: a headless browser cannot open the toolbar popup) shows the
 * outcome and clears the badge. And "Test connection" refuses a wrong token and a base URL typed with /v1, each
 * with its own explanation, never "Connected".
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { initialTracking } from '../utils/pipeline/track';
import type { StoredReport } from '../utils/store/reports';
import { validReport } from '../test-support/fixtures';
import { configureEndpoint, EXTENSION_DIR, openPopup, patchTracking, seedStoredReports, until, waitForEndpointField } from './flagpost';
import { launchWithExtension, type LaunchedExtension } from './harness';
import { startReferenceEndpoint, type ReferenceEndpoint } from './reference-server';

let reference: ReferenceEndpoint;
let extension: LaunchedExtension;

beforeAll(async () => {
  reference = await startReferenceEndpoint();
  extension = await launchWithExtension(EXTENSION_DIR);
  await configureEndpoint(extension.browser, extension.extensionId, reference.baseUrl, reference.token);
}, 90_000);

afterAll(async () => {
  await extension?.close();
  reference?.stop();
});

const badge = async () => (await extension.serviceWorker()).evaluate(async () => ({
  text: await chrome.action.getBadgeText({}),
  title: await chrome.action.getTitle({}),
}));

describe('the toolbar badge', () => {
  test('counts a status change the tracker learns from the reference endpoint; opening the popup clears it', async () => {
    // A report the endpoint received (posted as the extension would), kept in the extension as delivered.
    const report = { ...validReport(), id: crypto.randomUUID(), classification: { ...validReport().classification, threatToLife: true } };
    const posted = await fetch(`${reference.baseUrl}/v1/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${reference.token}`, 'Idempotency-Key': report.id },
      body: JSON.stringify(report),
    });
    expect(posted.status).toBe(201);
    const now = Date.now();
    const record: StoredReport = {
      id: report.id, report, status: 'sent', attempts: 1, nextAttemptAt: 0, createdAt: now, updatedAt: now,
      tracking: initialTracking(reference.baseUrl, 'received', now),
    };
    const worker = await extension.serviceWorker();
    await seedStoredReports(worker, [record]);
    expect((await badge()).text).toBe('');

    // The reviewer's steps to a decision; the tracker, asking once, learns one change: received → actioned.
    await reference.cli('status', 'set', report.id, 'under_review');
    await reference.cli('status', 'set', report.id, 'forwarded');
    await reference.cli('status', 'set', report.id, 'actioned', '--outcome', 'Removed by the platform');
    // The check is due now (instead of in five minutes): the tracker's own alarm wakes it.
    await patchTracking(worker, report.id, { nextCheckAt: 0 });
    await worker.evaluate(() => chrome.alarms.create('flagpost-track', { when: Date.now() }));
    await until(async () => (await badge()).text === '1', 'the badge to count the change', 30_000);
    expect((await badge()).title).toBe('Flagpost — 1 status change since you last opened Flagpost');

    const popup: Page = await openPopup(extension.browser, extension.extensionId);
    const row = (await popup.waitForSelector(`li.report[data-report-id="${report.id}"][data-stage="actioned"]`))!;
    expect(await row.$eval('[data-chip="actioned"]', (chip) => chip.getAttribute('data-final'))).toBe('true');
    expect(await row.$('[data-chip="threat-to-life"]')).not.toBeNull();
    expect(await row.$eval('[data-outcome]', (node) => node.textContent)).toContain('Removed by the platform');
    await until(async () => (await badge()).text === '', 'the popup to clear the badge');
    expect((await badge()).title).toBe('Flagpost');

    // The figures count it: one sent, one actioned, removal rate 100 % on its platform.
    await popup.click('[data-figures] summary');
    await popup.waitForSelector('[data-figure="sent"]');
    const figures = await popup.$$eval('[data-figure]', (nodes) => Object.fromEntries(nodes.map((n) => [n.getAttribute('data-figure'), n.textContent])));
    expect(figures).toMatchObject({ sent: '1', actioned: '1', rejected: '0' });
    expect(await popup.$eval(`.rates tr[data-platform="${report.target.platform}"] [data-rate]`, (cell) => cell.textContent)).toContain('100');

    // The manual refresh asks the tracker and says so; nothing new, so the badge stays clear.
    await popup.click('[data-action="refresh"]');
    await popup.waitForSelector('[data-refresh="done"]');
    expect((await badge()).text).toBe('');
    await popup.close();
  }, 90_000);
});

describe('Test connection', () => {
  let options: Page;
  beforeAll(async () => {
    options = await extension.browser.newPage();
    await options.goto(`chrome-extension://${extension.extensionId}/options.html`);
    await waitForEndpointField(options);
  });
  afterAll(() => options?.close());

  async function testWith(base: string, token: string): Promise<{ state: string; text: string }> {
    for (const [field, value] of [['#endpointBase', base], ['#token', token]] as const) {
      await options.$eval(field, (input) => ((input as HTMLInputElement).value = ''));
      await options.type(field, value);
    }
    await options.click('fieldset button[type="button"]');
    const result = '[data-connection]:not([data-connection=""]):not([data-connection="testing"])';
    await options.waitForSelector(result);
    const answer = await options.$eval(result, (node) => ({ state: node.getAttribute('data-connection')!, text: node.textContent ?? '' }));
    // Read; then clear it, so the next test waits for its own answer.
    await options.$eval('[data-connection]', (node) => node.setAttribute('data-connection', ''));
    return answer;
  }

  test('a token the endpoint accepts: connected, as the token GET /v1/me names', async () => {
    const { state, text } = await testWith(reference.baseUrl, reference.token);
    expect(state).toBe('ok:connectionOkAs');
    expect(text).toMatch(/^Connected to /);
  });

  test('a wrong token is refused, in words that say it is the token', async () => {
    const { state, text } = await testWith(reference.baseUrl, 'not-the-token');
    expect(state).toBe('refused:connectionTokenRefused');
    expect(text).toContain('refused your access token (HTTP 401)');
    expect(text).not.toContain('Connected');
  });

  test('a base URL typed with /v1 is explained as such, differently from a refused token', async () => {
    const { state, text } = await testWith(`${reference.baseUrl}/v1`, reference.token);
    expect(state).toBe('refused:connectionBasePathV1');
    expect(text).toContain('remove “/v1” from the end of the base URL');
    expect(text).not.toContain('Connected');
  });
});
