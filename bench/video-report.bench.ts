/**
 * Part of `npm run bench`: from the click on Report to the dialog saying the video is hashed, for a 60-second
 * 720p HLS stream on an X status page, in Chromium with the built extension (figures, never pass/fail). The
 * issue's goal: such a stream hashed within 3 s of opening the dialog; the figure is printed against it.
 *
 * The stream (scripts/make-bench-video.sh, into the gitignored .fixtures/) is a benign sample video looped
 * to 60 s, with X's 16:9 ladder (270p, 360p, 720p) and, as a second case, its 720p rendition alone. The page
 * requests the master playlist itself, as X's player does, so the extension's sniffer finds it
 * (e2e/x-status-video.ts); segments are served at video.twimg.com URLs by the harness, over CDP.
 *
 * "Hashed" is the moment the dialog receives the background's push whose media are all settled (it then shows
 * "2 media hashed on your device", the poster and the video, which the bench checks in the accessibility tree,
 * as a screen reader would read it; polling that tree instead would take CPU from the decoder). The steps come from the
 * pipeline's User Timing measures in the service worker (utils/timing.ts), on the same clock as the
 * click (epoch milliseconds from each context's timeOrigin). The decode / hash split and the frame rates
 * come from hashing the chosen rendition's bytes again in the offscreen document's worker, once hashing one
 * frame a second (as the report does) and once hashing frame 0 only (decoding alone, near enough).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { defaultVideoLimits } from '../utils/hash/video-decode';
import type { MediaEntry } from '../utils/schema/report';
import { gradientPng } from '../test-support/benign-images';
import { accessibleText, configureEndpoint, until, waitForDialog } from '../e2e/flagpost';
import { SHIPPED_EXTENSION_DIR } from '../e2e/test-build';
import { html, launchWithExtension, type Routes } from '../e2e/harness';
import { startTestEndpoint } from '../e2e/test-endpoint';
import { stream, X_MEDIA, X_PLAYLIST, X_STATUS, xStatusPage } from '../e2e/x-status-video';
import { median } from './stats';

const REPO = path.resolve(__dirname, '..');
const FOLDER = path.join(REPO, '.fixtures/bench-video');
const RUNS = 5;
const GOAL_MS = 3000;
const CASES = [
  { label: 'X ladder (270p, 360p, 720p)', master: 'master.m3u8' },
  { label: '720p only', master: 'master-720p.m3u8' },
];
/** Each rendition's segments in one piece, as fetchVideo concatenates them: for the decode / hash split. */
const renditionBytesUrl = (rendition: string) => `${X_MEDIA}/bench/${rendition}.ts`;

execFileSync('bash', [path.join(REPO, 'scripts/make-bench-video.sh')], { stdio: 'inherit' });

function renditionBytes(rendition: string): Buffer {
  const dir = path.join(FOLDER, rendition);
  return Buffer.concat(readdirSync(dir).filter((name) => name.endsWith('.ts')).sort().map((name) => readFileSync(path.join(dir, name))));
}

let master = CASES[0]!.master;
/** Bytes served under the stream's folder while a run counts (playlists and segments the extension fetched). */
let counted: number | undefined;
const streamRoutes = (): Routes => stream(X_PLAYLIST, FOLDER, master);
const routes: Routes = async (url, request) => {
  if (url === X_STATUS) return html(xStatusPage(true));
  if (url.startsWith(`${X_MEDIA}/bench/`)) {
    const body = renditionBytes(url.slice(`${X_MEDIA}/bench/`.length, -'.ts'.length));
    return { status: 200, headers: { 'content-type': 'video/mp2t', 'access-control-allow-origin': '*' }, body };
  }
  const served = await streamRoutes()(url, request);
  if (served) {
    if (counted !== undefined) counted += served.body?.length ?? 0;
    return served;
  }
  // The poster and the page's other pictures (avatars): any benign PNG.
  if (url.startsWith('https://pbs.twimg.com/')) return { status: 200, headers: { 'content-type': 'image/png' }, body: gradientPng(64, 36, 1) };
  return undefined;
};

const endpoint = await startTestEndpoint({ token: 'bench-token' });
const extension = await launchWithExtension(SHIPPED_EXTENSION_DIR, { routes });

interface Measure {
  name: string;
  start: number;
  end: number;
}

interface Run {
  dialogMs: number;
  hashedMs: number;
  prepareStartMs: number;
  videoFetchMs: number;
  handoffMs: number;
  offscreenMs: number;
  pushMs: number;
  bytes: number;
  frames: number;
  rendition: NonNullable<MediaEntry['rendition']>;
}

/** Epoch ms of the click, as the page dispatched it (a listener added before the content script's). */
async function clickAndTime(page: Page, selector: string): Promise<number> {
  const button = await page.waitForSelector(selector, { visible: true });
  await page.evaluate(() => {
    addEventListener('click', () => ((globalThis as any).clickedAt = performance.timeOrigin + performance.now()), { capture: true, once: true });
  });
  await button!.click();
  return page.evaluate(() => (globalThis as any).clickedAt as number);
}

async function run(): Promise<Run> {
  const worker = await extension.serviceWorker();
  await worker.evaluate(() => {
    performance.clearMeasures();
    // Wraps the API the background pushes with (wxt's `browser` is `chrome` here), once per worker life.
    const api = chrome.tabs as any;
    api.benchSend ??= api.sendMessage.bind(api);
    let settled = (_at: number) => {};
    (globalThis as any).benchSettledPush = new Promise<number>((resolve) => (settled = resolve));
    api.sendMessage = async (...args: any[]) => {
      const answer = await api.benchSend(...args);
      const media = args[1]?.type === 'report.progress' ? (args[1].payload.media as MediaEntry[] | undefined) : undefined;
      if (media?.every((entry) => entry.hashes.length > 0 || entry.error !== undefined)) settled(performance.timeOrigin + performance.now());
      return answer;
    };
  });
  const page = await extension.browser.newPage();
  await page.goto(X_STATUS);
  await page.waitForFunction(() => document.documentElement.dataset.played === '1');
  counted = 0;
  const clicked = await clickAndTime(page, '[data-flagpost-action="report"]');
  await waitForDialog(page);
  const dialogShown = Date.now();
  // The moment the dialog has it: the background's push whose media are all settled, answered by the dialog.
  // (Polling the page's accessibility tree instead costs ~40 ms of CPU a read, which the decoder needs on two cores.)
  const hashed = await (await extension.serviceWorker()).evaluate(() => (globalThis as any).benchSettledPush as Promise<number>);
  let text = '';
  await until(async () => (text = await accessibleText(page)).includes('media hashed on your device'), 'the dialog to say the media are hashed');
  const bytes = counted;
  counted = undefined;

  const { measures, media } = (await (await extension.serviceWorker()).evaluate(async () => {
    const drafts = Object.entries(await chrome.storage.session.get(null)).filter(([key]) => key.startsWith('draft:'));
    return {
      measures: performance.getEntriesByType('measure').map(({ name, startTime, duration }) => ({
        name: name.replace('flagpost:', ''), start: performance.timeOrigin + startTime, end: performance.timeOrigin + startTime + duration,
      })),
      media: (drafts.map(([, draft]) => draft as { createdAt: string; media: MediaEntry[] }).sort((a, b) => a.createdAt.localeCompare(b.createdAt)).at(-1))?.media ?? [],
    };
  })) as { measures: Measure[]; media: MediaEntry[] };
  await page.close();

  const video = media.find((entry) => entry.kind === 'video');
  const vpdq = video?.hashes.find((hash) => hash.algorithm === 'vpdq');
  if (!video?.rendition || vpdq?.algorithm !== 'vpdq' || !text.includes('2 media hashed')) {
    throw new Error(`the video was not hashed: ${video?.error ?? JSON.stringify(video)}`);
  }
  const only = (name: string) => measures.filter((m) => m.name === name);
  const longest = (name: string) => only(name).reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
  const prepare = longest('prepare');
  const span = (m: Measure) => m.end - m.start;
  return {
    dialogMs: dialogShown - clicked,
    hashedMs: hashed - clicked,
    prepareStartMs: prepare.start - clicked,
    videoFetchMs: span(longest('fetch')), // the poster's is the other, shorter one
    handoffMs: span(longest('video-handoff')),
    offscreenMs: span(longest('video-hash')),
    pushMs: hashed - prepare.end,
    bytes,
    frames: vpdq.frames.length,
    rendition: video.rendition,
  };
}

interface Split {
  frameCount: number;
  hashedFrames: number;
  fullMs: number;
  decodeMs: number;
}

/** The chosen rendition's bytes hashed again in the offscreen document's worker: all frames a second, then frame 0 only. */
async function decodeHashSplit(rendition: string): Promise<Split> {
  const page = await extension.browser.newPage();
  await page.goto(`chrome-extension://${extension.extensionId}/offscreen.html`);
  await page.waitForFunction(() => 'flagpostVideo' in globalThis);
  const once = (secondsPerHash: number) =>
    page.evaluate(async (url, secondsPerHash, limits) => {
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      const start = performance.now();
      const result = await (globalThis as any).flagpostVideo.hash(bytes, { secondsPerHash, limits });
      return { ms: performance.now() - start, frames: result.frames.length as number, durationS: result.durationS as number };
    }, renditionBytesUrl(rendition), secondsPerHash, defaultVideoLimits);
  const full: number[] = [];
  const decode: number[] = [];
  let hashedFrames = 0;
  for (let i = 0; i < 3; i++) {
    const all = await once(1);
    hashedFrames = all.frames;
    full.push(all.ms);
    decode.push((await once(24 * 3600)).ms);
  }
  await page.close();
  const frameCount = Number(/\d+/.exec(
    execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-count_packets', '-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', '-i', 'pipe:0'], {
      input: renditionBytes(rendition), encoding: 'utf8',
    }),
  )?.[0]);
  return { frameCount, hashedFrames, fullMs: median(full), decodeMs: median(decode) };
}

const chromium = await extension.browser.version();
const results: Array<{ label: string; runs: Run[]; split: Split }> = [];
try {
  await configureEndpoint(extension.browser, extension.extensionId, endpoint.baseUrl, 'bench-token');
  for (const { label, master: entry } of CASES) {
    master = entry;
    await run(); // warm-up: the first compile of the dialog and hashing code, the first offscreen document
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await run());
    const chosen = runs[0]!.rendition.url.split('/pl/')[1]!.split('/')[0]!;
    results.push({ label, runs, split: await decodeHashSplit(chosen) });
  }
} finally {
  await extension.close();
  await endpoint.close();
}

const figure = (values: number[]) => `${median(values).toFixed(0)} | ${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
console.log(`Flagpost video report figures — ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${chromium}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`A 60-second 720p HLS stream (doorknob-hd-no-bar looped, 1800 frames at 30 fps, 2 s segments) on an X status page; median of ${RUNS} reports after one warm-up; other work may be running on this machine.\n`);
for (const { label, runs, split } of results) {
  const { rendition } = runs[0]!;
  const pick = (key: keyof Omit<Run, 'rendition'>) => runs.map((r) => r[key]);
  const hashed = median(pick('hashedMs'));
  console.log(`### ${label}: the extension hashed ${rendition.width}×${rendition.height}${rendition.bitrate ? ` at ${Math.round(rendition.bitrate / 1000)} kbit/s` : ''}`);
  console.log(`${median(pick('frames'))} frames hashed (one a second), ${(median(pick('bytes')) / 1e6).toFixed(2)} MB fetched (playlists and segments).\n`);
  console.log('| step | median ms | range ms |\n|---|---|---|');
  console.log(`| click → dialog shown | ${figure(pick('dialogMs'))} |`);
  console.log(`| click → hashing starts (dialog script, locate, draft) | ${figure(pick('prepareStartMs'))} |`);
  console.log(`| video fetch (master, playlist, 30 segments, 4 at a time) | ${figure(pick('videoFetchMs'))} |`);
  console.log(`| hand-off (bytes into Cache Storage, offscreen document) | ${figure(pick('handoffMs'))} |`);
  console.log(`| offscreen: read, demux, decode, vPDQ | ${figure(pick('offscreenMs'))} |`);
  console.log(`| hashed → the dialog has it (the push of the settled media) | ${figure(pick('pushMs'))} |`);
  console.log(`| **click → dialog shows the video hashed** | **${figure(pick('hashedMs'))}** |`);
  console.log(`\nAgainst the goal (3 s): ${(hashed / GOAL_MS).toFixed(2)}× the goal (${(hashed / 1000).toFixed(2)} s of ${GOAL_MS / 1000} s).`);
  const hashMs = split.fullMs - split.decodeMs;
  console.log(
    `Worker alone on these bytes (median of 3): demux + decode ${split.decodeMs.toFixed(0)} ms = ${(split.frameCount / (split.decodeMs / 1000)).toFixed(0)} frames/s of the stream's ${split.frameCount} ` +
      `(frames nothing refers to and not hashed are skipped); vPDQ of ${split.hashedFrames} frames ${hashMs.toFixed(0)} ms = ` +
      `${((split.hashedFrames - 1) / (hashMs / 1000)).toFixed(0)} hashed frames/s; all together ${split.fullMs.toFixed(0)} ms.\n`,
  );
}
