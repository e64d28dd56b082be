/**
 * A long video never holds the report back: the dialog shows its progress, Send works at once, and the
 * report goes out once — with the video's hashes when they are done, with its `error` when the user stopped
 * hashing, and also when the service worker was stopped mid-hash.
 *
 * The slow video is a small sample video whose response the test holds back (a gate per URL): hashing
 * cannot finish before the test says so, without a long file or a wait.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { defaultVideoMegabytes, defaultVideoMinutes } from '../utils/hash/video-limits';
import { Report } from '../utils/schema/report';
import { axeViolations, setLanguage } from './a11y';
import {
  accessibleText, aria, clickInDialog, closeDialogWithEscape, dialogFrame, fillAndClickSend, keptReports, openPopup, reportIds,
  reportMadeSince, until, waitForDialog, X_PROFILE_URL, xProfileRoutes,
} from './flagpost';
import { combineRoutes, serveFixtures, stopServiceWorker, type LaunchedExtension, type Routes } from './harness';
import { xProfileSession } from './session';
import type { TestEndpoint } from './test-endpoint';

const videoFixture = (name: string) => readFileSync(path.resolve(__dirname, '../../shared/fixtures/vpdq/videos', `${name}.mp4`));
const VIDEO_BYTES = videoFixture('test-padded-dimensions');
/** 2.1 MB: over a 1 MB limit set in Settings. */
const LARGER_VIDEO_BYTES = videoFixture('chair-19-sd-bar');

let extension: LaunchedExtension;
let endpoint: TestEndpoint;

/** Each slow video's response waits until the test opens its gate. */
const gates = new Map<string, { open: () => void; opened: Promise<void>; body: Buffer }>();
function slowVideo(name: string, body = VIDEO_BYTES): { url: string; open: () => void } {
  const url = `https://video.twimg.com/tweet_video/${name}.mp4`;
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  gates.set(url, { open, opened, body });
  return { url, open };
}
const videoRoutes: Routes = async (url) => {
  const gate = gates.get(url);
  if (!gate) return undefined;
  await gate.opened;
  return { headers: { 'content-type': 'video/mp4' }, body: gate.body };
};

xProfileSession((session) => ({ extension, endpoint } = session));

beforeAll(async () => {
  await serveFixtures(extension.browser, combineRoutes(xProfileRoutes().routes, videoRoutes));
});

/** The X profile with the dialog open on a right-clicked video (the context-menu path), progress showing. */
async function reportVideo(videoUrl: string): Promise<{ page: Page; dialog: Frame }> {
  const page = await openVideoReport(videoUrl);
  const dialog = await dialogFrame(page);
  await dialog.waitForSelector(aria('Video 1: fetching and reading it…', 'progressbar'));
  return { page, dialog };
}

async function openVideoReport(videoUrl: string): Promise<Page> {
  const page = await extension.browser.newPage();
  await page.goto(X_PROFILE_URL);
  await page.waitForSelector('[data-flagpost-action="report"]', { visible: true });
  await (await extension.serviceWorker()).evaluate(async (pageUrl, srcUrl) => {
    const [tab] = await chrome.tabs.query({ url: pageUrl });
    const info = { menuItemId: 'flagpost-report', pageUrl, srcUrl, mediaType: 'video', frameId: 0, editable: false };
    await (globalThis as any).flagpost.onReportMenuClick(info, tab);
  }, X_PROFILE_URL, videoUrl);
  return page;
}

/** The reports the endpoint stored with this id, and the POSTs that carried it: exactly once means one of each. */
const storedWithId = (id: string) => endpoint.records.filter((record) => record.id === id);
const postsOf = (id: string) => endpoint.requests.filter((request) => request.method === 'POST' && request.headers['idempotency-key'] === id);
function expectDeliveredOnce(id: string): void {
  expect(storedWithId(id)).toHaveLength(1);
  expect(postsOf(id)).toHaveLength(1);
}

async function deliveredReport(id: string): Promise<Report> {
  await until(() => endpoint.reports.some((report) => (report as { id?: string }).id === id), 'the report to be delivered', 60_000);
  return Report.parse(endpoint.reports.find((report) => (report as { id?: string }).id === id));
}

describe('a report with a video still hashing', () => {
  test('progress shows (accessibly, in both languages); Send is not held back; delivered once with the hashes', async () => {
    const video = slowVideo('send-while-hashing');
    const before = await reportIds(extension);
    const { page, dialog } = await reportVideo(video.url);
    expect(await axeViolations(dialog)).toEqual([]);

    // Frames hashed out of the total, as the background pushes them ('report.progress'): a determinate bar.
    const worker = await extension.serviceWorker();
    await worker.evaluate(async () => {
      const ids = Object.keys(await chrome.storage.session.get(null)).filter((key) => key.startsWith('draft:'));
      const payload = { id: ids[0]!.slice('draft:'.length), progress: [{ done: 30, total: 120 }] };
      // The report frame is an extension page: it hears the background's runtime messages.
      await chrome.runtime.sendMessage({ type: 'report.progress', payload });
    });
    const bar = await dialog.waitForSelector(aria('Video 1: 30 of 120 frames hashed', 'progressbar'));
    expect(await bar!.evaluate((node) => [(node as HTMLProgressElement).value, (node as HTMLProgressElement).max])).toEqual([30, 120]);
    expect(await axeViolations(dialog)).toEqual([]);

    await fillAndClickSend(page);
    await dialog.waitForSelector('::-p-aria([role="status"])::-p-text(It will be sent as soon as its media are hashed)');
    const { id, status } = await reportMadeSince(extension, before);
    expect(status).toBe('hashing');
    const popup = await openPopup(extension.browser, extension.extensionId);
    await popup.waitForSelector(`li.report[data-report-id="${id}"][data-status="hashing"]`);
    expect(await popup.$eval(`li.report[data-report-id="${id}"]`, (row) => row.textContent)).toContain('Still hashing');
    expect(storedWithId(id)).toEqual([]);

    video.open();
    const report = await deliveredReport(id);
    expect(report.media).toHaveLength(1);
    expect(report.media[0]!.error).toBeUndefined();
    expect(report.media[0]!.hashes.map((hash) => hash.algorithm)).toEqual(expect.arrayContaining(['sha256', 'md5', 'vpdq']));
    await popup.waitForSelector(`li.report[data-report-id="${id}"][data-status="sent"]`);

    // Another wake-up does not send it again.
    await (await extension.serviceWorker()).evaluate(() => (globalThis as any).flagpost.queue.drain());
    expectDeliveredOnce(id);
    await Promise.all([page.close(), popup.close()]);
  });

  test('in French, the progress and the Stop button speak French', async () => {
    await setLanguage(extension.browser, extension.extensionId, 'fr');
    try {
      const video = slowVideo('french');
      const page = await openVideoReport(video.url);
      const dialog = await dialogFrame(page);
      await dialog.waitForSelector(aria('Vidéo 1 : téléchargement et lecture…', 'progressbar'));
      await dialog.waitForSelector(aria('Arrêter le hachage', 'button'));
      expect(await dialog.evaluate(() => document.documentElement.lang)).toBe('fr');
      await closeDialogWithEscape(page); // closed unsent: the draft is forgotten
      const drafts = async () => Object.keys(await (await extension.serviceWorker()).evaluate(() => chrome.storage.session.get(null)));
      await until(async () => !(await drafts()).some((key) => key.startsWith('draft:')), 'the draft to be forgotten');
      video.open();
      await page.close();
    } finally {
      await setLanguage(extension.browser, extension.extensionId, 'auto');
    }
  });

  test('the service worker is stopped mid-hash: on its next start hashing resumes, and the report is delivered once', async () => {
    const video = slowVideo('worker-stopped');
    const before = await reportIds(extension);
    const { page, dialog } = await reportVideo(video.url);
    await fillAndClickSend(page);
    await dialog.waitForSelector('::-p-aria([role="status"])::-p-text(It will be sent as soon as its media are hashed)');
    const { id } = await reportMadeSince(extension, before);

    await stopServiceWorker(extension.browser, extension.extensionId);
    video.open();
    await extension.serviceWorker(); // its start (or its wake-up alarm) resumes what was not hashed
    const report = await deliveredReport(id);
    expect(report.media[0]!.hashes.map((hash) => hash.algorithm)).toContain('vpdq');
    const kept = (await keptReports(await extension.serviceWorker())).find((record) => record.id === id);
    expect(kept?.status).toBe('sent');
    expectDeliveredOnce(id);
    await page.close();
  });

  test('Stop hashing: the report is sent at once, the video with the error "hashing cancelled"', async () => {
    const video = slowVideo('cancelled');
    const before = await reportIds(extension);
    const { page, dialog } = await reportVideo(video.url);
    await clickInDialog(dialog, aria('Stop hashing', 'button'));
    // Read through the accessibility tree, as a screen reader would.
    await until(async () => (await accessibleText(page)).includes('hashing cancelled'), 'the medium to say so');
    expect(await dialog.$$(aria('Stop hashing', 'button'))).toEqual([]);
    await fillAndClickSend(page);
    await dialog.waitForSelector('::-p-aria([role="status"])::-p-text(Report sent)');
    const { id } = await reportMadeSince(extension, before);
    const report = await deliveredReport(id);
    expect(report.media[0]).toMatchObject({ error: 'hashing cancelled', hashes: [] });
    video.open(); // whatever the stopped fetch still gets changes nothing
    await (await extension.serviceWorker()).evaluate(() => (globalThis as any).flagpost.queue.drain());
    expectDeliveredOnce(id);
    await page.close();
  });

  test('limits from Settings: a wrong value is explained at its field; a video over the saved limit is sent with its error', async () => {
    const options = await extension.browser.newPage();
    await options.goto(`chrome-extension://${extension.extensionId}/options.html`);
    const megabytes = await options.waitForSelector('#videoMaxMegabytes', { visible: true });
    expect(await megabytes!.evaluate((input) => (input as HTMLInputElement).value)).toBe(String(defaultVideoMegabytes));
    expect(await options.$eval('#videoMaxMinutes', (input) => (input as HTMLInputElement).value)).toBe(String(defaultVideoMinutes));
    await megabytes!.click({ count: 3 });
    await megabytes!.type('0');
    await options.click('button[type="submit"]');
    await options.waitForSelector('[data-flagpost-saved="invalid"]');
    expect(await options.$eval('#videoMaxMegabytes-error', (node) => node.textContent)).toBe('Enter a whole number of megabytes from 1 to 2000.');
    await megabytes!.click({ count: 3 });
    await megabytes!.type('1');
    await options.click('button[type="submit"]');
    await options.waitForSelector('[data-flagpost-saved="saved"]');

    try {
      const video = slowVideo('over-the-limit', LARGER_VIDEO_BYTES);
      video.open();
      const before = await reportIds(extension);
      const page = await openVideoReport(video.url);
      await fillAndClickSend(page);
      await (await dialogFrame(page)).waitForSelector('::-p-aria([role="status"])::-p-text(Report sent)');
      const report = await deliveredReport((await reportMadeSince(extension, before)).id);
      expect(report.media[0]).toMatchObject({ hashes: [], error: expect.stringContaining('1 MB') });
      await page.close();
    } finally {
      await megabytes!.click({ count: 3 });
      await megabytes!.type(String(defaultVideoMegabytes));
      await options.click('button[type="submit"]');
      await options.waitForSelector('[data-flagpost-saved="saved"]');
      await options.close();
    }
  });
});
