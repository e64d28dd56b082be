/**
 * The volunteer's tracker with 5,000 stored reports: counts, paging, search and filters, export,
 * withdraw and delete; the options page's explained errors and "delete all local data"; the
 * welcome page on install.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { StoredReport } from '../utils/store/reports';
import { seededReport, seedStages } from '../test-support/stored-reports';
import { configureEndpoint, EXTENSION_DIR, openPopup, seedStoredReports, waitForEndpointField } from './flagpost';
import { launchWithExtension, type LaunchedExtension } from './harness';
import { startTestEndpoint, type TestEndpoint } from './test-endpoint';

const COUNT = 5000;
const PAGE_SIZE = 50;
const HOUR_MS = 3600_000;
let extension: LaunchedExtension;
let endpoint: TestEndpoint;
let newest: number;
/** Report 1 of the seed went to the test endpoint and is open there: the one that can be withdrawn. */
let withdrawable: StoredReport;
let welcome: Awaited<ReturnType<typeof readWelcomePage>>;

const total = (page: Page) => page.$eval('.summary', (node) => Number(node.getAttribute('data-total')));
const rowCount = (page: Page) => page.$$eval('li.report', (rows) => rows.length);
const rowIds = (page: Page) => page.$$eval('li.report', (rows) => rows.map((row) => row.getAttribute('data-report-id')));

/** Waits until the list says it holds `expected` matches. */
async function totalBecomes(page: Page, expected: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelector('.summary')?.getAttribute('data-total') === String(n), {}, expected);
}

beforeAll(async () => {
  endpoint = await startTestEndpoint({ info: { withdraw: true } });
  extension = await launchWithExtension(EXTENSION_DIR, { keepOnboarding: true });
  welcome = await readWelcomePage();
  await configureEndpoint(extension.browser, extension.extensionId, endpoint.baseUrl);
  newest = Date.now();
  withdrawable = seededReport(1, newest, endpoint.baseUrl);
  const records = Array.from({ length: COUNT }, (_, n) => (n === 1 ? withdrawable : seededReport(n, newest)));
  await seedStoredReports(await extension.serviceWorker(), records);
  const at = new Date(newest).toISOString();
  endpoint.records.push({ id: withdrawable.id, status: 'received', receivedAt: at, updatedAt: at, body: withdrawable.report });
}, 120_000);

afterAll(async () => {
  await extension?.close();
  await endpoint?.close();
});

/** What the welcome tab opened on install shows; then it is closed, so it cannot take the foreground later. */
async function readWelcomePage() {
  const url = `chrome-extension://${extension.extensionId}/onboarding.html`;
  const page = (await (await extension.browser.waitForTarget((t) => t.url() === url)).page())!;
  await page.waitForSelector('h1');
  const seen = {
    tabs: (await extension.browser.pages()).filter((p) => p.url() === url).length,
    title: await page.title(),
    sections: await page.$$eval('main h2', (headings) => headings.length),
    settingsButton: Boolean(await page.$('[data-action="open-options"]')),
  };
  await page.close();
  return seen;
}

test('the welcome page opened on install, once', () => {
  expect(welcome).toEqual({ tabs: 1, title: 'Welcome to Flagpost', sections: 4, settingsButton: true });
});

describe('tracker', () => {
  let popup: Page;
  beforeAll(async () => {
    popup = await openPopup(extension.browser, extension.extensionId);
    await totalBecomes(popup, COUNT);
  }, 60_000);
  afterAll(() => popup?.close());

  test('counts every status and puts only one page of rows in the page', async () => {
    const counts = await popup.$$eval('.counts li', (items) =>
      Object.fromEntries(items.map((li) => [li.getAttribute('data-stage'), Number(li.querySelector('[data-count]')!.textContent)])),
    );
    expect(counts).toEqual(Object.fromEntries(seedStages.map((stage) => [stage, COUNT / seedStages.length])));
    expect(await rowCount(popup)).toBe(PAGE_SIZE);
    expect((await rowIds(popup))[0]).toBe(seededReport(0, newest).id);

    await popup.click('[data-action="next-page"]');
    await popup.waitForFunction((id) => document.querySelector('li.report')?.getAttribute('data-report-id') === id, {}, seededReport(PAGE_SIZE, newest).id);
    expect(await rowCount(popup)).toBe(PAGE_SIZE);
    await popup.click('[data-action="previous-page"]');
    await popup.waitForFunction((id) => document.querySelector('li.report')?.getAttribute('data-report-id') === id, {}, seededReport(0, newest).id);
  });

  test('search, status, platform and dates narrow the list', async () => {
    await popup.type('#filter-search', '@author42');
    await totalBecomes(popup, COUNT / 100);
    expect(await popup.$$eval('li.report .author', (nodes) => [...new Set(nodes.map((n) => n.textContent))])).toEqual(['@author42']);
    await popup.click('#filter-search', { count: 3 });
    await popup.keyboard.press('Backspace');
    await totalBecomes(popup, COUNT);

    await popup.select('#filter-stage', 'failed');
    await totalBecomes(popup, COUNT / seedStages.length);
    expect(await popup.$$eval('li.report', (rows) => rows.every((row) => row.getAttribute('data-stage') === 'failed'))).toBe(true);

    await popup.select('#filter-platform', 'facebook'); // n % 5 == 1 and n % 8 == 2: n % 40 == 26
    await totalBecomes(popup, COUNT / 40);

    await popup.select('#filter-stage', '');
    await popup.select('#filter-platform', '');
    await popup.select('#filter-date', 'week');
    const weekStart = new Date(newest).setHours(0, 0, 0, 0) - 6 * 24 * HOUR_MS;
    const inWeek = Array.from({ length: COUNT }, (_, n) => newest - n * HOUR_MS).filter((at) => at >= weekStart).length;
    await totalBecomes(popup, inWeek);
    await popup.select('#filter-date', 'any');
    await totalBecomes(popup, COUNT);
  });

  test('export saves every row the filter matches, not just the page, as CSV, NDJSON and JSON', async () => {
    // Keep what the popup hands to the download instead of writing a file.
    await popup.evaluate(() => {
      const saved: { name: string; blob: Blob }[] = [];
      const blobs = new Map<string, Blob>();
      const create = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (blob: Blob) => {
        const url = create(blob);
        blobs.set(url, blob);
        return url;
      };
      HTMLAnchorElement.prototype.click = function () {
        saved.push({ name: this.download, blob: blobs.get(this.href)! });
      };
      Object.assign(window, { saved });
    });
    const exported = (index: number) =>
      popup.evaluate(async (i) => {
        const { name, blob } = (window as unknown as { saved: { name: string; blob: Blob }[] }).saved[i]!;
        return { name, type: blob.type, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await blob.arrayBuffer()) };
      }, index);

    await popup.select('#filter-stage', 'withdrawn');
    await totalBecomes(popup, COUNT / seedStages.length);
    await popup.click('[data-action="export"]');
    await popup.waitForFunction(() => (window as unknown as { saved: unknown[] }).saved.length === 1);
    const csv = await exported(0);
    expect(csv.name).toMatch(/^flagpost-reports-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.text.startsWith('\uFEFFid,created_at,url,')).toBe(true);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(COUNT / seedStages.length + 1);
    expect(lines.slice(1).every((line) => line.includes(',withdrawn,sent,withdrawn,'))).toBe(true);
    expect(lines[1]).toContain(`sha256:${'a'.repeat(64)}`);

    await popup.select('#export-format', 'ndjson');
    await popup.click('[data-action="export"]');
    await popup.waitForFunction(() => (window as unknown as { saved: unknown[] }).saved.length === 2);
    const ndjson = (await exported(1)).text.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(ndjson).toHaveLength(COUNT / seedStages.length);
    expect(ndjson.every((record) => record.stage === 'withdrawn' && record.report.media[0].hashes.length === 1)).toBe(true);

    await popup.select('#export-format', 'json');
    await popup.click('[data-action="export"]');
    await popup.waitForFunction(() => (window as unknown as { saved: unknown[] }).saved.length === 3);
    expect(JSON.parse((await exported(2)).text)).toEqual(ndjson);

    await popup.select('#filter-stage', '');
    await totalBecomes(popup, COUNT);
  });

  test('withdraw is offered only where the endpoint can do it, and shows "withdrawn"', async () => {
    const row = `li.report[data-report-id="${withdrawable.id}"]`;
    await popup.waitForSelector(`${row} [data-action="withdraw"]`);
    // Other open reports were sent to another endpoint: the token never goes there.
    expect(await popup.$$eval('[data-action="withdraw"]', (buttons) => buttons.length)).toBe(1);
    await popup.click(`${row} [data-action="withdraw"]`);
    // It asks first: nothing has gone to the endpoint yet.
    await popup.waitForSelector(`${row} [data-action="confirm-withdraw"]`);
    expect(endpoint.requests.some((r) => r.path.endsWith('/withdraw'))).toBe(false);
    await popup.click(`${row} [data-action="confirm-withdraw"]`);
    await popup.waitForSelector(`${row}[data-stage="withdrawn"] [data-endpoint-status="withdrawn"]`);
    expect(endpoint.records.find((r) => r.id === withdrawable.id)!.status).toBe('withdrawn');
    expect(endpoint.requests.some((r) => r.method === 'POST' && r.path === `/v1/reports/${withdrawable.id}/withdraw`)).toBe(true);
    expect(await popup.$(`${row} [data-action="withdraw"]`)).toBeNull();
  });

  test('delete asks, then removes the local copy', async () => {
    const first = seededReport(0, newest).id;
    await popup.click(`li.report[data-report-id="${first}"] [data-action="delete"]`);
    await popup.click(`li.report[data-report-id="${first}"] [data-action="confirm-delete"]`);
    await totalBecomes(popup, COUNT - 1);
    expect(await popup.$(`li.report[data-report-id="${first}"]`)).toBeNull();
    expect(await rowCount(popup)).toBe(PAGE_SIZE);
  });
});

describe('options', () => {
  test('a bad endpoint is explained next to its field, and nothing is saved', async () => {
    const page = await extension.browser.newPage();
    await page.goto(`chrome-extension://${extension.extensionId}/options.html`);
    const url = await page.waitForSelector('#endpointBase');
    await waitForEndpointField(page);
    await url!.click({ count: 3 });
    await url!.type('http://reports.example.org');
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-flagpost-saved="invalid"]');
    const error = await page.$eval('#endpointBase-error', (node) => node.textContent);
    expect(error).toMatch(/https/);
    expect(await page.$eval('#endpointBase', (input) => [input.getAttribute('aria-invalid'), input.getAttribute('aria-describedby')]))
      .toEqual(['true', expect.stringContaining('endpointBase-error')]);
    await page.close();
  });

  test('delete all local data asks first, then empties the tracker and the settings', async () => {
    const page = await extension.browser.newPage();
    await page.goto(`chrome-extension://${extension.extensionId}/options.html`);
    await (await page.waitForSelector('[data-action="delete-all"]'))!.click();
    // The question takes focus, so a screen-reader user hears it before the choice.
    await page.waitForFunction(() => document.activeElement?.id === 'delete-all-question');
    await page.click('[data-action="cancel-delete-all"]');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-action') === 'delete-all');
    expect(await (await openPopupTotal())).toBe(COUNT - 1);

    await page.click('[data-action="delete-all"]');
    await page.click('[data-action="confirm-delete-all"]');
    await page.waitForSelector('[data-flagpost-deleted="done"]');
    await waitForEndpointField(page, false);
    expect(await openPopupTotal()).toBe(0);
    await page.close();
  });
});

async function openPopupTotal(): Promise<number> {
  const popup = await openPopup(extension.browser, extension.extensionId);
  await popup.waitForFunction(() => document.querySelector('.summary')?.getAttribute('data-total') !== '');
  const count = await total(popup);
  await popup.close();
  return count;
}
