import { describe, expect, test } from 'vitest';
import { clickInDialog, fillAndClickSend, fillAndSend, openFirstPostReport, openPopup, until, X_PROFILE_FIRST_POST } from './flagpost';
import { stopServiceWorker, type LaunchedExtension } from './harness';
import type { TestEndpoint } from './test-endpoint';
import { xProfileSession } from './session';

let extension: LaunchedExtension;
let endpoint: TestEndpoint;

xProfileSession((session) => ({ extension, endpoint } = session));

const reportFirstPost = () => openFirstPostReport(extension.browser);

describe('delivery that never loses or duplicates a report', () => {
  test('the service worker is stopped in the middle of a send: the report still arrives exactly once', async () => {
    await endpoint.setMode('store-then-hang');
    const page = await reportFirstPost();
    const dialog = await fillAndClickSend(page);
    await until(() => endpoint.records.length === 1, 'the endpoint to store the report');

    await stopServiceWorker(extension.browser, extension.extensionId);
    // The dialog cannot know how far it got, so it says so, and that sending again is safe.
    const alert = await dialog.waitForSelector('::-p-aria([role="alert"])::-p-text(Sending again is safe)');
    expect(alert).toBeTruthy();

    await endpoint.setMode('ok');
    await extension.serviceWorker(); // the next wake-up (any event would do)
    const popup = await openPopup(extension.browser, extension.extensionId);
    await popup.waitForSelector('li.report[data-status="sent"]', { timeout: 20_000 });
    expect(endpoint.records).toHaveLength(1);
    expect(endpoint.requests.filter((r) => r.method === 'POST')).toHaveLength(2); // sent twice, stored once
    expect(new Set(endpoint.requests.filter((r) => r.method === 'POST').map((r) => r.headers['idempotency-key'])).size).toBe(1);

    // "Send again" from the same dialog is harmless too.
    await page.bringToFront();
    await clickInDialog(dialog, '::-p-aria([name="Send report"][role="button"])');
    await dialog.waitForSelector('::-p-aria([role="status"])::-p-text(Report sent)');
    expect(endpoint.records).toHaveLength(1);
    await Promise.all([page.close(), popup.close()]);
  });

  test('the answer is lost after the endpoint stored the report: no duplicate', async () => {
    const before = endpoint.records.length;
    await endpoint.setMode('store-then-drop');
    const page = await reportFirstPost();
    expect(await fillAndSend(page)).toContain('could not be reached');
    await endpoint.setMode('ok');
    const popup = await openPopup(extension.browser, extension.extensionId);
    await (await popup.waitForSelector('li.report[data-status="queued"] button'))!.click();
    await popup.waitForSelector('li.report:first-child[data-status="sent"]');
    expect(endpoint.records).toHaveLength(before + 1);
    expect((endpoint.records.at(-1)!.body as { target: { url: string } }).target.url).toBe(X_PROFILE_FIRST_POST);
    await Promise.all([page.close(), popup.close()]);
  });
});
