import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Report } from '../utils/schema/report';
import { extractPosts, launchForExtraction, summarize } from './extract-posts';
import { gradientPng, sha256 } from '../test-support/benign-images';
import { SHARED_FIXTURES } from '../test-support/dom-fixtures';
import { fixturePages, MASTODON_INSTANCE, type FixturePage } from './fixture-pages';
import { aria, chooseReportMenuItem, clickInDialog, configureEndpoint, EXTENSION_DIR, fillAndSend, waitForDialog } from './flagpost';
import { html, type LaunchedExtension } from './harness';
import { startTestEndpoint, type TestEndpoint } from './test-endpoint';

let extension: LaunchedExtension;
let endpoint: TestEndpoint;
const picture = gradientPng(64, 48, 7);
const NEWS_SITE = 'news.example';

beforeAll(async () => {
  endpoint = await startTestEndpoint();
  // A user grants their Mastodon instance at run time, and a real right-click grants activeTab;
  // a headless browser can do neither, so this copy of the extension holds both hosts up front.
  extension = await launchForExtraction(EXTENSION_DIR, [MASTODON_INSTANCE, NEWS_SITE]);
  await configureEndpoint(extension.browser, extension.extensionId, endpoint.baseUrl);
}, 60_000);

afterAll(async () => {
  await extension?.close();
  await endpoint?.close();
});

describe('the content script on every DOM fixture (what `npm run extract` prints)', () => {
  test.each(fixturePages)('$name', async (fixture) => {
    const posts = (await extractPosts(extension, fixture.url, fixture.html())).map(summarize);
    if (fixture.count) expect(posts).toHaveLength(fixture.count);
    expect(posts.length).toBeGreaterThan(0);
    expect(posts[0]).toMatchObject(fixture.first);
    for (const post of posts) {
      expect(post.url).toMatch(/^https:\/\//);
      for (const medium of post.media) expect(medium.sourceUrl).toMatch(/^https?:\/\//);
    }
  });
});

/** The first page of each platform. */
const perPlatform = fixturePages.filter((page, index) => fixturePages.findIndex((other) => other.first.platform === page.first.platform) === index);

async function addMastodonInstance(): Promise<void> {
  const options = await extension.browser.newPage();
  await options.goto(`chrome-extension://${extension.extensionId}/options.html`);
  await (await options.waitForSelector('#instance'))!.type(MASTODON_INSTANCE);
  await options.click('::-p-text(Add instance)');
  await options.waitForSelector(`[data-instance="${MASTODON_INSTANCE}"]`);
  await options.close();
}

describe('reporting on every platform, end to end', () => {
  test.each(perPlatform)('$first.platform ($name)', async (fixture: FixturePage) => {
    if (fixture.first.platform === 'mastodon') await addMastodonInstance();
    const page = fixture.html();
    // The page at its URL; every other https request (thumbnails, full-size media) a benign picture.
    extension.fixtures.setRoutes((url) =>
      url === fixture.url ? html(page) : { status: 200, headers: { 'content-type': 'image/png' }, body: picture },
    );
    const tab = await extension.browser.newPage();
    await tab.goto(fixture.url);
    const button = await tab.waitForSelector('[data-flagpost-action="report"]', { timeout: 15_000 });
    // From the keyboard: saved pages come without their stylesheets, so a pointer click may land
    // on whatever the unstyled layout puts over the button.
    await button!.focus();
    await tab.keyboard.press('Enter');
    const before = endpoint.reports.length;
    expect(await fillAndSend(tab)).toContain('Report sent');
    expect(endpoint.reports).toHaveLength(before + 1);
    const report = Report.parse(endpoint.reports.at(-1));
    expect(report.target).toMatchObject({ platform: fixture.first.platform, url: fixture.first.url, pageUrl: fixture.url });
    expect(report.target.author?.handle).toBe(fixture.first.author);
    await tab.close();
  });
});

describe('right-click anywhere', () => {
  test('an image on a site Flagpost has no adapter for: the canonical page URL, and the image hashed', async () => {
    const pageUrl = `https://${NEWS_SITE}/story?utm_source=feed`;
    const imageUrl = `https://${NEWS_SITE}/photo.png`;
    const page = `<!doctype html><html><head><link rel="canonical" href="/story"></head>
      <body><h1>Story</h1><img id="photo" src="${imageUrl}" width="64" height="48"></body></html>`;
    extension.fixtures.setRoutes((url) =>
      url === pageUrl ? html(page) : url === imageUrl ? { status: 200, headers: { 'content-type': 'image/png' }, body: picture } : undefined,
    );
    const tab = await extension.browser.newPage();
    await tab.goto(pageUrl);
    expect(await tab.$('[data-flagpost-action]')).toBeNull(); // no buttons on sites without an adapter
    await tab.click('#photo', { button: 'right' });
    await chooseReportMenuItem(extension, pageUrl, { srcUrl: imageUrl, mediaType: 'image' });
    // Off the platforms' media hosts: the dialog lists the URL and fetches it once the user agrees.
    await clickInDialog(await waitForDialog(tab), aria('Download and hash', 'button'));
    const before = endpoint.reports.length;
    expect(await fillAndSend(tab)).toContain('Report sent');
    const report = Report.parse(endpoint.reports[before]);
    expect(report.target).toMatchObject({ platform: 'other', url: `https://${NEWS_SITE}/story`, pageUrl });
    expect(report.media).toHaveLength(1);
    expect(report.media[0]).toMatchObject({ kind: 'image', sourceUrl: imageUrl });
    expect(report.media[0]!.hashes).toContainEqual({ algorithm: 'sha256', value: sha256(picture) });
    await tab.close();
  });

  test("the page itself: its og:image is listed first, then hashed once the user agrees", async () => {
    const pageUrl = `https://${NEWS_SITE}/video-story`;
    const imageUrl = `https://${NEWS_SITE}/lead.png`;
    const page = `<!doctype html><html><head><meta property="og:image" content="/lead.png"></head>
      <body><h1>Story</h1><p id="text">No picture on screen.</p></body></html>`;
    extension.fixtures.setRoutes((url) =>
      url === pageUrl ? html(page) : url === imageUrl ? { status: 200, headers: { 'content-type': 'image/png' }, body: picture } : undefined,
    );
    const tab = await extension.browser.newPage();
    await tab.goto(pageUrl);
    await tab.click('#text', { button: 'right' });
    await chooseReportMenuItem(extension, pageUrl);
    const dialog = await waitForDialog(tab);
    const list = await dialog.waitForSelector('[data-flagpost-confirm-fetch] ul');
    expect(await list!.evaluate((element) => element.textContent)).toBe(imageUrl);
    await clickInDialog(dialog, aria('Download and hash', 'button'));
    const before = endpoint.reports.length;
    expect(await fillAndSend(tab)).toContain('Report sent');
    const report = Report.parse(endpoint.reports[before]);
    expect(report.target).toMatchObject({ platform: 'other', url: pageUrl, pageUrl });
    expect(report.media).toEqual([expect.objectContaining({ kind: 'image', sourceUrl: imageUrl })]);
    expect(report.media[0]!.hashes).toContainEqual({ algorithm: 'sha256', value: sha256(picture) });
    await tab.close();
  });
});

// Each run starts its own Chromium: give it room on a loaded two-core machine.
describe('npm run extract', { timeout: 120_000 }, () => {
  const run = (...args: string[]) =>
    promisify(execFile)(path.resolve(__dirname, '../node_modules/.bin/vite-node'), ['scripts/extract.ts', '--', ...args], {
      cwd: path.resolve(__dirname, '..'),
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  test('prints one JSON line per post', async () => {
    const file = path.join(SHARED_FIXTURES, 'dom/telegram/tme_s_mchs_bryansk_2024-12-05.html');
    const { code, stdout } = await run('--url', 'https://t.me/s/mchs_bryansk', '--html', file);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.url)).toEqual([4656, 4659, 4660, 4661].map((id) => `https://t.me/mchs_bryansk/${id}`));
    expect(Object.keys(lines[0])).toEqual(['platform', 'url', 'postId', 'author', 'postedAt', 'text', 'media', 'quoted']);
  });

  test('a page with no posts prints nothing and exits 0', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'flagpost-extract-')), 'empty.html');
    await writeFile(file, '<!doctype html><title>nothing here</title><p>no posts</p>');
    expect(await run('--url', 'https://x.com/home', '--html', file)).toMatchObject({ code: 0, stdout: '' });
  });

  test('a missing file or a bad URL gets a clear error', async () => {
    expect(await run('--url', 'https://x.com/home', '--html', '/nonexistent/page.html')).toMatchObject({
      code: 2, stderr: expect.stringContaining('cannot read /nonexistent/page.html: no such file'),
    });
    expect(await run('--url', 'not a url', '--html', 'x.html')).toMatchObject({ code: 2, stderr: expect.stringContaining('not a URL') });
    expect(await run('--url', 'http://x.com/', '--html', 'x.html')).toMatchObject({ code: 2, stderr: expect.stringContaining('https://') });
  });
});
