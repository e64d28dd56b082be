/**
 * An endpoint that answers with what it should not: an HTML page instead of JSON, a 10 MB body, JSON of
 * the wrong types, a redirect to another origin. For each, on every request Flagpost makes to it — the
 * report POST, the status-tracking GET, the options page's "Test connection" (there is no withdraw yet) —
 * the user gets a clear reason, nothing the endpoint sent is rendered, the report is kept and can be
 * sent again, and the token never reaches any origin but the configured one: every request the browser
 * made is captured (harness interception log, loopback included) and checked at the end.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  accessibleText, advanceAndDrain, configureEndpoint, EXTENSION_DIR, fillAndSend, keptReports, openFirstPostReport, openPopup,
  reportIds, reportMadeSince, until, xProfileRoutes,
} from './flagpost';
import { combineRoutes, json, launchWithExtension, type LaunchedExtension } from './harness';
import { startTestEndpoint, type EndpointMode, type TestEndpoint } from './test-endpoint';

const TOKEN = 'hostile-endpoint-test-token';
/** Where the redirect mode points: served (with a receipt) so that following it would look like success. */
const ELSEWHERE = 'https://elsewhere.example';
const HOSTILE_MODES = ['html', 'huge', 'wrong-types', 'redirect'] as const satisfies readonly EndpointMode[];

/** What the user is told, per mode, for a report (dialog) and for "Test connection" (options page). */
const REPORT_REASON: Record<(typeof HOSTILE_MODES)[number], string> = {
  html: 'but not with a Flagpost receipt',
  huge: 'but not with a Flagpost receipt',
  'wrong-types': 'but not with a Flagpost receipt',
  redirect: 'answered with a redirect to another address',
};
const CONNECTION_REASON: Record<(typeof HOSTILE_MODES)[number], string> = {
  html: 'not as a Flagpost endpoint',
  huge: 'not as a Flagpost endpoint',
  'wrong-types': 'not as a Flagpost endpoint',
  redirect: 'answered with a redirect to another address',
};

let extension: LaunchedExtension;
let endpoint: TestEndpoint;

beforeAll(async () => {
  endpoint = await startTestEndpoint({ token: TOKEN, redirectTo: ELSEWHERE });
  const elsewhere = (url: string) => (url.startsWith(`${ELSEWHERE}/`) ? json({ id: 'x', status: 'received', name: 'elsewhere', accepts: ['flagpost.report/1'] }, 201) : undefined);
  extension = await launchWithExtension(EXTENSION_DIR, { routes: combineRoutes(elsewhere, xProfileRoutes().routes) });
  await configureEndpoint(extension.browser, extension.extensionId, endpoint.baseUrl, TOKEN);
});

afterAll(async () => {
  await extension?.close();
  await endpoint?.close();
});

afterEach(async () => {
  await endpoint.setMode('ok');
});

/** Nothing the endpoint sent shows up as markup or text, and none of its script ran. */
async function expectNothingRendered(page: Page): Promise<void> {
  expect(await page.title()).not.toBe('pwned');
  const text = await accessibleText(page);
  expect(text).not.toContain('Endpoint HTML');
  expect(text).not.toContain('<img');
  expect(text).not.toContain('xxxxxxxx'); // the huge body's padding
}

/** The popup's Retry on the one report not yet sent, then its row is sent. */
async function retryFromPopup(): Promise<void> {
  const popup = await openPopup(extension.browser, extension.extensionId);
  await (await popup.waitForSelector('li.report:not([data-status="sent"]) button'))!.click();
  await until(async () => (await popup.$$('li.report:not([data-status="sent"])')).length === 0, 'every report to be sent');
  await popup.close();
}

describe('a hostile endpoint: a clear reason, nothing rendered, nothing lost', () => {
  test.each(HOSTILE_MODES)('report POST answered with %s', async (mode) => {
    await endpoint.setMode(mode);
    const before = await reportIds(extension);
    const page = await openFirstPostReport(extension.browser);
    const text = await fillAndSend(page);
    console.info(`POST ${mode}: ${text}`);
    expect(text).toContain(REPORT_REASON[mode]);
    await expectNothingRendered(page);
    const kept = await reportMadeSince(extension, before);
    expect(kept.status).toBe(mode === 'redirect' ? 'failed' : 'queued');
    expect(kept.lastError?.key).toBe(mode === 'redirect' ? 'deliveryRedirected' : 'deliveryNotReceipt');
    expect(endpoint.records.some((r) => r.id === kept.id)).toBe(false);

    await endpoint.setMode('ok');
    await retryFromPopup();
    expect(endpoint.records.filter((r) => r.id === kept.id)).toHaveLength(1);
    await page.close();
  });

  test.each(HOSTILE_MODES)('status tracking GET answered with %s: the known status stays, nothing rendered', async (mode) => {
    const worker = await extension.serviceWorker();
    const sent = (await keptReports(worker)).filter((r) => r.status === 'sent');
    expect(sent.length).toBeGreaterThan(0);
    await endpoint.setMode(mode);
    await advanceAndDrain(worker, 2 * 60_000); // past the popup's one-check-a-minute limit
    const gets = () => endpoint.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/reports/')).length;
    const getsBefore = gets();
    const popup = await openPopup(extension.browser, extension.extensionId); // opening it asks the endpoint
    await until(() => gets() >= getsBefore + sent.length, 'the status checks');
    const checked = (r: { id: string; tracking?: { checks: number } }) =>
      (r.tracking?.checks ?? 0) > (sent.find((s) => s.id === r.id)?.tracking?.checks ?? 0);
    await until(async () => (await keptReports(worker)).every(checked), 'the answers to be read');
    for (const record of await keptReports(worker)) expect(record).toMatchObject({ status: 'sent', tracking: { status: 'received' } });
    await expectNothingRendered(popup);
    await popup.close();
  });

  test.each(HOSTILE_MODES)('"Test connection" answered with %s', async (mode) => {
    await endpoint.setMode(mode);
    const page = await extension.browser.newPage();
    await page.goto(`chrome-extension://${extension.extensionId}/options.html`);
    await (await page.waitForSelector('::-p-aria([name="Test connection"][role="button"])'))!.click();
    const result = (await page.waitForSelector('main.options fieldset p[role="status"]'))!;
    const resultText = () => result.evaluate((node) => node.classList.contains('field-error') ? node.textContent ?? '' : '');
    await until(async () => (await resultText()) !== '', 'the test to fail');
    const text = await resultText();
    console.info(`Test connection ${mode}: ${text}`);
    expect(text).toContain(CONNECTION_REASON[mode]);
    await expectNothingRendered(page);
    await page.close();
  });

  test('the token went to the configured origin only, redirects included', () => {
    const origin = new URL(endpoint.baseUrl).origin;
    const withToken = extension.fixtures.requests.filter((r) =>
      Object.entries(r.headers).some(([name, value]) => name.toLowerCase() === 'authorization' || value.includes(TOKEN)),
    );
    expect(withToken.length).toBeGreaterThan(0); // it was sent, where it belongs
    expect([...new Set(withToken.map((r) => new URL(r.url).origin))]).toEqual([origin]);
    expect(extension.fixtures.requests.filter((r) => r.url.startsWith(ELSEWHERE))).toEqual([]);
    expect(endpoint.requests.filter((r) => r.headers.authorization).every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    console.info(`${extension.fixtures.requests.length} requests captured, ${withToken.length} with the token, all to ${origin}`);
  });
});
