/**
 * `npm run bench:report`: how long a report of a post with 4 JPEGs of 1–2 MP takes, in Chromium with
 * the built extension, delivered to the test endpoint on loopback (figures, never pass/fail).
 *
 * The JPEGs are made at run time in Chromium (gradients with a little noise, benign) and served at
 * the post's pbs.twimg.com URLs by the harness. The dialog hashes the media as soon as it opens; Send
 * is enabled at once, but the bench clicks it once the dialog says the media are hashed, so the pipeline
 * runs in two parts: Report → media hashed (fetch, decode, hash) and Send → the endpoint's receipt (build,
 * deliver). The steps come from the
 * pipeline's own User Timing measures (utils/timing.ts), read in the service worker.
 */
import os from 'node:os';
import type { Page } from 'puppeteer-core';
import { readDomFixture } from '../test-support/dom-fixtures';
import {
  accessibleText, aria, clickInDialog, configureEndpoint, giveRepeatReasonIfAsked, openDialogTimed, tick, until, X_PROFILE_MEDIA, X_PROFILE_URL,
} from '../e2e/flagpost';
import { SHIPPED_EXTENSION_DIR } from '../e2e/test-build';
import { html, launchWithExtension } from '../e2e/harness';
import { startTestEndpoint } from '../e2e/test-endpoint';
import { median } from './stats';

const SIZES: Array<[number, number]> = [[1600, 1000], [1200, 900], [1600, 1200], [1400, 1000]];
const RUNS = 5;

const jpegs = new Map<string, Buffer>();
const endpoint = await startTestEndpoint({ token: 'bench-token' });
const extension = await launchWithExtension(SHIPPED_EXTENSION_DIR, {
  routes: (url) => {
    if (url === X_PROFILE_URL) return html(readDomFixture('x/x_profile_timeline_lcMenci_2025-11-03.html'));
    const jpeg = jpegs.get(url);
    return jpeg && { status: 200, headers: { 'content-type': 'image/jpeg', 'content-length': String(jpeg.length) }, body: jpeg };
  },
});

/** A benign photo-like JPEG: a diagonal gradient, a few discs and ±12 levels of noise. */
async function makeJpeg(page: Page, width: number, height: number, seed: number): Promise<Buffer> {
  const base64 = await page.evaluate(
    async (w, h, s) => {
      const canvas = new OffscreenCanvas(w, h);
      const context = canvas.getContext('2d')!;
      const gradient = context.createLinearGradient(0, 0, w, h);
      gradient.addColorStop(0, `hsl(${(s * 77) % 360} 60% 40%)`);
      gradient.addColorStop(1, `hsl(${(s * 77 + 140) % 360} 70% 70%)`);
      context.fillStyle = gradient;
      context.fillRect(0, 0, w, h);
      let state = s * 2654435761;
      const random = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32);
      for (let i = 0; i < 12; i++) {
        context.fillStyle = `hsl(${random() * 360} 50% 50% / 0.6)`;
        context.beginPath();
        context.arc(random() * w, random() * h, 40 + random() * 200, 0, Math.PI * 2);
        context.fill();
      }
      const image = context.getImageData(0, 0, w, h);
      for (let i = 0; i < image.data.length; i++) if (i % 4 !== 3) image.data[i]! += (random() - 0.5) * 24;
      context.putImageData(image, 0, 0);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    },
    width,
    height,
    seed,
  );
  return Buffer.from(base64, 'base64');
}

interface Measure {
  name: string;
  startTime: number;
  duration: number;
}

interface Run {
  prepareMs: number;
  fetchMs: number;
  fetchWallMs: number;
  decodeMs: number;
  hashMs: number;
  buildMs: number;
  deliverMs: number;
  sendToReceiptMs: number;
  reportToSendMs: number;
  /** Report clicked → the dialog on screen in its frame (the bound: 300 ms). */
  openMs: number;
}

async function report(): Promise<Run> {
  const worker = await extension.serviceWorker();
  await worker.evaluate(() => performance.clearMeasures());
  const page = await extension.browser.newPage();
  await page.goto(X_PROFILE_URL);
  const button = 'article[data-testid="tweet"] [data-flagpost-action="report"]';
  await page.waitForSelector(button, { visible: true });
  const clicked = Date.now();
  // The dialog is in the report frame (an extension page): the form is filled in there, as fillAndClickSend does.
  const { frame, openMs } = await openDialogTimed(page, button);
  await tick(frame, 'Incites terrorism, for example by glorifying an attack');
  if (!(await frame.$('[data-flagpost-good-faith="remembered"]'))) {
    await tick(frame, 'I believe in good faith that the information in this report is accurate and complete.');
  }
  // The same post each run: the duplicate guard asks why it is reported again.
  await giveRepeatReasonIfAsked(frame);
  await until(async () => (await accessibleText(page)).includes(`${SIZES.length} media hashed`), 'the media to be hashed', 60_000);
  const before = endpoint.records.length;
  const sent = Date.now();
  await clickInDialog(frame, `${aria('Send report', 'button')}:not([disabled])`);
  while (endpoint.records.length === before) await new Promise((resolve) => setTimeout(resolve, 5));
  const receipt = Date.parse(endpoint.records.at(-1)!.receivedAt);
  await frame.waitForSelector('::-p-aria([role="status"])::-p-text(Report)', { timeout: 20_000 });
  await page.close();

  const measures = (await (await extension.serviceWorker()).evaluate(() =>
    performance.getEntriesByType('measure').map(({ name, startTime, duration }) => ({ name, startTime, duration })),
  )) as Measure[];
  const named = (...names: string[]) => measures.filter((m) => names.some((name) => m.name === `flagpost:${name}`));
  const sum = (...names: string[]) => named(...names).reduce((total, m) => total + m.duration, 0);
  const fetches = named('fetch');
  return {
    prepareMs: sum('prepare'),
    fetchMs: sum('fetch'),
    fetchWallMs: Math.max(...fetches.map((m) => m.startTime + m.duration)) - Math.min(...fetches.map((m) => m.startTime)),
    decodeMs: sum('decode'),
    hashMs: sum('sha256', 'md5', 'pdq'),
    buildMs: sum('build'),
    deliverMs: sum('deliver'),
    sendToReceiptMs: receipt - sent,
    reportToSendMs: sent - clicked,
    openMs,
  };
}

const chromium = await extension.browser.version();
const runs: Run[] = [];
const images: string[] = [];
let firstOpenMs = 0;
try {
  await configureEndpoint(extension.browser, extension.extensionId, endpoint.baseUrl, 'bench-token');
  const canvasPage = await extension.browser.newPage();
  for (const [index, [width, height]] of SIZES.entries()) {
    const jpeg = await makeJpeg(canvasPage, width, height, index + 1);
    jpegs.set(X_PROFILE_MEDIA[index]!, jpeg);
    images.push(`${width}×${height} (${((width * height) / 1e6).toFixed(2)} MP, ${Math.round(jpeg.length / 1024)} KB)`);
  }
  await canvasPage.close();
  // Warm-up: first compile of the hashing code, first connection to the endpoint, and the report frame's first load.
  firstOpenMs = (await report()).openMs;
  for (let i = 0; i < RUNS; i++) runs.push(await report());
} finally {
  await extension.close();
  await endpoint.close();
}

const row = (label: string, pick: (run: Run) => number, note = '') =>
  `| ${label} | ${median(runs.map(pick)).toFixed(0)} | ${Math.min(...runs.map(pick)).toFixed(0)}–${Math.max(...runs.map(pick)).toFixed(0)} | ${note} |`;
console.log(`Flagpost report figures — ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${chromium}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`A post with 4 JPEGs: ${images.join(', ')}; median of ${RUNS} reports after one warm-up.\n`);
console.log('| step | median ms | range ms | |\n|---|---|---|---|');
console.log(row('fetch (4 media, 2 at a time; sum)', (run) => run.fetchMs));
console.log(row('fetch (wall)', (run) => run.fetchWallMs));
console.log(row('decode (sum)', (run) => run.decodeMs, 'one at a time'));
console.log(row('hash: SHA-256 + MD5 + PDQ (sum)', (run) => run.hashMs));
console.log(row('**prepare: fetch, decode, hash (wall)**', (run) => run.prepareMs, 'while the dialog is open; Send does not wait for it'));
console.log(row('build (build, validate)', (run) => run.buildMs));
console.log(row('deliver (POST until the answer)', (run) => run.deliverMs));
console.log(row('**Send → endpoint receipt**', (run) => run.sendToReceiptMs, 'the endpoint\'s own clock'));
console.log(row('**prepare + Send → receipt**', (run) => run.prepareMs + run.sendToReceiptMs, 'the whole pipeline, without the person'));
console.log(row('Report clicked → media hashed (bench clicks Send then)', (run) => run.reportToSendMs, 'includes loading the dialog'));
console.log(row('**Report clicked → dialog on screen**', (run) => run.openMs, `the click's timestamp to the frame's first paint; the first in this browser (the warm-up): ${firstOpenMs.toFixed(0)} ms`));
