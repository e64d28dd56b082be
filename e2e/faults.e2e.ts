/**
 * The fault matrix: every way delivery can go wrong, end to end in Chromium, and in every case the
 * reports the extension made are exactly the reports the endpoint stored, by id — none lost, none twice.
 *
 *   fault                                  | how it is made
 *   ---------------------------------------|-------------------------------------------------------------
 *   endpoint down for a long time          | port closed; the worker's clock moved on 2 h per drain, 50+ times
 *   500                                    | test endpoint 'error500'
 *   429 with Retry-After                   | 'rate-limited' (Retry-After: 120)
 *   hanging response (timeout)             | 'hang' and 'store-then-hang', the worker's deadlines cut to 1 s
 *   service worker stopped mid-send        | 'store-then-hang', then the worker is stopped
 *   browser restarts with a queue          | same profile relaunched: after a kill -9 mid-send, and after a
 *                                          | clean exit with a queued report
 *   storage quota exceeded                 | CDP Storage.overrideQuotaForOrigin on the extension's origin
 *
 * Time is moved, never waited for: no test here sleeps through a backoff.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  advanceAndDrain, alertTexts, aria, clickInDialog, configureEndpoint, EXTENSION_DIR, fillAndClickSend, fillAndSend, keptReports, openFirstPostReport,
  openPopup, reportIds, reportMadeSince, shortenTimeouts, until, xProfileRoutes, type KeptReport,
} from './flagpost';
import { launchWithExtension, stopServiceWorker, type LaunchedExtension } from './harness';
import { startTestEndpoint, type TestEndpoint } from './test-endpoint';
import { xProfileSession } from './session';

const HOUR = 3600_000;

let extension: LaunchedExtension;
let endpoint: TestEndpoint;

xProfileSession((session) => ({ extension, endpoint } = session));

const openReportDialog = (on: LaunchedExtension = extension) => openFirstPostReport(on.browser);

async function kept(on: LaunchedExtension = extension): Promise<KeptReport[]> {
  return keptReports(await on.serviceWorker());
}

const posts = (to: TestEndpoint) => to.requests.filter((r) => r.method === 'POST');

/** The invariant of the whole file: made = stored, by id, each once. */
async function expectMadeEqualsStored(on: LaunchedExtension = extension, to: TestEndpoint = endpoint): Promise<{ made: number; stored: number }> {
  const made = (await kept(on)).map((r) => r.id).sort();
  const stored = to.records.map((r) => r.id).sort();
  expect(stored).toEqual(made);
  expect(new Set(stored).size).toBe(stored.length);
  console.info(`made ${made.length}, stored ${stored.length} (${posts(to).length} POSTs in all)`);
  return { made: made.length, stored: stored.length };
}

describe('fault matrix: no report lost, none stored twice', () => {
  afterEach(async () => {
    await endpoint.setMode('ok');
  });

  test('the endpoint is down for a long time: backoff is capped, the report is kept through 50 attempts and after', async () => {
    await endpoint.setMode('down');
    const before = await reportIds(extension);
    const page = await openReportDialog();
    expect(await fillAndSend(page)).toContain('could not be reached');
    const { id } = await reportMadeSince(extension, before);
    const current = async () => (await kept()).find((r) => r.id === id)!;

    const delays: number[] = [];
    const worker = await extension.serviceWorker();
    for (let round = 0; round < 60; round++) {
      const record = await current();
      if (record.status !== 'queued') break;
      delays.push(record.nextAttemptAt - record.updatedAt);
      await advanceAndDrain(worker, 2 * HOUR); // more than the longest backoff: every round is an attempt
    }
    // Given up after MAX_ATTEMPTS, but kept, with a reason, for the user to retry.
    expect(await current()).toMatchObject({ status: 'failed', attempts: 50, lastError: { key: 'deliveryGaveUp' } });
    expect(delays).toHaveLength(49);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1.5 * HOUR); // the one-hour cap, with its ±50 % jitter
    expect(delays.slice(-10).every((delay) => delay >= 0.5 * HOUR)).toBe(true); // and it does reach it
    expect(endpoint.records).toHaveLength(0);
    console.info(`down: 50 attempts; delays ${delays.map((d) => Math.round(d / 60_000)).join(' ')} min`);

    await endpoint.setMode('ok');
    const popup = await openPopup(extension.browser, extension.extensionId);
    const failed = (await popup.waitForSelector('li.report[data-status="failed"]'))!; // the list renders once loaded
    expect(await failed.evaluate((row) => row.textContent)).toContain('stopped retrying');
    await (await failed.waitForSelector('button'))!.click();
    await popup.waitForSelector('li.report[data-status="sent"]');
    expect(await expectMadeEqualsStored()).toEqual({ made: 1, stored: 1 });
    await Promise.all([page.close(), popup.close()]);
  });

  test('500: queued with the endpoint’s reason, delivered once it recovers', async () => {
    await endpoint.setMode('error500');
    const before = await reportIds(extension);
    const page = await openReportDialog();
    expect(await fillAndSend(page)).toContain('HTTP 500: Test endpoint error mode');
    expect(await reportMadeSince(extension, before)).toMatchObject({ status: 'queued', lastError: { key: 'deliveryHttpError' } });
    await endpoint.setMode('ok');
    await advanceAndDrain(await extension.serviceWorker(), HOUR);
    expect((await reportMadeSince(extension, before)).status).toBe('sent');
    expect(await expectMadeEqualsStored()).toEqual({ made: 2, stored: 2 });
    await page.close();
  });

  test('429 with Retry-After: the next attempt waits exactly as long as asked, then delivers', async () => {
    await endpoint.setMode('rate-limited');
    const before = await reportIds(extension);
    const page = await openReportDialog();
    expect(await fillAndSend(page)).toContain('HTTP 429: Slow down');
    const queued = await reportMadeSince(extension, before);
    expect(queued.status).toBe('queued');
    expect(queued.nextAttemptAt - queued.updatedAt).toBeGreaterThan(119_000);
    expect(queued.nextAttemptAt - queued.updatedAt).toBeLessThanOrEqual(120_000);

    const worker = await extension.serviceWorker();
    const postsBefore = posts(endpoint).length;
    await advanceAndDrain(worker, 60_000); // too early: not asked again
    expect(posts(endpoint).length).toBe(postsBefore);
    await endpoint.setMode('ok');
    await advanceAndDrain(worker, 61_000);
    expect((await reportMadeSince(extension, before)).status).toBe('sent');
    expect(await expectMadeEqualsStored()).toEqual({ made: 3, stored: 3 });
    await page.close();
  });

  test.each(['hang', 'store-then-hang'] as const)('a response that never comes (%s): timed out, queued, delivered once', async (mode) => {
    const worker = await extension.serviceWorker();
    await shortenTimeouts(worker, 1000);
    await endpoint.setMode(mode);
    const before = await reportIds(extension);
    const storedBefore = endpoint.records.length;
    const page = await openReportDialog();
    expect(await fillAndSend(page)).toContain('did not answer within 20 s');
    expect(endpoint.records.length).toBe(mode === 'hang' ? storedBefore : storedBefore + 1);
    await endpoint.setMode('ok');
    await advanceAndDrain(worker, HOUR);
    expect((await reportMadeSince(extension, before)).status).toBe('sent');
    expect(endpoint.records.length).toBe(storedBefore + 1);
    await expectMadeEqualsStored();
    await page.close();
  });

  test('the service worker is stopped mid-send: sent again on its next start, stored once', async () => {
    await endpoint.setMode('store-then-hang');
    const before = await reportIds(extension);
    const storedBefore = endpoint.records.length;
    const page = await openReportDialog();
    await fillAndClickSend(page);
    await until(() => endpoint.records.length === storedBefore + 1, 'the endpoint to store the report');
    await stopServiceWorker(extension.browser, extension.extensionId);
    await endpoint.setMode('ok');
    await extension.serviceWorker(); // its start recovers the interrupted send
    await until(async () => (await reportMadeSince(extension, before)).status === 'sent', 'the report to be sent');
    expect(await expectMadeEqualsStored()).toEqual({ made: 6, stored: 6 });
    await page.close();
  });
});

describe('fault matrix: storage quota exceeded', () => {
  // Its own browser: IndexedDB sizes an existing database's room once and does not see a quota lowered
  // later (measured: 20 s of writes still accepted), so the full disk is there before the first report.
  let full: LaunchedExtension;
  let fullEndpoint: TestEndpoint;

  xProfileSession((session) => ({ extension: full, endpoint: fullEndpoint } = session));

  test('storage quota exceeded: a clear error, the form kept, and it works once there is room again', async () => {
    const origin = `chrome-extension://${full.extensionId}`;
    const popup = await openPopup(full.browser, full.extensionId); // a page of the extension's own partition
    const session = await popup.createCDPSession();
    const before = await expectMadeEqualsStored(full, fullEndpoint);
    try {
      await session.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
      const page = await openReportDialog(full);
      const dialog = await fillAndClickSend(page);
      await until(async () => (await alertTexts(page)).some((text) => text.includes('no room left to keep it: free some disk space')), 'the alert');
      // Nothing typed is lost: the choices are still made and Send is there to press again.
      const category = await dialog.waitForSelector(aria('Incites terrorism, for example by glorifying an attack', 'checkbox'));
      expect(await category!.evaluate((box) => (box as HTMLInputElement).checked)).toBe(true);
      expect(await expectMadeEqualsStored(full, fullEndpoint)).toEqual(before); // nothing half-made

      await session.send('Storage.overrideQuotaForOrigin', { origin }); // back to the default quota
      await clickInDialog(dialog, '::-p-aria([name="Send report"][role="button"]):not([disabled])');
      await dialog.waitForSelector('::-p-aria([role="status"])::-p-text(Report sent)');
      expect(await expectMadeEqualsStored(full, fullEndpoint)).toEqual({ made: before.made + 1, stored: before.stored + 1 });
      await page.close();
    } finally {
      await session.send('Storage.overrideQuotaForOrigin', { origin }).catch(() => undefined);
      await session.detach();
      await popup.close();
    }
  });
});

describe('fault matrix: the browser restarts with a queue', () => {
  let profile: string;
  let restartEndpoint: TestEndpoint;
  const launch = () => launchWithExtension(EXTENSION_DIR, { routes: xProfileRoutes().routes, userDataDir: profile });

  beforeAll(async () => {
    profile = await mkdtemp(path.join(tmpdir(), 'flagpost-e2e-restart-'));
    restartEndpoint = await startTestEndpoint();
  });

  afterAll(async () => {
    await restartEndpoint?.close();
    await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  test('killed mid-send, then relaunched: the report goes out again by itself, stored once', async () => {
    let browser = await launch();
    try {
      await configureEndpoint(browser.browser, browser.extensionId, restartEndpoint.baseUrl);
      await restartEndpoint.setMode('store-then-hang');
      await fillAndClickSend(await openReportDialog(browser));
      await until(() => restartEndpoint.records.length === 1, 'the endpoint to store the report');
      browser.browser.process()!.kill('SIGKILL'); // a crash: no chance to save anything more
    } finally {
      await browser.close();
    }
    await restartEndpoint.setMode('ok');

    browser = await launch();
    try {
      await until(async () => (await kept(browser)).some((r) => r.status === 'sent'), 'the report to be sent after the restart');
      expect(posts(restartEndpoint)).toHaveLength(2);
      expect(await expectMadeEqualsStored(browser, restartEndpoint)).toEqual({ made: 1, stored: 1 });
    } finally {
      await browser.close();
    }
  });

  test('closed with a queued report, then relaunched: the report is still queued and delivered', async () => {
    let browser = await launch();
    try {
      await restartEndpoint.setMode('down');
      expect(await fillAndSend(await openReportDialog(browser))).toContain('could not be reached');
    } finally {
      await browser.close();
    }
    await restartEndpoint.setMode('ok');

    browser = await launch();
    try {
      const waiting = (await kept(browser)).filter((r) => r.status !== 'sent');
      expect(waiting.map((r) => r.status)).toEqual(['queued']);
      await advanceAndDrain(await browser.serviceWorker(), HOUR); // the backoff's alarm, without the wait
      expect((await kept(browser)).every((r) => r.status === 'sent')).toBe(true);
      expect(await expectMadeEqualsStored(browser, restartEndpoint)).toEqual({ made: 2, stored: 2 });
    } finally {
      await browser.close();
    }
  });
});
