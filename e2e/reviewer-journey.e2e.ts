/**
 * The reviewer's journey through the reference endpoint's workspace in real Chromium: an admin made
 * with the CLI logs in, searches the queue, opens a group, bulk-moves two reports, forwards one to a
 * (fake, loopback) Mastodon instance, and reads the audit entries that name them. The pages have no
 * scripts: everything is forms and links, as a reviewer's browser sees them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { MASTODON_TOKEN, startFakeMastodon, type FakeForwardServer } from '../endpoint/tests/support/fake-forward';
import { validReport } from '../test-support/fixtures';
import { axeViolations } from './a11y';
import { CHROMIUM_PATH } from './launch';
import { startReferenceEndpoint, type ReferenceEndpoint } from './reference-server';

let endpoint: ReferenceEndpoint;
let mastodon: FakeForwardServer;
let browser: Browser;
let baseUrl = '';
let reporterToken = '';

/** `npm run endpoint` on a free port, forwarding to the fake Mastodon. */
async function startForwardingEndpoint(): Promise<void> {
  endpoint = await startReferenceEndpoint(async (dataDir) => {
    const forwarding = path.join(dataDir, 'forwarding.json');
    await writeFile(forwarding, JSON.stringify({ mastodon: { 'mastodon.test': { token: MASTODON_TOKEN, api: mastodon.origin } } }), { mode: 0o600 });
    return { FLAGPOST_FORWARDING_FILE: forwarding };
  });
  [baseUrl, reporterToken] = [endpoint.baseUrl, endpoint.token];
}

const cli = (...args: string[]) => endpoint.cli(...args);

/** A benign report of a post by `author`, with one image whose PDQ is `pdq`. */
function aReport(url: string, author: string, pdq: string, threatToLife = false) {
  const report = validReport();
  report.id = randomUUID();
  report.target = { ...report.target, url, pageUrl: url, platform: new URL(url).hostname === 'mastodon.test' ? 'mastodon' : 'x', author: { handle: author } };
  delete report.target.postId;
  report.target.quoted = [];
  report.classification.threatToLife = threatToLife;
  report.media = [{ ref: 'm1', kind: 'image', sourceUrl: 'https://media.example/a.png', hashes: [{ algorithm: 'pdq', value: pdq, quality: 90 }] }];
  return report;
}

async function send(report: ReturnType<typeof aReport>): Promise<void> {
  const answer = await fetch(`${baseUrl}/v1/reports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${reporterToken}`, 'content-type': 'application/json', 'idempotency-key': report.id },
    body: JSON.stringify(report),
  });
  expect(answer.status, await answer.text()).toBe(201);
}

/** `hex` with its first `bits` bits flipped. */
function flip(hex: string, bits: number): string {
  const digits = hex.split('').map((d) => parseInt(d, 16));
  for (let i = 0; i < bits; i++) digits[i >> 2]! ^= 8 >> (i & 3);
  return digits.map((d) => d.toString(16)).join('');
}

beforeAll(async () => {
  mastodon = await startFakeMastodon();
  await startForwardingEndpoint();
  browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: false,
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run',
      // Nothing but loopback ever resolves: the pages can never reach anything else.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  endpoint?.stop();
  await mastodon?.close();
  if (endpoint) await rm(endpoint.dataDir, { recursive: true, force: true });
});

/** Submits the form `selector` is in by clicking it, and waits for the page it leads to. */
async function submit(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

test('log in, search, see a group, bulk-move, forward to Mastodon, read the audit log', async () => {
  const author = `@journey${randomBytes(3).toString('hex')}`;
  const pdq = randomBytes(32).toString('hex');
  const onMastodon = aReport('https://mastodon.test/@author@remote.example/109', author, pdq);
  const sameUrl = aReport(onMastodon.target.url, author, randomBytes(32).toString('hex'));
  const sameMedia = aReport('https://x.com/someone/status/42', '@someone', flip(pdq, 12));
  const urgent = aReport('https://x.com/other/status/7', author, randomBytes(32).toString('hex'), true);
  for (const report of [onMastodon, sameUrl, sameMedia, urgent]) await send(report);
  const { stdout } = await cli('token', 'create', '--name', 'ada', '--admin');
  const adminToken = /token: (fpt_\S+)/.exec(stdout)![1]!;

  const page = await browser.newPage();
  await page.goto(`${baseUrl}/review/login`);
  await page.type('form[action="/review/login"] input[name="token"]', adminToken);
  await submit(page, 'form[action="/review/login"] button');
  expect(new URL(page.url()).pathname).toBe('/review');
  expect(await page.$('[data-testid="accounts-link"]')).not.toBeNull();

  // Search by author: threat to life on top, then the others.
  await page.type('[data-testid="queue-search"] input[name="q"]', author);
  await submit(page, '[data-testid="queue-search"] button');
  const rows = await page.$$eval('[data-testid="queue"] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-report-id')));
  expect(rows[0]).toBe(urgent.id);
  expect(new Set(rows)).toEqual(new Set([urgent.id, onMastodon.id, sameUrl.id]));
  expect(await axeViolations(page)).toEqual([]);

  // The URL's group lists both of its reports; a PDQ search finds the near-duplicate too.
  await submit(page, `[data-testid="queue"] tr[data-report-id="${onMastodon.id}"] a[data-group="url"]`);
  const grouped = await page.$$eval('[data-testid="group-reports"] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-report-id')));
  expect(new Set(grouped)).toEqual(new Set([onMastodon.id, sameUrl.id]));
  expect(await axeViolations(page)).toEqual([]);
  await page.goto(`${baseUrl}/review?${new URLSearchParams({ hash: pdq })}`);
  const near = await page.$$eval('[data-testid="queue"] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-report-id')));
  expect(new Set(near)).toEqual(new Set([onMastodon.id, sameMedia.id]));
  await submit(page, `[data-testid="queue"] tr[data-report-id="${sameMedia.id}"] a[data-group="media"]`);
  expect(await page.$$eval('[data-testid="group-reports"] tbody tr', (trs) => trs.length)).toBe(2);

  // Bulk: both reports of the Mastodon post move to "under review" with one reason.
  await page.goto(`${baseUrl}/review?${new URLSearchParams({ q: author })}`);
  for (const id of [onMastodon.id, sameUrl.id]) await page.click(`[data-testid="queue"] tr[data-report-id="${id}"] input[type="checkbox"]`);
  await page.select('[data-testid="bulk-form"] select[name="status"]', 'under_review');
  await page.type('[data-testid="bulk-form"] textarea[name="note"]', 'Same post, triaged together');
  await submit(page, '[data-testid="bulk-move"]');
  const outcomes = await page.$$eval('[data-testid="bulk-results"] li', (lis) => lis.map((li) => [li.getAttribute('data-report-id'), li.getAttribute('data-outcome')]));
  expect(Object.fromEntries(outcomes)).toEqual({ [onMastodon.id]: 'moved', [sameUrl.id]: 'moved' });
  expect(await axeViolations(page)).toEqual([]);

  // Forward one to its Mastodon instance (the fake), then read what the item page records.
  await page.goto(`${baseUrl}/review/reports/${onMastodon.id}`);
  await submit(page, '[data-testid="forward-mastodon"]');
  expect(mastodon.requests.some((r) => r.method === 'POST' && r.path === '/api/v1/reports')).toBe(true);
  expect(await page.$eval('[data-testid="forwardings"] tbody td[data-channel]', (td) => td.getAttribute('data-channel'))).toBe('mastodon');
  const audit = await page.$$eval('[data-testid="audit-log"] tbody tr', (trs) => trs.map((tr) => ({
    action: tr.querySelector('[data-action]')!.getAttribute('data-action'),
    by: tr.querySelector('bdi')!.textContent,
  })));
  expect(audit.map((e) => e.action)).toEqual(['status', 'forward', 'status']);
  expect(audit.every((e) => e.by === 'ada')).toBe(true);
  expect(await page.$eval('[data-testid="audit-log"]', (t) => t.textContent)).toContain('Same post, triaged together');
  // The item's other report and its hashes are on its page too.
  expect(await page.$$eval('[data-testid="same-item"] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-report-id')))).toContain(sameUrl.id);
  expect(await page.$eval('[data-testid="media-hashes"] tr[data-ref="m1"]', (tr) => tr.textContent)).toContain(pdq);
  expect(await axeViolations(page)).toEqual([]);
  // The admin's accounts page: one more reviewer, whose token is shown once.
  await page.goto(`${baseUrl}/review/accounts`);
  await page.type('[data-testid="create-account"] input[name="name"]', 'rita');
  await submit(page, '[data-testid="create-account"] button');
  expect(await page.$eval('[data-testid="new-secret"] code', (code) => code.textContent)).toMatch(/^fpt_/);
  expect(await page.$$eval('[data-testid="accounts"] tbody tr[data-role]', (trs) => trs.map((tr) => tr.getAttribute('data-role')).sort())).toEqual(['admin', 'reviewer']);
  expect(await axeViolations(page)).toEqual([]);
  await page.close();
}, 90_000);
