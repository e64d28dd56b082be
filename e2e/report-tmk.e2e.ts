/**
 * TMK in a report, end to end in Chromium: a video reported from the X profile (context menu → dialog → Send)
 * to an endpoint whose `GET /v1` lists "tmk" in `hashes` carries a `tmk` hash, the whole .tmk, that scores
 * against the reference's file as `npm run hash -- --tmk` does (e2e/hash-tmk.e2e.ts). Reported to an endpoint
 * that does not list it, the report has no `tmk` and the decoder was never asked for one: the service worker's
 * 'video.hash' messages to the offscreen document are watched, and their `tmk` flag is the whole TMK pass.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mediaHashAlgorithms, Report } from '../utils/schema/report';
import { chooseReportMenuItem, configureEndpoint, EXTENSION_DIR, fillAndClickSend, reportIds, reportMadeSince, until, X_PROFILE_URL, xProfileRoutes } from './flagpost';
import { combineRoutes, launchWithExtension, type LaunchedExtension, type Routes } from './harness';
import { startTestEndpoint, type TestEndpoint } from './test-endpoint';
import { againstReference, MIN_TMK_SCORE, tmkFromBase64 } from './tmk-reference';

const NAME = 'chair-19-sd-bar';
const VIDEO_URL = `https://video.twimg.com/tweet_video/${NAME}.mp4`;
const VIDEO = readFileSync(path.resolve(__dirname, '../../shared/fixtures/vpdq/videos', `${NAME}.mp4`));
const videoRoute: Routes = (url) => (url === VIDEO_URL ? { headers: { 'content-type': 'video/mp4' }, body: VIDEO } : undefined);

let extension: LaunchedExtension;
let takesTmk: TestEndpoint;
let reportOnly: TestEndpoint;

beforeAll(async () => {
  takesTmk = await startTestEndpoint({ info: { accepts: ['flagpost.report/1', 'flagpost.report/1.1'], hashes: [...mediaHashAlgorithms] } });
  reportOnly = await startTestEndpoint({ info: { accepts: ['flagpost.report/1', 'flagpost.report/1.1'], hashes: ['md5', 'sha256', 'pdq', 'vpdq'] } });
  extension = await launchWithExtension(EXTENSION_DIR, { routes: combineRoutes(xProfileRoutes().routes, videoRoute) });
  // Every 'video.hash' the service worker sends to the offscreen document, with its options.
  await (await extension.serviceWorker()).evaluate(() => {
    const scope = globalThis as unknown as { videoHashRequests: unknown[] };
    scope.videoHashRequests = [];
    const send = chrome.runtime.sendMessage.bind(chrome.runtime) as (...args: unknown[]) => Promise<unknown>;
    (chrome.runtime as unknown as { sendMessage: unknown }).sendMessage = (...args: unknown[]) => {
      const message = args[0] as { type?: string; payload?: unknown };
      if (message?.type === 'video.hash') scope.videoHashRequests.push(message.payload);
      return send(...args);
    };
  });
}, 90_000);

afterAll(async () => {
  await extension?.close();
  await Promise.all([takesTmk?.close(), reportOnly?.close()]);
});

/** Reports the sample video from the X profile's context menu to `endpoint`; the report it stored, and what the decoder was asked. */
async function reportVideoTo(endpoint: TestEndpoint): Promise<{ report: Report; tmkAsked: unknown[] }> {
  await configureEndpoint(extension.browser, extension.extensionId, endpoint.baseUrl);
  const worker = await extension.serviceWorker();
  await worker.evaluate(() => ((globalThis as unknown as { videoHashRequests: unknown[] }).videoHashRequests = []));
  const before = await reportIds(extension);
  const page = await extension.browser.newPage();
  let id = '';
  try {
    await page.goto(X_PROFILE_URL);
    await page.waitForSelector('[data-flagpost-action="report"]', { visible: true });
    await chooseReportMenuItem(extension, X_PROFILE_URL, { srcUrl: VIDEO_URL, mediaType: 'video' });
    await fillAndClickSend(page);
    // Send stores the report at once, or after a short wait for the hashing (drafts.ts SUBMIT_WAIT_MS).
    const made = () => reportMadeSince(extension, before).then((record) => record.id, () => '');
    await until(async () => Boolean((id = await made())), 'the report to be stored', 30_000);
    await until(() => endpoint.reports.some((report) => (report as { id?: string }).id === id), 'the report to be delivered', 120_000);
  } finally {
    await page.close();
  }
  const tmkAsked = await worker.evaluate(() =>
    (globalThis as unknown as { videoHashRequests: Array<{ tmk?: boolean }> }).videoHashRequests.map((request) => request.tmk ?? false));
  return { report: Report.parse(endpoint.reports.find((report) => (report as { id?: string }).id === id)), tmkAsked };
}

describe('TMK in a report', () => {
  test('an endpoint that lists "tmk": the video carries it, and it scores against the reference', { timeout: 180_000 }, async () => {
    const { report, tmkAsked } = await reportVideoTo(takesTmk);
    expect(tmkAsked).toEqual([true]);
    expect(report.schema).toBe('flagpost.report/1.1');
    const video = report.media.find((medium) => medium.sourceUrl === VIDEO_URL)!;
    expect(video.error).toBeUndefined();
    expect(video.hashes.map((hash) => hash.algorithm).sort()).toEqual(['md5', 'sha256', 'tmk', 'vpdq']);
    const tmk = video.hashes.find((hash) => hash.algorithm === 'tmk');
    if (tmk?.algorithm !== 'tmk') throw new Error('no tmk');
    const scores = againstReference(tmkFromBase64(tmk.value), NAME);
    console.table({ [NAME]: { ...scores, base64Chars: tmk.value.length } });
    expect(scores.frames).toBe(scores.referenceFrames);
    expect(scores.level1).toBeGreaterThanOrEqual(MIN_TMK_SCORE);
    expect(scores.cosSin).toBeGreaterThanOrEqual(MIN_TMK_SCORE);
    // Asked GET /v1 before hashing and again before sending the report that carries a TMK.
    expect(takesTmk.requests.filter((request) => request.method === 'GET' && request.path === '/v1').length).toBeGreaterThanOrEqual(2);
  });

  test('an endpoint that does not list it: no tmk in the report, and no TMK work', { timeout: 180_000 }, async () => {
    const { report, tmkAsked } = await reportVideoTo(reportOnly);
    expect(tmkAsked).toEqual([false]);
    const video = report.media.find((medium) => medium.sourceUrl === VIDEO_URL)!;
    expect(video.error).toBeUndefined();
    expect(video.hashes.map((hash) => hash.algorithm).sort()).toEqual(['md5', 'sha256', 'vpdq']);
    expect(report.schema).toBe('flagpost.report/1');
  });
});
