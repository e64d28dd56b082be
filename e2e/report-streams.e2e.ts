/**
 * A reported post's video is hashed from its own stream, not only its poster: the built extension finds
 * each platform's stream as the page shows it (X: the playlist the page's player requested; Bluesky: the
 * embed's playlist; Reddit: the player's manifest; Facebook and Instagram: the file in the page's data;
 * YouTube: the storyboard, from the page or the public watch page), fetches it at a real-looking CDN URL
 * and sends a report whose vPDQ equals the source file's (every stream is a `-c copy` remux: the same
 * frames). Where it cannot (an X stream never played, TikTok's cookie-bound CDN), the video says why. Streams: scripts/make-video-fixtures.sh;
 * storyboard: scripts/make-storyboard-fixtures.sh (both into the gitignored .fixtures/).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { STREAM_NOT_LOADED } from '../utils/background/locate-streams';
import { TIKTOK_NEEDS_COOKIES } from '../utils/platforms/tiktok';
import { decodeImage } from '../utils/hash/decode-image';
import { pdqHash } from '../utils/hash/pdq';
import { Report, type MediaEntry } from '../utils/schema/report';
import { readDomFixture, readHandBuiltFixture } from '../test-support/dom-fixtures';
import { ensureVideoFixtures, REMUXES, serveRemux, SOURCES, sourceUrl } from '../test-support/video-fixtures';
import { gradientPng } from '../test-support/benign-images';
import { configureEndpoint, EXTENSION_DIR, fillAndSend } from './flagpost';
import { html, launchWithExtension, stopServiceWorker, type LaunchedExtension, type Routes } from './harness';
import { headerOf, serveFromFolder } from '../test-support/serve-files';
import { stream, X_MEDIA, X_PLAYLIST, X_POSTER, X_STATUS, xStatusPage } from './x-status-video';
import { startTestEndpoint, type TestEndpoint } from './test-endpoint';

const REPO = path.resolve(__dirname, '..');
const STORYBOARD = path.join(REPO, '.fixtures/storyboard');
const SOURCE = 'pattern-sd-grey-bar';
const remuxOf = (format: string) => path.join(REMUXES, SOURCE, format);

const BSKY_POST = 'https://bsky.app/profile/alice.example.com/post/3mdegyw3ves2t';
const BSKY_VIDEO = 'https://video.bsky.app/watch/did%3Aplc%3Aaaaa/bafkreivideo';
const REDDIT_PAGE = 'https://www.reddit.com/r/videos/';
const REDDIT_HLS = 'https://v.redd.it/u7jjlh675oth1/HLSPlaylist.m3u8?f=hd%2CsubsAll&v=1&a=1794126759%2COGRl';
const FB_PAGE = 'https://www.facebook.com/';
const FB_FILE = 'https://video-fra5-1.xx.fbcdn.net/o1/v/t2/f2/m69/AQN1234.mp4?efg=eyJ2In0&oh=00_AYx&oe=67A00009';
const IG_REEL = 'https://www.instagram.com/reel/DAbC123xYz9/';
const IG_FILE = 'https://scontent-fra5-1.cdninstagram.com/o1/v/t16/f2/m86/AQOreel720.mp4?efg=eyJ2In0&oh=00_AYv&oe=67A00007';
const YT_ID = 'Qx7bN2kLp4E';
const YT_WATCH = `https://www.youtube.com/watch?v=${YT_ID}`;
const YT_SHEET_BASE = `https://i.ytimg.com/sb/${YT_ID}/storyboard3_L1/`;
const YT_GRID_ID = 'lJnQChnv1T4'; // the first item of the home-grid capture
const TIKTOK_VIDEO = 'https://www.tiktok.com/@illojuan/video/7571863205253778710';
const TIKTOK_FILE = 'https://v16-webapp-prime.tiktokcdn-eu.com/video/tos/no1a/tos-no1a-ve-0068c001-no/oQAbC/?a=1988&mime_type=video_mp4&qs=0';

const image = (url: string, seed: number): Routes => (requested) =>
  requested === url ? { status: 200, headers: { 'content-type': 'image/png' }, body: gradientPng(64, 36, seed) } : undefined;
const file = (url: string, bytes: () => Buffer, type = 'video/mp4'): Routes => (requested) =>
  requested === url ? { status: 200, headers: { 'content-type': type }, body: bytes() } : undefined;
const page = (url: string, body: () => string): Routes => (requested) => (requested === url ? html(body()) : undefined);

const bskyPage = () => `<!doctype html><html><body><main>
  <div role="link" data-testid="feedItem-by-alice.example.com">
    <a href="/profile/alice.example.com" dir="auto">Alice</a><a href="/profile/alice.example.com" dir="auto">@alice.example.com</a>
    <a href="/profile/alice.example.com/post/3mdegyw3ves2t">1h</a>
    <div data-testid="contentHider-post"><div dir="auto" data-word-wrap="1" data-testid="postText">a video</div></div>
    <video poster="${BSKY_VIDEO}/thumbnail.jpg" src="blob:https://bsky.app/1"></video>
    <div><div><button data-testid="replyBtn">r</button></div><div><button data-testid="likeBtn">l</button></div><div><button data-testid="postDropdownBtn">…</button></div></div>
  </div></main></body></html>`;

const redditPage = () => `<!doctype html><html><body><main>
  <shreddit-post permalink="/r/videos/comments/1wybtdf/a_video/" id="t3_1wybtdf" post-type="video" author="someone" post-title="A video"
    created-timestamp="2026-07-31T12:03:50.281000+0000">
    <div slot="credit-bar"><span>r/videos</span></div>
    <div slot="post-media-container"><shreddit-player src="${REDDIT_HLS.replaceAll('&', '&amp;')}" poster="https://external-preview.redd.it/a-video-v0-aWluMDlz.png?width=640&amp;s=7fb0"></shreddit-player></div>
  </shreddit-post></main></body></html>`;

const fbPage = () => `<!doctype html><html><body><div role="main"><div role="feed">
  <div aria-posinset="1"><h4><a href="/riverworks.example">River Works</a></h4>
    <a href="https://www.facebook.com/riverworks.example/videos/1234567890123456/">video</a>
    <video poster="https://scontent-fra5-1.xx.fbcdn.net/v/t15/poster.jpg" src="blob:https://www.facebook.com/1"></video>
    <div><div role="button"><div data-ad-rendering-role="like_button">Like</div></div><div role="button"><div data-ad-rendering-role="comment_button">Comment</div></div></div>
  </div></div></div>
  <script type="application/json" data-sjs>${JSON.stringify({ require: [[{ __bbox: { result: { data: { video: {
    __typename: 'Video', id: '1234567890123456', browser_native_hd_url: FB_FILE, playable_url: FB_FILE.replace('AQN1234', 'AQNsd') } } } } }]] })}</script>
  </body></html>`;

/** The player response YouTube puts in the watch page's own script (spec: a 3×2-tile level of 160×90, 2 s). */
function playerResponseScript(videoId: string, tiles: number): string {
  const spec = `https://i.ytimg.com/sb/${videoId}/storyboard3_L$L/$N.png?sqp=-oaymwENSDfyq4qpAwVwAcABBqLzl_8DBgj85unPBQ==|48#27#${tiles}#10#10#0#default#rs$AOn4CLD|160#90#${tiles}#3#2#2000#M$M#rs$AOn4CLA`;
  const response = { videoDetails: { videoId }, storyboards: { playerStoryboardSpecRenderer: { spec, recommendedLevel: 1 } } };
  return `<script>var ytInitialPlayerResponse = ${JSON.stringify(response).replaceAll('&', '\\u0026')};</script>`;
}

/** The hand-built watch page with its player response. */
const youtubePage = (tiles: number) =>
  readHandBuiltFixture('youtube_watch_handbuilt.html').replace('</body>', `${playerResponseScript(YT_ID, tiles)}</body>`);

/** The TikTok capture with its page data back (the capture's scripts are emptied): the item's file on the web CDN. */
const tiktokPage = () =>
  readDomFixture('tiktok/tiktok_video_page_illojuan_2025-12.html').replace(
    '<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json"></script>',
    `<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json">${JSON.stringify({ __DEFAULT_SCOPE__: { 'webapp.video-detail': {
      itemInfo: { itemStruct: { id: '7571863205253778710', video: { playAddr: TIKTOK_FILE, downloadAddr: '' } } } } } })}</script>`,
  );

let extension: LaunchedExtension;
let endpoint: TestEndpoint;
let tiles: string[];

beforeAll(async () => {
  ensureVideoFixtures();
  execFileSync('bash', [path.join(REPO, 'scripts/make-storyboard-fixtures.sh')], { stdio: 'inherit' });
  tiles = execFileSync('ls', [path.join(STORYBOARD, 'tiles')], { encoding: 'utf8' }).trim().split('\n');
  const source = () => readFileSync(path.join(SOURCES, `${SOURCE}.mp4`));
  const routes: Routes[] = [
    page(X_STATUS, () => xStatusPage(true)),
    page(`${X_STATUS}?unplayed`, () => xStatusPage(false)),
    image(X_POSTER.replace('.jpg', '?format=jpg&name=orig'), 1),
    image(X_POSTER, 1),
    stream(X_PLAYLIST, remuxOf('hls-ts'), 'index.m3u8'),
    page(BSKY_POST, bskyPage),
    image(`${BSKY_VIDEO}/thumbnail.jpg`, 2),
    stream(`${BSKY_VIDEO}/playlist.m3u8`, remuxOf('hls-fmp4'), 'index.m3u8'),
    page(REDDIT_PAGE, redditPage),
    image('https://external-preview.redd.it/a-video-v0-aWluMDlz.png?width=640&s=7fb0', 3),
    stream(REDDIT_HLS, remuxOf('hls-byterange'), 'index.m3u8'),
    page(FB_PAGE, fbPage),
    image('https://scontent-fra5-1.xx.fbcdn.net/v/t15/poster.jpg', 4),
    file(FB_FILE, source),
    page(IG_REEL, () => readHandBuiltFixture('instagram_handbuilt.html')),
    file(IG_FILE, source),
    page(YT_WATCH, () => youtubePage(tiles.length)),
    // The public watch page of a grid item, as the background fetches it (no cookies): only its player response matters.
    page(`https://www.youtube.com/watch?v=${YT_GRID_ID}`, () => `<!doctype html><html><body>${playerResponseScript(YT_GRID_ID, tiles.length)}</body></html>`),
    page('https://www.youtube.com/', () => readDomFixture('youtube/home_grid_lockup_2025-12.html')),
    (url) => {
      const sheets = [YT_ID, YT_GRID_ID].map((id) => `https://i.ytimg.com/sb/${id}/storyboard3_L1/`).find((base) => url.startsWith(base));
      return sheets ? serveFromFolder(sheets, STORYBOARD, url.split('?')[0]!) : undefined;
    },
    page(TIKTOK_VIDEO, tiktokPage),
    // TikTok's web CDN without its cookie.
    (url) => (url === TIKTOK_FILE ? { status: 403, headers: { 'content-type': 'text/plain' }, body: 'Forbidden' } : undefined),
    (url, request) => serveRemux(url, headerOf(request.headers, 'range')),
    // Pictures the pages show that nobody asserts on (avatars, YouTube stills): any benign PNG.
    (url) => (/^https:\/\/(pbs\.twimg\.com|cdn\.bsky\.app|scontent[^/]*|i\.ytimg\.com|[^/]*\.tiktokcdn-eu\.com)\//.test(url) ? { status: 200, headers: { 'content-type': 'image/png' }, body: gradientPng(32, 32, 9) } : undefined),
  ];
  endpoint = await startTestEndpoint({ token: 'volunteer-token' });
  extension = await launchWithExtension(EXTENSION_DIR, {
    routes: async (url, request) => {
      for (const route of routes) {
        const answer = await route(url, request);
        if (answer) return answer;
      }
      return undefined;
    },
  });
  await configureEndpoint(extension.browser, extension.extensionId, endpoint.baseUrl, 'volunteer-token');
}, 300_000);

afterAll(async () => {
  await extension?.close();
  await endpoint?.close();
});

/** The source file's vPDQ, as the extension hashes the file itself. */
let sourceFrames: unknown;
async function sourceVpdq(): Promise<unknown> {
  if (sourceFrames) return sourceFrames;
  const worker = await extension.serviceWorker();
  const [entry] = await worker.evaluate(
    (url) => (globalThis as any).flagpost.hashMedia([{ kind: 'video', sourceUrl: url }]) as Promise<MediaEntry[]>,
    sourceUrl(SOURCE),
  );
  sourceFrames = vpdqOf(entry!);
  return sourceFrames;
}

function vpdqOf(entry: MediaEntry) {
  const vpdq = entry.hashes.find((hash) => hash.algorithm === 'vpdq');
  if (vpdq?.algorithm !== 'vpdq') throw new Error(`${entry.sourceUrl}: ${entry.error ?? 'no vPDQ hash'}`);
  return vpdq.frames;
}

/** Opens `url`, reports the first post with a button (or the one `selector` names), returns the report sent. */
async function report(url: string, selector = '[data-flagpost-action="report"]', ready?: (tab: Page) => Promise<unknown>): Promise<Report> {
  const tab = await extension.browser.newPage();
  await tab.goto(url);
  await ready?.(tab);
  await (await tab.waitForSelector(selector, { visible: true }))!.click();
  const before = endpoint.reports.length;
  expect(await fillAndSend(tab)).toContain('Report sent');
  await tab.close();
  return Report.parse(endpoint.reports[before]);
}

const videoOf = (report: Report) => report.media.find((medium) => medium.kind === 'video')!;

describe('a reported video is hashed from its own stream', { timeout: 180_000 }, () => {
  test('X: the playlist the page\'s player loaded for the poster\'s media id; the poster still hashed', async () => {
    const sent = await report(X_STATUS, undefined, (tab) => tab.waitForFunction(() => document.documentElement.dataset.played === '1'));
    expect(sent.media.map(({ kind, sourceUrl }) => [kind, sourceUrl])).toEqual([
      ['poster', X_POSTER.replace('.jpg', '?format=jpg&name=orig')],
      ['video', X_PLAYLIST],
    ]);
    expect(sent.media[0]!.hashes.map((hash) => hash.algorithm)).toContain('pdq');
    const video = videoOf(sent);
    expect(video.error).toBeUndefined();
    expect(video.rendition?.url).toContain(`${X_MEDIA}/pl/`);
    expect(vpdqOf(video)).toEqual(await sourceVpdq());
  });

  test('X: the tab\'s playlists outlive the service worker, which the browser stops while the user watches', async () => {
    const tab = await extension.browser.newPage();
    await tab.goto(X_STATUS);
    await tab.waitForFunction(() => document.documentElement.dataset.played === '1');
    await stopServiceWorker(extension.browser, extension.extensionId);
    await (await tab.waitForSelector('[data-flagpost-action="report"]', { visible: true }))!.click();
    const before = endpoint.reports.length;
    expect(await fillAndSend(tab)).toContain('Report sent');
    await tab.close();
    const video = videoOf(Report.parse(endpoint.reports[before]));
    expect(video.sourceUrl).toBe(X_PLAYLIST);
    expect(vpdqOf(video)).toEqual(await sourceVpdq());
  });

  test('X: a video whose stream the page never loaded says so, and its poster is still hashed', async () => {
    // A new tab: its list of requests starts empty.
    const sent = await report(`${X_STATUS}?unplayed`);
    expect(sent.media[0]!.hashes.map((hash) => hash.algorithm)).toContain('pdq');
    expect(videoOf(sent)).toMatchObject({ sourceUrl: `${X_MEDIA}/`, hashes: [], error: STREAM_NOT_LOADED });
  });

  test('Bluesky: the embed\'s playlist.m3u8, beside its thumbnail', async () => {
    const video = videoOf(await report(BSKY_POST));
    expect(video.sourceUrl).toBe(`${BSKY_VIDEO}/playlist.m3u8`);
    expect(vpdqOf(video)).toEqual(await sourceVpdq());
  });

  test('Reddit: the shreddit-player\'s v.redd.it manifest, signed query kept', async () => {
    const video = videoOf(await report(REDDIT_PAGE));
    expect(video.sourceUrl).toBe(REDDIT_HLS);
    expect(vpdqOf(video)).toEqual(await sourceVpdq());
  });

  test('Facebook: the HD file the page data names for the post\'s video id', async () => {
    const video = videoOf(await report(FB_PAGE));
    expect(video.sourceUrl).toBe(FB_FILE);
    expect(vpdqOf(video)).toEqual(await sourceVpdq());
  });

  test('Instagram: the widest video_versions file for the reel\'s shortcode', async () => {
    const video = videoOf(await report(IG_REEL, 'article:has(a[href="/reel/DAbC123xYz9/"]) [data-flagpost-action="report"]'));
    expect(video.sourceUrl).toBe(IG_FILE);
    expect(vpdqOf(video)).toEqual(await sourceVpdq());
  });

  test('YouTube, from the home grid: the storyboard from the public watch page the background fetched', async () => {
    const video = videoOf(await report('https://www.youtube.com/'));
    expect(video.error).toBeUndefined();
    expect(video.sourceUrl).toMatch(new RegExp(`^https://i\\.ytimg\\.com/sb/${YT_GRID_ID}/storyboard3_L1/M0\\.png\\?`));
    const storyboard = video.hashes.find((hash) => hash.algorithm === 'storyboard_pdq');
    expect(storyboard?.algorithm === 'storyboard_pdq' && storyboard.frames.length).toBe(tiles.length);
    // The page never asks for the watch page (its links are not followed): that request is the extension's, without cookies.
    const watchPage = extension.fixtures.requests.filter((r) => r.url === `https://www.youtube.com/watch?v=${YT_GRID_ID}`);
    expect(watchPage).toHaveLength(1);
    expect(headerOf(watchPage[0]!.headers, 'cookie')).toBeUndefined();
  });

  test('TikTok: its web CDN refuses the file without the site\'s cookie: said plainly, the cover hashed', async () => {
    const sent = await report(TIKTOK_VIDEO);
    expect(sent.media.map((medium) => medium.kind)).toEqual(['poster', 'video']);
    expect(sent.media[0]!.hashes.map((hash) => hash.algorithm)).toContain('pdq');
    expect(videoOf(sent)).toMatchObject({ sourceUrl: TIKTOK_FILE, hashes: [], error: TIKTOK_NEEDS_COOKIES });
  });

  test('YouTube: a PDQ per storyboard tile, with its time, each the PDQ of that frame alone', async () => {
    const video = videoOf(await report(YT_WATCH));
    expect(video.error).toBeUndefined();
    expect(video.sourceUrl).toBe(`${YT_SHEET_BASE}M0.png?sqp=-oaymwENSDfyq4qpAwVwAcABBqLzl_8DBgj85unPBQ==&sigh=rs$AOn4CLA`);
    expect(video.rendition).toMatchObject({ width: 160, height: 90 });
    const storyboard = video.hashes.find((hash) => hash.algorithm === 'storyboard_pdq');
    if (storyboard?.algorithm !== 'storyboard_pdq') throw new Error('no storyboard_pdq');
    expect(storyboard.frames.map(({ frame, ts }) => [frame, ts])).toEqual(tiles.map((_, i) => [i, i * 2]));
    for (const [i, name] of tiles.entries()) {
      const tile = await decodeImage(new Uint8Array(readFileSync(path.join(STORYBOARD, 'tiles', name))));
      const alone = pdqHash(tile.pixels, tile.width, tile.height, tile.channels, { squash: false });
      expect(storyboard.frames[i], name).toMatchObject({ value: alone.hash, quality: alone.quality });
    }
  });
});
