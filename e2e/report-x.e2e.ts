import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Report } from '../utils/schema/report';
import {
  aria, chooseReportMenuItem, closeDialogWithEscape, configureEndpoint, EXTENSION_DIR, fillAndSend, openPopup, popupRows, waitForDialog,
  waitForEndpointField, X_PROFILE_FIRST_POST, X_PROFILE_MEDIA, X_PROFILE_URL, xProfileRoutes,
} from './flagpost';
import { launchWithExtension, serveFixtures, type LaunchedExtension } from './harness';
import { startTestEndpoint, type TestEndpoint } from './test-endpoint';

let extension: LaunchedExtension;
let endpoint: TestEndpoint;
let x = xProfileRoutes();

beforeAll(async () => {
  endpoint = await startTestEndpoint({ token: 'volunteer-token' });
  extension = await launchWithExtension(EXTENSION_DIR, { routes: x.routes });
  await configureEndpoint(extension.browser, extension.extensionId, endpoint.baseUrl, 'volunteer-token');
});

afterAll(async () => {
  await extension?.close();
  await endpoint?.close();
});

async function openXProfile(): Promise<Page> {
  const page = await extension.browser.newPage();
  await page.goto(X_PROFILE_URL);
  await page.waitForSelector('article[data-testid="tweet"] [data-flagpost-action="report"]', { visible: true });
  return page;
}

async function clickReportOnFirstPost(page: Page): Promise<void> {
  await page.click('article[data-testid="tweet"] [data-flagpost-action="report"]');
}

function lastReport(): Report {
  return Report.parse(endpoint.reports.at(-1));
}

async function waitForReports(count: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (endpoint.reports.length < count) {
    if (Date.now() > deadline) throw new Error(`endpoint has ${endpoint.reports.length} reports, expected ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('reporting an X post', () => {
  test('button path: one valid report with the post, its quoted post and the hashes of the served bytes', async () => {
    const page = await openXProfile();
    expect(await page.$$eval('[data-flagpost-action="report"]', (buttons) => buttons.length)).toBe(2);
    await clickReportOnFirstPost(page);
    const result = await fillAndSend(page);
    expect(result).toContain('Report sent');

    await waitForReports(1);
    const report = lastReport();
    expect(report.target).toMatchObject({
      url: X_PROFILE_FIRST_POST,
      pageUrl: X_PROFILE_URL,
      platform: 'x',
      postId: '1985395058229817831',
      author: { handle: '@lcMenci', displayName: 'Menci 💖' },
      postedAt: '2025-11-03T17:14:03.000Z',
      quoted: [{ url: 'https://x.com/hwwaanng/status/1985275729278541990', author: expect.objectContaining({ handle: '@hwwaanng' }) }],
    });
    expect(report.classification.tco).toEqual(['incitement']);
    expect(report.media.map((medium) => medium.sourceUrl)).toEqual(X_PROFILE_MEDIA);
    for (const medium of report.media) {
      expect(medium.hashes).toContainEqual({ algorithm: 'sha256', value: x.sha256Of(medium.sourceUrl) });
      expect(medium.error).toBeUndefined();
    }
    expect(endpoint.requests.find((r) => r.method === 'POST')?.headers.authorization).toBe('Bearer volunteer-token');

    // A reviewer moves it along; the volunteer opens the popup and sees it.
    endpoint.setReportStatus(report.id, 'under_review', 'Sent to the platform\'s trust & safety team');
    const popup = await openPopup(extension.browser, extension.extensionId);
    await popup.waitForSelector('li.report[data-status="sent"] [data-endpoint-status="under_review"]');
    const rows = await popupRows(popup);
    expect(rows).toEqual([expect.objectContaining({ url: X_PROFILE_FIRST_POST, status: 'sent' })]);
    expect(rows[0]!.text).toContain('Under review');
    expect(rows[0]!.text).toContain('Note from the endpoint: Sent to the platform\'s trust & safety team');
    await Promise.all([page.close(), popup.close()]);
  });

  test('context-menu path: right-click inside the post, the background handler opens the same dialog', async () => {
    const page = await openXProfile();
    await page.click('article[data-testid="tweet"] [data-testid="tweetText"]', { button: 'right' });
    await chooseReportMenuItem(extension, X_PROFILE_URL);
    expect(await fillAndSend(page)).toContain('Report sent');
    await waitForReports(2);
    expect(lastReport().target.url).toBe(X_PROFILE_FIRST_POST);
    expect(lastReport().media).toHaveLength(4);
    await page.close();
  });

  test('posts added by infinite scroll get exactly one button each', async () => {
    const page = await openXProfile();
    await page.evaluate(() => {
      const cell = document.querySelector('article[data-testid="tweet"]')!.closest('[data-testid="cellInnerDiv"]')!;
      for (let batch = 0; batch < 5; batch++) {
        for (let i = 0; i < 20; i++) {
          const copy = cell.cloneNode(true) as Element;
          copy.querySelectorAll('[data-flagpost-action], [data-flagpost-decorated]').forEach((node) =>
            node.hasAttribute('data-flagpost-action') ? node.remove() : node.removeAttribute('data-flagpost-decorated'));
          cell.parentElement!.append(copy);
        }
      }
    });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('article[data-testid="tweet"]')].every(
        (post) => post.querySelectorAll('[data-flagpost-action="report"]').length === 1,
      ),
    );
    expect(await page.$$eval('article[data-testid="tweet"]', (posts) => posts.length)).toBe(102);
    expect(await page.$$eval('[data-flagpost-action="report"]', (buttons) => buttons.length)).toBe(102);
    await page.close();
  });

  test('after in-app navigation and re-rendering, every post still has exactly one button', async () => {
    const page = await openXProfile();
    await page.evaluate(() => {
      // X navigates without reloading: a new URL, then a new feed.
      history.pushState({}, '', '/lcMenci/media');
      const cell = document.querySelector('[data-testid="cellInnerDiv"]')!;
      const fresh = cell.cloneNode(true) as Element;
      fresh.querySelectorAll('[data-flagpost-action]').forEach((button) => button.remove());
      fresh.querySelectorAll('[data-flagpost-decorated]').forEach((post) => post.removeAttribute('data-flagpost-decorated'));
      cell.parentElement!.replaceChildren(fresh, fresh.cloneNode(true));
      // React re-renders a post's action bar: our button goes with the old one.
      const bar = fresh.querySelector('article [role="group"]')!;
      const rerendered = bar.cloneNode(true) as Element;
      rerendered.querySelectorAll('[data-flagpost-action]').forEach((button) => button.remove());
      bar.replaceWith(rerendered);
    });
    await page.waitForFunction(() => {
      const posts = [...document.querySelectorAll('article[data-testid="tweet"]')];
      return posts.length === 2 && posts.every((post) => post.querySelectorAll('[data-flagpost-action="report"]').length === 1);
    });
    await page.close();
  });

  test('right-click on a link outside any post reports the link', async () => {
    const page = await openXProfile();
    const linkUrl = 'https://example.org/propaganda-mirror';
    await page.click('a[href="/i/keyboard_shortcuts"]', { button: 'right' });
    await chooseReportMenuItem(extension, X_PROFILE_URL, { linkUrl });
    const count = endpoint.reports.length;
    expect(await fillAndSend(page)).toContain('Report sent');
    await waitForReports(count + 1);
    expect(lastReport().target).toMatchObject({ url: linkUrl, platform: 'other', pageUrl: X_PROFILE_URL, quoted: [] });
    expect(lastReport().media).toEqual([]);
    await page.close();
  });

  test('Esc closes the dialog and nothing is sent', async () => {
    const before = endpoint.reports.length;
    const page = await openXProfile();
    await clickReportOnFirstPost(page);
    await waitForDialog(page);
    await closeDialogWithEscape(page);
    expect(endpoint.reports.length).toBe(before);
    await page.close();
  });

  test('endpoint down at send: the report is kept as queued, then delivered exactly once', async () => {
    const before = endpoint.reports.length;
    await endpoint.setMode('down');
    const page = await openXProfile();
    await clickReportOnFirstPost(page);
    expect(await fillAndSend(page)).toContain('Report saved');
    await page.close();

    const popup = await openPopup(extension.browser, extension.extensionId);
    await popup.waitForSelector('li.report[data-status="queued"]');
    expect((await popupRows(popup))[0]!.text).toContain('could not be reached');

    await endpoint.setMode('ok');
    // No click: the alarm the background set for the retry (15–45 s with jitter) sends it.
    const alarm = await (await extension.serviceWorker()).evaluate(() => chrome.alarms.get('flagpost-drain'));
    expect(alarm?.scheduledTime).toBeGreaterThan(Date.now());
    await popup.waitForSelector('li.report:first-child[data-status="sent"]', { timeout: 60_000 });
    expect(endpoint.reports.length).toBe(before + 1);
    // Another wake-up must not send it again.
    await (await extension.serviceWorker()).evaluate(() => chrome.alarms.create('flagpost-drain', { when: Date.now() }));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(endpoint.reports.length).toBe(before + 1);
    expect(new Set(endpoint.records.map((record) => record.id)).size).toBe(endpoint.records.length);
    await popup.close();
  }, 90_000);

  test('401: the report is kept as failed with the reason, and is not retried', async () => {
    const before = endpoint.requests.filter((r) => r.method === 'POST').length;
    await endpoint.setMode('unauthorized');
    const page = await openXProfile();
    await clickReportOnFirstPost(page);
    expect(await fillAndSend(page)).toContain('refused the token (HTTP 401')
    await page.close();
    const popup = await openPopup(extension.browser, extension.extensionId);
    await popup.waitForSelector('li.report[data-status="failed"]');
    expect((await popupRows(popup))[0]!.text).toContain('HTTP 401');
    expect(endpoint.requests.filter((r) => r.method === 'POST').length).toBe(before + 1);
    await endpoint.setMode('ok');
    await popup.click('li.report[data-status="failed"] button');
    await popup.waitForSelector('li.report:first-child[data-status="sent"]');
    await popup.close();
  });

  test('500: the report stays queued with the reason', async () => {
    await endpoint.setMode('error500');
    const page = await openXProfile();
    await clickReportOnFirstPost(page);
    expect(await fillAndSend(page)).toContain('HTTP 500');
    await page.close();
    await endpoint.setMode('ok');
  });

  test('a post with no media is reported with an empty media list', async () => {
    const page = await openXProfile();
    await page.evaluate(() => {
      document.querySelectorAll('article [data-testid="tweetPhoto"]').forEach((photo) => photo.remove());
    });
    const count = endpoint.reports.length;
    await clickReportOnFirstPost(page);
    expect(await fillAndSend(page)).toContain('Report sent');
    await waitForReports(count + 1);
    expect(lastReport().media).toEqual([]);
    expect(lastReport().classification.contentTypes).toEqual(['CONTENT_TYPE_TEXT']);
    await page.close();
  });

  test('media that fails to load: each entry says why, and the report is still sent', async () => {
    x = xProfileRoutes({ brokenMedia: true });
    await serveFixtures(extension.browser, x.routes);
    const page = await openXProfile();
    const count = endpoint.reports.length;
    await clickReportOnFirstPost(page);
    expect(await fillAndSend(page)).toContain('Report sent');
    await waitForReports(count + 1);
    expect(lastReport().media.map((medium) => [medium.hashes, medium.error])).toEqual(
      X_PROFILE_MEDIA.map(() => [[], 'fetch refused: HTTP 404']),
    );
    await page.close();
    x = xProfileRoutes();
    await serveFixtures(extension.browser, x.routes);
  });
});

describe('the options page', () => {
  test('an invalid endpoint URL is explained next to the field and nothing is saved', async () => {
    const page = await extension.browser.newPage();
    await page.goto(`chrome-extension://${extension.extensionId}/options.html`);
    const url = await page.waitForSelector('#endpointBase', { visible: true });
    await waitForEndpointField(page);
    await url!.click({ count: 3 });
    await url!.type('http://reports.example.org');
    await page.click('button[type="submit"]');
    const error = await page.waitForSelector('#endpointBase-error');
    expect(await error!.evaluate((node) => node.textContent)).toContain('must use https://');
    expect(await page.$eval('#endpointBase', (input) => input.getAttribute('aria-invalid'))).toBe('true');
    const stored = await (await extension.serviceWorker()).evaluate(() => chrome.storage.local.get('settings'));
    expect((stored.settings as { endpointBase: string }).endpointBase).toBe(endpoint.baseUrl);
    await page.close();
  });

  test('test connection says plainly what is wrong', async () => {
    const page = await extension.browser.newPage();
    await page.goto(`chrome-extension://${extension.extensionId}/options.html`);
    await waitForEndpointField(page);
    await page.click('::-p-text(Test connection)');
    await page.waitForSelector('::-p-text(Connected to “test”)');
    await endpoint.setMode('down');
    await page.click('::-p-text(Test connection)');
    await page.waitForSelector('::-p-text(Could not reach the endpoint)');
    await endpoint.setMode('ok');
    await page.close();
  });
});
