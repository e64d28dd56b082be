/**
 * The whole loop with the reference endpoint itself (endpoint/), not the test double:
 * a volunteer reports from the extension, a reviewer moves the report along with the
 * endpoint's CLI, and the volunteer's popup shows it.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { configureEndpoint, EXTENSION_DIR, fillAndSend, openPopup, patchTracking, popupRows, X_PROFILE_FIRST_POST, X_PROFILE_URL, xProfileRoutes } from './flagpost';
import { launchWithExtension, type LaunchedExtension } from './harness';
import { startReferenceEndpoint, type ReferenceEndpoint } from './reference-server';

let reference: ReferenceEndpoint;
let extension: LaunchedExtension;
const cli = (...args: string[]) => reference.cli(...args);

beforeAll(async () => {
  reference = await startReferenceEndpoint();
  extension = await launchWithExtension(EXTENSION_DIR, { routes: xProfileRoutes().routes });
  await configureEndpoint(extension.browser, extension.extensionId, reference.baseUrl, reference.token);
}, 90_000);

afterAll(async () => {
  await extension?.close();
  reference?.stop();
});

test('extension → reference endpoint → a reviewer changes the status → the popup shows it', async () => {
  const page = await extension.browser.newPage();
  await page.goto(X_PROFILE_URL);
  await (await page.waitForSelector('[data-flagpost-action="report"]', { visible: true }))!.click();
  expect(await fillAndSend(page)).toContain('Report sent');
  await page.close();

  const popup = await openPopup(extension.browser, extension.extensionId);
  await popup.waitForSelector('li.report[data-status="sent"] [data-endpoint-status="received"]');
  const id = await popup.$eval('li.report', (row) => row.getAttribute('data-report-id')!);
  await popup.close();

  await cli('status', 'set', id, 'under_review');
  const { stdout } = await cli('status', 'set', id, 'forwarded', '--note', 'Sent to the platform under the TCO Regulation');
  expect(JSON.parse(stdout)).toMatchObject({ id, status: 'forwarded' });

  // The popup asks again once a minute at most; open it after that, as a volunteer would later.
  // Let the tracker think the last check was long ago (instead of waiting a minute in the test).
  await patchTracking(await extension.serviceWorker(), id, { checkedAt: 0 });
  const later = await openPopup(extension.browser, extension.extensionId);
  await later.waitForSelector('li.report [data-endpoint-status="forwarded"]');
  const [row] = await popupRows(later);
  expect(row).toMatchObject({ url: X_PROFILE_FIRST_POST, status: 'sent' });
  expect(row!.text).toContain('Forwarded to the platform');
  expect(row!.text).toContain('Sent to the platform under the TCO Regulation');
  await later.close();
}, 90_000);
