/**
 * Measure and publish (issue 19 item 5), in Chromium against the reference endpoint itself: a
 * seeded year, then the reviewers' dashboard, the DSA Art. 22(3) report and the public transparency
 * page. Each renders its charts (inline SVG, styled by the endpoint's own stylesheet) under the
 * reviewer pages' CSP without a single violation, passes axe, and is photographed for the README
 * (docs/screenshots/endpoint-*.png).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axeViolations } from './a11y';
import { CHROMIUM_PATH } from './harness';
import { startReferenceEndpoint, type ReferenceEndpoint } from './reference-server';

const ROOT = path.resolve(__dirname, '..');
const SCREENSHOTS = path.resolve(ROOT, 'docs/screenshots');
const YEAR = 2025;
let endpoint: ReferenceEndpoint;
let browser: Browser;
let baseUrl = '';
let reviewerToken = '';

beforeAll(async () => {
  // The transparency page on; the seed writes into the endpoint's own SQLite file.
  endpoint = await startReferenceEndpoint(() => ({ FLAGPOST_TRANSPARENCY: 'on', FLAGPOST_NAME: 'Example trusted flagger' }));
  baseUrl = endpoint.baseUrl;
  const { stdout } = await endpoint.cli('token', 'create', '--name', 'rita', '--reviewer');
  reviewerToken = /token: (\S+)/.exec(stdout)![1]!;
  // Seeded beside the running endpoint (SQLite's WAL lets both in), as the tests seed it: the intake's batch insert.
  await promisify(execFile)(process.execPath, ['endpoint/tests/support/seed-measure-year.mjs', path.join(endpoint.dataDir, 'flagpost.sqlite'), String(YEAR), '2000'], { cwd: ROOT });
  browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  endpoint?.stop();
});

/** A page that records every console error and failed request (a CSP violation is both a console error and a blocked load). */
async function openPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 900, deviceScaleFactor: 1 });
  await page.emulateTimezone('UTC');
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('requestfailed', (request) => problems.push(`${request.url()}: ${request.failure()?.errorText}`));
  return { page, problems };
}

async function logIn(page: Page): Promise<void> {
  await page.goto(`${baseUrl}/review/login?lang=en`);
  await page.type('input[name="token"]', reviewerToken);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/review/login"] button')]);
}

/** The charts are drawn and styled: the endpoint's stylesheet (not an inline style) coloured the bars. */
async function expectCharts(page: Page, testIds: string[]): Promise<void> {
  for (const id of testIds) {
    const chart = await page.waitForSelector(`svg[data-testid="${id}"]`, { visible: true });
    expect(await chart!.evaluate((svg) => svg.querySelectorAll('rect, path, circle').length), id).toBeGreaterThan(0);
    // Each chart is named by its heading, and its table follows it (the text alternative).
    expect(await chart!.evaluate((svg) => document.getElementById(svg.getAttribute('aria-labelledby')!)?.textContent?.trim()), id).toBeTruthy();
    expect(await chart!.evaluate((svg) => !!svg.closest('section')?.querySelector('details table')), id).toBe(true);
  }
  const fill = await page.$eval('svg.chart rect.bar, svg.chart path.line', (shape) => {
    const style = getComputedStyle(shape);
    return shape.tagName === 'path' ? style.stroke : style.fill;
  });
  expect(fill).not.toBe('rgb(0, 0, 0)');
}

async function save(page: Page, name: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: path.resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
  expect(existsSync(path.resolve(SCREENSHOTS, `${name}.png`))).toBe(true);
}

describe('published figures in Chromium', () => {
  test('the dashboard: six charts, in English and in Arabic (right to left), no CSP violation, axe-clean', async () => {
    const { page, problems } = await openPage();
    await logIn(page);
    await page.click('[data-testid="nav-dashboard"]');
    await page.waitForSelector('svg[data-testid="chart-reports-month"]');
    expect(new URL(page.url()).pathname).toBe('/review/dashboard');
    for (const language of ['en', 'ar'] as const) {
      await page.goto(`${baseUrl}/review/dashboard?year=${YEAR}&lang=${language}`);
      await expectCharts(page, ['chart-reports-month', 'chart-removed-platform', 'chart-removed-category', 'chart-removal-delay', 'chart-threat-share', 'chart-throughput']);
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(language === 'ar' ? 'rtl' : 'ltr');
      expect(await axeViolations(page)).toEqual([]);
      await save(page, `endpoint-dashboard-${language}`);
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  test('the Art. 22(3) report: four charts and the provider-by-action table, no CSP violation, axe-clean', async () => {
    const { page, problems } = await openPage();
    await logIn(page);
    await page.goto(`${baseUrl}/review/art22?year=${YEAR}&lang=en`);
    await expectCharts(page, ['chart-art22-platform', 'chart-art22-category', 'chart-art22-status', 'chart-art22-removal']);
    expect(await page.$$eval('[data-testid="table-art22-platform-status"] tbody tr', (rows) => rows.length)).toBe(6);
    expect(await page.$eval('[data-testid="art22-pdf"]', (a) => a.getAttribute('href'))).toContain('format=pdf');
    expect(await axeViolations(page)).toEqual([]);
    await save(page, 'endpoint-art22-en');
    expect(problems).toEqual([]);
    await page.close();
  });

  test('the transparency page: public (turned on), two charts, no CSP violation, axe-clean', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${baseUrl}/transparency?year=${YEAR}&lang=en`);
    await expectCharts(page, ['chart-tr-removed-platform', 'chart-tr-removed-category']);
    expect(await page.$('form[action="/review/logout"]')).toBeNull();
    expect(await axeViolations(page)).toEqual([]);
    await save(page, 'endpoint-transparency-en');
    expect(problems).toEqual([]);
    await page.close();
  });
});
