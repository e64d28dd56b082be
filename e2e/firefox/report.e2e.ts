/**
 * The Firefox build (dist/firefox-mv2, `npx wxt build -b firefox`) in Debian's Firefox ESR, end to end over
 * WebDriver BiDi with trusted input: an X post reported with its hashes checked at the endpoint, an endpoint
 * that is down and then delivered to exactly once, the popup as a page, and a video hashed from its stream.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Report } from '../../utils/schema/report';
import { X_PROFILE_FIRST_POST, X_PROFILE_MEDIA, X_PROFILE_URL, xProfileRoutes } from '../flagpost';
import { combineRoutes } from '../harness';
import { startTestEndpoint, type TestEndpoint } from '../test-endpoint';
import { configureEndpoint, fillAndSend, openFirstPostReport, openPopup } from './flagpost';
import { launchFirefox, type FirefoxSession } from './launch';

let firefox: FirefoxSession;
let endpoint: TestEndpoint;
const x = xProfileRoutes();

beforeAll(async () => {
  endpoint = await startTestEndpoint({ token: 'volunteer-token' });
  firefox = await launchFirefox({ routes: combineRoutes(x.routes) });
  await configureEndpoint(firefox, endpoint.baseUrl, 'volunteer-token');
}, 90_000);

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
});
