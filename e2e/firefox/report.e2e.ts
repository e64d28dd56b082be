/**
 * The Firefox build (dist/firefox-mv2, `npx wxt build -b firefox`) in Debian's Firefox ESR, end to end over
 * WebDriver BiDi with trusted input: an X post reported with its hashes checked at the endpoint, an endpoint
 * that is down and then delivered to exactly once, the popup as a page, and a video hashed from its stream.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Report, type MediaEntry } from '../../utils/schema/report';
import { ensureVideoFixtures, REMUXES } from '../../test-support/video-fixtures';
import { gradientPng } from '../../test-support/benign-images';
import { X_PROFILE_FIRST_POST, X_PROFILE_MEDIA, X_PROFILE_URL, xProfileRoutes } from '../flagpost';
import { combineRoutes, html, type Routes } from '../harness';
import { startTestEndpoint, type TestEndpoint } from '../test-endpoint';
import { compareWithReference, readReferenceVpdq } from '../vpdq-reference';
import { stream, X_PLAYLIST, X_POSTER, X_STATUS, xStatusPage } from '../x-status-video';
import { configureEndpoint, fillAndSend, formText, openFirstPostReport, openPopup } from './flagpost';
import { launchFirefox, type FirefoxSession } from './launch';

let firefox: FirefoxSession;
let endpoint: TestEndpoint;
const x = xProfileRoutes();
/** A short sample video, as X would stream it (an HLS remux of the source: the same frames). */
const VIDEO = 'pattern-sd-grey-bar';
const xStatusRoutes: Routes = combineRoutes(
  (url) => (url === X_STATUS ? html(xStatusPage(true)) : undefined),
  (url) => (url.startsWith(X_POSTER.split('.jpg')[0]!) ? { headers: { 'content-type': 'image/png' }, body: gradientPng(64, 36, 1) } : undefined),
  stream(X_PLAYLIST, path.join(REMUXES, VIDEO, 'hls-ts'), 'index.m3u8'),
);

beforeAll(async () => {
  ensureVideoFixtures();
  endpoint = await startTestEndpoint({ token: 'volunteer-token' });
  firefox = await launchFirefox({ routes: combineRoutes(x.routes, xStatusRoutes) });
  await configureEndpoint(firefox, endpoint.baseUrl, 'volunteer-token');
}, 300_000);

afterAll(async () => {
  await firefox?.close();
  await endpoint?.close();
});

const posts = () => endpoint.requests.filter((r) => r.method === 'POST' && r.path === '/v1/reports');

describe('Flagpost in Firefox', () => {
  test('an X post: one valid report with the post and the SHA-256 of the bytes served', async () => {
    const { tab, form } = await openFirstPostReport(firefox, X_PROFILE_URL);
    expect(await fillAndSend(form)).toBe('sent');
    const report = Report.parse(endpoint.reports.at(-1));
    expect(report.target).toMatchObject({ url: X_PROFILE_FIRST_POST, pageUrl: X_PROFILE_URL, platform: 'x', author: { handle: '@lcMenci' } });
    expect(report.classification.tco).toEqual(['incitement']);
    expect(report.media.map((medium) => medium.sourceUrl)).toEqual(X_PROFILE_MEDIA);
    for (const medium of report.media) {
      expect(medium.error).toBeUndefined();
      expect(medium.hashes).toContainEqual({ algorithm: 'sha256', value: x.sha256Of(medium.sourceUrl) });
      expect(medium.hashes.map((hash) => hash.algorithm)).toContain('pdq');
    }
    expect(posts().at(-1)?.headers.authorization).toBe('Bearer volunteer-token');
    await tab.close();
  });

  test('the popup as a page: every report, with what the endpoint says of it', async () => {
    // The popup's first opening: it asks the endpoint about every report not checked in the last minute.
    const first = endpoint.records[0]!;
    endpoint.setReportStatus(first.id, 'under_review', 'Sent to the platform');
    const popup = await openPopup(firefox);
    await popup.element(`li.report[data-report-id="${first.id}"] [data-endpoint-status="under_review"]`);
    const rows = await popup.run(() =>
      [...document.querySelectorAll('li.report')].map((row) => [row.querySelector('a')?.getAttribute('href'), row.getAttribute('data-status')]),
    );
    expect(rows).toEqual(endpoint.records.map(() => [X_PROFILE_FIRST_POST, 'sent']));
    await popup.close();
  });

  test('the endpoint is down: the report waits, then Retry delivers it exactly once', async () => {
    const before = { records: endpoint.records.length, posts: posts().length };
    await endpoint.setMode('down');
    try {
      const { tab, form } = await openFirstPostReport(firefox, X_PROFILE_URL);
      expect(await fillAndSend(form)).toBe('queued');
      await tab.close();
    } finally {
      await endpoint.setMode('ok');
    }

    const popup = await openPopup(firefox);
    await popup.click(await popup.element('li.report[data-status="queued"] button[data-action="retry"]'));
    await popup.waitFor('the report to be sent', () => document.querySelector('li.report:first-child')?.getAttribute('data-status') === 'sent');
    expect(endpoint.records).toHaveLength(before.records + 1);
    expect(posts()).toHaveLength(before.posts + 1);
    expect((endpoint.records.at(-1)!.body as Report).target.url).toBe(X_PROFILE_FIRST_POST);
    await popup.close();
  });

  test('a video: hashed from the stream the page\'s player loaded, vPDQ within the reference\'s tolerance', { timeout: 120_000 }, async () => {
    const { tab, form } = await openFirstPostReport(firefox, X_STATUS);
    await tab.waitFor('the player to load its playlist', () => document.documentElement.dataset.played === '1');
    const result = await fillAndSend(form);
    expect(result, await formText(form)).toBe('sent');
    await tab.close();
    const report = Report.parse(endpoint.reports.at(-1));
    const video = report.media.find((medium): medium is MediaEntry => medium.kind === 'video')!;
    expect(video).toMatchObject({ sourceUrl: X_PLAYLIST });
    expect(video.error).toBeUndefined();
    const vpdq = video.hashes.find((hash) => hash.algorithm === 'vpdq');
    if (vpdq?.algorithm !== 'vpdq') throw new Error('no vPDQ hash');
    console.table(compareWithReference(vpdq.frames, readReferenceVpdq(`local-ffmpeg5.1-r1/${VIDEO}.txt`)));
  });
});
