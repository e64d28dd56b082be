/**
 * Report 1.2 end to end, in Chromium: a whole account reported from the X, Telegram, YouTube and Reddit fixtures reaches the
 * endpoint with the account as its target (avatar and banner hashed, the posts in view by reference), and the
 * out-links of an X link card and of a Telegram post reach it with the post. An endpoint that does not accept 1.2
 * never gets an account report: the user is told and the report is kept.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Report } from '../utils/schema/report';
import { axeViolations } from './a11y';
import { gradientPng } from '../test-support/benign-images';
import { fixturePages } from './fixture-pages';
import { chooseReportMenuItem, configureEndpoint, EXTENSION_DIR, fillAndSend, reportIds, reportMadeSince, waitForDialog } from './flagpost';
import { html, launchWithExtension, type LaunchedExtension } from './harness';
import { startTestEndpoint, type TestEndpoint } from './test-endpoint';

const ACCEPTS_12 = { accepts: ['flagpost.report/1', 'flagpost.report/1.1', 'flagpost.report/1.2'] };
const picture = gradientPng(64, 48, 11);

let extension: LaunchedExtension;
let endpoint: TestEndpoint;
let olderEndpoint: TestEndpoint;

const fixture = (name: string) => {
  const found = fixturePages.find((page) => page.name === name);
  if (!found) throw new Error(`no fixture page "${name}"`);
  return found;
};

beforeAll(async () => {
  endpoint = await startTestEndpoint({ info: ACCEPTS_12 });
  olderEndpoint = await startTestEndpoint();
  extension = await launchWithExtension(EXTENSION_DIR);
  await configureEndpoint(extension.browser, extension.extensionId, endpoint.baseUrl);
}, 60_000);

afterAll(async () => {
  await extension?.close();
  await endpoint?.close();
  await olderEndpoint?.close();
});

/** The fixture at its URL; every other https request (avatars, banners, media) a benign picture. */
async function open(name: string): Promise<Page> {
  const page = fixture(name);
  const markup = page.html();
  extension.fixtures.setRoutes((url) => (url === page.url ? html(markup) : { status: 200, headers: { 'content-type': 'image/png' }, body: picture }));
  const tab = await extension.browser.newPage();
  await tab.goto(page.url);
  return tab;
}

/** From the keyboard: saved pages come without their stylesheets, so a pointer may land on something else. */
async function press(tab: Page, selector: string): Promise<void> {
  const button = await tab.waitForSelector(selector, { timeout: 15_000 });
  await button!.focus();
  await tab.keyboard.press('Enter');
}

async function reportAccount(name: string): Promise<Report> {
  const tab = await open(name);
  const before = endpoint.reports.length;
  await press(tab, '[data-flagpost-action="account"]');
  expect(await fillAndSend(tab)).toContain('Report sent');
  expect(endpoint.reports).toHaveLength(before + 1);
  await tab.close();
  return Report.parse(endpoint.reports.at(-1));
}

describe('Report this account', () => {
  test('an X profile: the account is the target, its avatar and banner hashed, its posts by reference', async () => {
    const report = await reportAccount('X profile');
    expect(report.schema).toBe('flagpost.report/1.2');
    expect(report.target).toMatchObject({ kind: 'account', platform: 'x', url: 'https://x.com/lcMenci', pageUrl: 'https://x.com/lcMenci' });
    expect(report.target.account).toMatchObject({
      handle: '@lcMenci', id: '1511944029440671746', url: 'https://x.com/lcMenci', avatarRef: 'm1', bannerRef: 'm2',
    });
    expect(report.target.account?.recentPosts?.[0]).toEqual({ url: 'https://x.com/lcMenci/status/1985395058229817831', id: '1985395058229817831' });
    expect(report.media.map((medium) => medium.sourceUrl)).toEqual([
      'https://pbs.twimg.com/profile_images/1517907359565488128/PpiYHL1A.jpg',
      'https://pbs.twimg.com/profile_banners/1511944029440671746/1725545123/1500x500',
    ]);
    for (const medium of report.media) expect(medium.hashes.map((hash) => hash.algorithm)).toEqual(expect.arrayContaining(['pdq', 'md5', 'sha256']));
  });

  test('a Telegram channel (t.me/s): the channel is the target, its photo hashed, its messages by reference', async () => {
    const report = await reportAccount('Telegram channel preview');
    expect(report.target).toMatchObject({ kind: 'account', platform: 'telegram', url: 'https://t.me/mchs_bryansk' });
    expect(report.target.account).toMatchObject({ handle: '@mchs_bryansk', displayName: 'МЧС Брянской области', avatarRef: 'm1' });
    expect(report.target.account?.recentPosts).toHaveLength(4);
    expect(report.media[0]?.hashes.length).toBeGreaterThan(0);
  });

  test('a subreddit (new Reddit): r/name, its display name and id, its icon and banner hashed, its posts by reference', async () => {
    const report = await reportAccount('reddit (reddit_subreddit_handbuilt.html)');
    expect(report.target).toMatchObject({ kind: 'account', platform: 'reddit', url: 'https://www.reddit.com/r/rivers/' });
    expect(report.target.account).toMatchObject({
      handle: 'r/rivers', displayName: 'Rivers', id: 't5_3rvx9', url: 'https://www.reddit.com/r/rivers/', avatarRef: 'm1', bannerRef: 'm2',
    });
    expect(report.target.account?.recentPosts).toEqual([
      { url: 'https://www.reddit.com/r/rivers/comments/1vbq2ab/barrier_closed_again/', id: 't3_1vbq2ab' },
      { url: 'https://www.reddit.com/r/rivers/comments/1vbr7xy/the_new_gate/', id: 't3_1vbr7xy' },
    ]);
    expect(report.media.map((medium) => medium.sourceUrl)).toEqual([
      'https://styles.redditmedia.com/t5_3rvx9/styles/communityIcon_q1w2e3r4t5y6.png?width=256&s=9a8b7c6d',
      'https://styles.redditmedia.com/t5_3rvx9/styles/bannerBackgroundImage_k2m7q9x4bz1f.png?width=4000&s=5c1e90ab',
    ]);
    for (const medium of report.media) expect(medium.hashes.map((hash) => hash.algorithm)).toEqual(expect.arrayContaining(['pdq', 'md5', 'sha256']));
  });

  test("a YouTube watch page: the video's channel is the target", async () => {
    const report = await reportAccount('YouTube watch page (hand-built)');
    expect(report.target).toMatchObject({ kind: 'account', platform: 'youtube', url: 'https://www.youtube.com/@riverworks-example' });
    expect(report.target.account).toMatchObject({
      handle: '@riverworks-example', avatarRef: 'm1', recentPosts: [{ url: 'https://www.youtube.com/watch?v=Qx7bN2kLp4E', id: 'Qx7bN2kLp4E' }],
    });
  });
});

test('right-click on a profile page, outside any post, link or picture, reports the account', async () => {
  const tab = await open('X profile');
  await tab.waitForSelector('[data-flagpost-action="account"]', { timeout: 15_000 });
  const before = endpoint.reports.length;
  await chooseReportMenuItem(extension, 'https://x.com/lcMenci');
  expect(await fillAndSend(tab)).toContain('Report sent');
  expect(endpoint.reports).toHaveLength(before + 1);
  expect(Report.parse(endpoint.reports.at(-1)).target).toMatchObject({ kind: 'account', url: 'https://x.com/lcMenci' });
  await tab.close();
});

test('the dialog showing the account: axe finds nothing', async () => {
  const tab = await open('X profile');
  await press(tab, '[data-flagpost-action="account"]');
  const dialog = await waitForDialog(tab);
  const summary = await dialog.waitForSelector('[data-flagpost-subject="account"]');
  expect(await summary!.evaluate((node) => node.textContent)).toContain('@lcMenci');
  expect(await axeViolations(dialog)).toEqual([]);
  await tab.close();
});

describe('out-links', () => {
  async function reportFirstPost(name: string): Promise<Report> {
    const tab = await open(name);
    const before = endpoint.reports.length;
    await press(tab, '[data-flagpost-action="report"]');
    expect(await fillAndSend(tab)).toContain('Report sent');
    expect(endpoint.reports).toHaveLength(before + 1);
    await tab.close();
    return Report.parse(endpoint.reports.at(-1));
  }

  test("an X link card keeps its target: the t.co link, shown as the destination's domain", async () => {
    const report = await reportFirstPost('X status with link card');
    expect(report.schema).toBe('flagpost.report/1.2');
    expect(report.target.kind).toBeUndefined();
    expect(report.target.outLinks).toEqual([{ url: 'https://t.co/07aUgF8gJs', offPlatform: true, shownAs: 'forbes.com' }]);
  });

  test("a Telegram post's links, each said whether it leaves Telegram", async () => {
    const report = await reportFirstPost('Telegram channel preview');
    expect(report.target.url).toBe('https://t.me/mchs_bryansk/4656');
    expect(report.target.outLinks).toEqual(expect.arrayContaining([
      { url: 'https://t.me/mchs_bryansk', offPlatform: false, shownAs: 'МЧС Брянской области в ТГ' },
      { url: 'https://vk.com/mchs32_bryansk', offPlatform: true, shownAs: 'ГУ МЧС России по Брянской области в ВК' },
    ]));
  });
});

describe('an endpoint that does not accept 1.2', () => {
  test('gets no account report: the user is told, the report is kept to send again', async () => {
    await configureEndpoint(extension.browser, extension.extensionId, olderEndpoint.baseUrl);
    try {
      const before = await reportIds(extension);
      const tab = await open('X profile');
      await press(tab, '[data-flagpost-action="account"]');
      const result = await fillAndSend(tab);
      expect(result).toContain('does not take account reports');
      expect(olderEndpoint.reports).toHaveLength(0);
      const kept = await reportMadeSince(extension, before);
      expect(kept).toMatchObject({ status: 'failed', lastError: { key: 'deliveryNeedsVersion12' } });
      await tab.close();
    } finally {
      await configureEndpoint(extension.browser, extension.extensionId, endpoint.baseUrl);
    }
  });
});
