/**
 * Where a fresh video worker's CPU goes, first job against later ones: `npx vite-node bench/tmk-worker-warmup.ts
 * [extension dir]` (default: the test build). Figures, never pass/fail.
 *
 * In the built extension's offscreen page (opened as a tab), the worker the offscreen document would spawn
 * (its bundle, found in the build's assets/) is created here and paused at its start (CDP auto-attach, waiting
 * for the debugger) so the CPU profiler (V8's sampling Profiler domain, on the worker's own session) runs from
 * before its first line. That one worker then gets the same TMK job (TMK alone, `vpdq: false`, as
 * `npm run hash -- --tmk` runs it) JOBS times in a row, one profile per job: job 1 is what every video pays in the product (a fresh worker per video,
 * utils/hash/video-offscreen.ts); jobs 2… show the same work once the bundle is compiled and the JIT warm.
 * The difference is the warm-up. It prints, per job: the worker's JavaScript CPU (profiled samples, not idle),
 * split into script evaluation (before the first job arrives) and the job, and the functions that cost most.
 * With a sourcemap next to the bundle (a build with `build.sourcemap`), functions are named as in the source.
 *
 * WARMUP_VIDEOS: files, comma-separated (default: the two SD/720p samples the TMK bench uses);
 * WARMUP_JOBS (3), WARMUP_WORKERS (3: fresh workers per file, to average job 1), WARMUP_TOP (12).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page } from 'puppeteer-core';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { EXTENSION_DIR } from '../e2e/flagpost';
import { launchWithExtension } from '../e2e/harness';

const DIR = path.resolve(process.argv[2] ?? EXTENSION_DIR);
const VIDEOS = (process.env.WARMUP_VIDEOS ?? ['chair-19-sd-bar.mp4', 'doorknob-hd-no-bar.mp4']
  .map((f) => path.resolve(__dirname, '../../shared/fixtures/vpdq/videos', f)).join(',')).split(',');
const JOBS = Number(process.env.WARMUP_JOBS ?? 3);
const WORKERS = Number(process.env.WARMUP_WORKERS ?? 3);
const TOP = Number(process.env.WARMUP_TOP ?? 12);
const SAMPLING_US = 100;
const urlOf = (file: string) => `https://video.twimg.com/tweet_video/warmup-${path.basename(file)}`;

const workerAsset = readdirSync(path.join(DIR, 'assets')).find((f) => /^worker-.*\.js$/.test(f));
if (!workerAsset) throw new Error(`no assets/worker-*.js in ${DIR}`);
const mapFile = path.join(DIR, 'assets', `${workerAsset}.map`);
const sourceMap = existsSync(mapFile) ? new TraceMap(readFileSync(mapFile, 'utf8')) : undefined;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** "name (file:line)" of a profiled function, through the sourcemap when there is one. */
function label({ functionName, url, lineNumber, columnNumber }: ProfileNode['callFrame']): string {
  if (!url) return functionName || '(anonymous)';
  if (sourceMap && lineNumber >= 0) {
    const original = originalPositionFor(sourceMap, { line: lineNumber + 1, column: columnNumber });
    if (original.source) {
      const source = original.source.replace(/^.*?(utils|node_modules|entrypoints)\//, '$1/');
      return `${original.name ?? functionName ?? '(anonymous)'} (${source}:${original.line})`;
    }
  }
  return `${functionName || '(anonymous)'} (${path.basename(url)}:${lineNumber + 1}:${columnNumber})`;
}

/** Self time in ms by function label, and the total of samples that are not idle. */
function selfTimes(profile: Profile): { total: number; byLabel: Map<string, number> } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byLabel = new Map<string, number>();
  let total = 0;
  // timeDeltas[i] is the time BEFORE sample i; the time a sample stands for is the next delta.
  for (let i = 0; i < profile.samples.length; i++) {
    const node = nodes.get(profile.samples[i]!)!;
    const ms = (profile.timeDeltas[i + 1] ?? SAMPLING_US) / 1000;
    const name = label(node.callFrame);
    if (name === '(idle)') continue;
    total += ms;
    byLabel.set(name, (byLabel.get(name) ?? 0) + ms);
  }
  return { total, byLabel };
}

async function profiled<T>(worker: CDPSession, work: () => Promise<T>): Promise<{ result: T; profile: Profile }> {
  await worker.send('Profiler.start');
  const result = await work();
  const { profile } = (await worker.send('Profiler.stop')) as unknown as { profile: Profile };
  return { result, profile };
}

/** A fresh worker of the build's bundle, paused until its profiler runs. */
async function freshWorker(page: Page, pageSession: CDPSession): Promise<{ session: CDPSession; startup: Profile }> {
  const attached = new Promise<string>((resolve) => {
    pageSession.once('Target.attachedToTarget', ({ sessionId }: { sessionId: string }) => resolve(sessionId));
  });
  await page.evaluate((asset) => {
    // An ES module, as the offscreen document starts it (wxt.config.ts: worker.format).
    (globalThis as any).warmupWorker = new Worker(`/assets/${asset}`, { type: 'module' });
  }, workerAsset);
  const sessionId = await attached;
  const session = pageSession.connection()!.session(sessionId)!;
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
  // The script's fetch, compile and top-level evaluation: from the resume to the worker answering a ping
  // (serveVideoJobs sets onmessage at the end of the evaluation; a ping with no bytes fails fast and replies).
  const { profile: startup } = await profiled(session, async () => {
    await session.send('Runtime.runIfWaitingForDebugger');
    await page.evaluate(() => new Promise<void>((resolve) => {
      const worker = (globalThis as any).warmupWorker as Worker;
      worker.onmessage = () => resolve();
      worker.postMessage({ bytes: new Uint8Array(1), options: { secondsPerHash: 1, limits: { maxBytes: 0 } } });
    }));
  });
  return { session, startup };
}

async function job(page: Page, url: string): Promise<{ ms: number; frames: number }> {
  return page.evaluate(async (url) => {
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const worker = (globalThis as any).warmupWorker as Worker;
    const limits = { maxBytes: 2 ** 30, maxDurationS: 3600, maxFrames: 216_000, maxFrameSide: 4096, budgetMs: 600_000 };
    const started = performance.now();
    const reply = await new Promise<any>((resolve) => {
      worker.onmessage = ({ data }) => {
        if (!('progress' in data)) resolve(data);
      };
      worker.postMessage({ bytes, options: { secondsPerHash: 1, limits, tmk: true, vpdq: false } }, [bytes.buffer]);
    });
    if (!reply.ok) throw new Error(reply.error);
    return { ms: performance.now() - started, frames: reply.value.tmk.length };
  }, url);
}

const extension = await launchWithExtension(DIR, {
  routes: (url) => {
    const file = VIDEOS.find((f) => urlOf(f) === url);
    return file ? { headers: { 'content-type': 'video/mp4' }, body: readFileSync(file) } : undefined;
  },
});
try {
  const page = await extension.browser.newPage();
  await page.goto(`chrome-extension://${extension.extensionId}/offscreen.html`);
  const pageSession = await page.createCDPSession();
  await pageSession.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
  console.log(`worker bundle ${workerAsset}: ${(readFileSync(path.join(DIR, 'assets', workerAsset)).length / 1024).toFixed(0)} KB${sourceMap ? ' (sourcemap)' : ''}; ${DIR}`);
  for (const file of VIDEOS) {
    const startups: number[] = [];
    const byJob: Array<Array<ReturnType<typeof selfTimes>>> = Array.from({ length: JOBS }, () => []);
    const wall: number[][] = Array.from({ length: JOBS }, () => []);
    for (let w = 0; w < WORKERS; w++) {
      const { session, startup } = await freshWorker(page, pageSession);
      startups.push(selfTimes(startup).total);
      if (w === 0) {
        const top = [...selfTimes(startup).byLabel].sort((a, b) => b[1] - a[1]).slice(0, 6);
        console.log(`  start-up (fetch, compile, evaluation): ${top.map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join('; ')}`);
      }
      for (let j = 0; j < JOBS; j++) {
        const { result, profile } = await profiled(session, () => job(page, urlOf(file)));
        byJob[j]!.push(selfTimes(profile));
        wall[j]!.push(result.ms);
      }
      await session.send('Profiler.disable');
      await page.evaluate(() => ((globalThis as any).warmupWorker as Worker).terminate());
    }
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    console.log(`${path.basename(file)}: worker JS CPU ms (profiled, mean of ${WORKERS} fresh workers)`);
    console.log(`  start-up before the first job: ${mean(startups).toFixed(1)} ms`);
    for (let j = 0; j < JOBS; j++) {
      console.log(`  job ${j + 1}: JS ${mean(byJob[j]!.map((s) => s.total)).toFixed(1)} ms, wall ${mean(wall[j]!).toFixed(0)} ms`);
    }
    // Where job 1 spends more than the last job: the warm-up, by function.
    const last = JOBS - 1;
    const labels = new Set([...byJob[0]!.flatMap((s) => [...s.byLabel.keys()])]);
    const rows = [...labels].map((name) => {
      const first = mean(byJob[0]!.map((s) => s.byLabel.get(name) ?? 0));
      const warm = mean(byJob[last]!.map((s) => s.byLabel.get(name) ?? 0));
      return { name, first, warm };
    }).sort((a, b) => b.first - b.warm - (a.first - a.warm));
    console.log(`  job 1 − job ${JOBS}, by function (self ms: job 1 → job ${JOBS}):`);
    for (const { name, first, warm } of rows.slice(0, TOP)) {
      console.log(`    ${(first - warm).toFixed(1).padStart(6)}  ${name}: ${first.toFixed(1)} → ${warm.toFixed(1)}`);
    }
    // And where the warm job's time goes: what is left once nothing is cold.
    console.log(`  job ${JOBS}, by function (self ms):`);
    for (const { name, warm } of [...rows].sort((a, b) => b.warm - a.warm).slice(0, TOP)) {
      console.log(`    ${warm.toFixed(1).padStart(6)}  ${name}`);
    }
  }
} finally {
  await extension.close();
}
