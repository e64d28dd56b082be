/**
 * `npm run bench:feed`: what decorating a feed costs, in Chromium with the built extension (figures,
 * never pass/fail). Synthetic feeds cloned from real fixtures (X, YouTube), 15 posts per frame:
 *  - script time: CPU-profiler samples with a frame of our script on the stack (DOM calls included);
 *  - forced layouts: Layout / UpdateLayoutTree events inside our script's FunctionCall events, in a
 *    devtools.timeline trace of 300 more posts (a trace slows every DOM call, so it does not time);
 *  - style time: every UpdateLayoutTree of those 300 (a CSS-based detector pays there, not in script);
 *  - nodes per post: nodes in the feed minus the same feed with no decorator, per post;
 *  - JS heap (after a forced GC) while 10,000 posts scroll through a virtualised feed of 60 recycled nodes;
 *  - correct: posts showing exactly one button of their own, keyed to the post they show now.
 * The extension runs as installed (content script); the alternatives of bench/feed-methods.ts run
 * as a page script on the same feed, as does the extension's own method for a like-for-like row.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from 'puppeteer-core';
import { build } from 'vite';
import { readDomFixture } from '../tests/dom-fixtures';
import { EXTENSION_DIR } from '../e2e/flagpost';
import { html, launchWithExtension, type LaunchedExtension } from '../e2e/harness';
import { FEEDS } from './feed-platforms';
import { methods } from './feed-methods';

type Platform = keyof typeof FEEDS;
const PER_FRAME = 15;
/** `FEED_POSTS=200,1000 FEED_PLATFORMS=x npm run bench:feed` for a quick look; docs/benchmarks.md uses the defaults. */
const COUNTS = (process.env.FEED_POSTS ?? '1000,10000').split(',').map(Number);
const WINDOW = 60;
const HEAP_EVERY = 2000;
/** Posts added (or recycled) after the measured run, under a trace that counts forced layouts. */
const TRACED = 300;
const BENCH_ORIGIN = 'https://bench.example';
const EXTENSION = 'extension (as installed)';
const NONE = 'none';

async function bundle(entry: string): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: true, lib: { entry: path.resolve(__dirname, entry), formats: ['iife'], name: 'bench' } },
  });
  const [result] = Array.isArray(output) ? output : [output];
  return (result as { output: { code: string }[] }).output[0]!.code;
}

const scripts = { '/feed.js': await bundle('feed-page.ts'), '/methods.js': await bundle('feed-methods.ts') };
// Off-screen posts skip rendering, as in the platforms' own long feeds (blocks: YouTube's custom
// elements would be inline, which content-visibility cannot skip).
const feedPage = `<!doctype html><meta charset="utf-8"><title>feed</title>
<style>#feed > * { display: block; content-visibility: auto; contain-intrinsic-size: auto 600px; }</style><body><div id="feed"></div>
<script src="${BENCH_ORIGIN}/feed.js"></script><script src="${BENCH_ORIGIN}/methods.js"></script>`;
const js = (body: string) => ({ status: 200, headers: { 'content-type': 'text/javascript' }, body });

const extension = await launchWithExtension(EXTENSION_DIR, {
  routes: (url) => {
    const { origin, pathname } = new URL(url);
    if (origin === BENCH_ORIGIN && pathname in scripts) return js(scripts[pathname as keyof typeof scripts]);
    if (origin === BENCH_ORIGIN && pathname.startsWith('/fixture/')) {
      const fixture = html(readDomFixture(pathname.slice('/fixture/'.length)));
      return { ...fixture, headers: { ...fixture.headers, 'access-control-allow-origin': '*' } };
    }
    if (pathname === '/' || pathname === '/home' || origin === BENCH_ORIGIN) return html(feedPage);
    return undefined;
  },
});

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string } };
}

/** The layouts our script forced and the page's style time, from a devtools.timeline trace. */
function analyse(events: TraceEvent[], scriptUrl: string) {
  const calls = events
    .filter((e) => e.ph === 'X' && e.name === 'FunctionCall' && e.args?.data?.url === scriptUrl)
    .sort((a, b) => a.ts - b.ts);
  const outer: TraceEvent[] = [];
  for (const call of calls) {
    const last = outer.at(-1);
    if (!last || call.ts >= last.ts + last.dur! || call.tid !== last.tid) outer.push(call);
  }
  const inside = (e: TraceEvent) => outer.some((c) => c.tid === e.tid && e.ts >= c.ts && e.ts < c.ts + c.dur!);
  const layouts = events.filter((e) => e.ph === 'X' && (e.name === 'Layout' || e.name === 'UpdateLayoutTree'));
  return {
    forced: layouts.filter(inside).length,
    styleMs: layouts.filter((e) => e.name === 'UpdateLayoutTree').reduce((sum, e) => sum + e.dur!, 0) / 1000,
  };
}

async function traced<T>(page: Page, work: () => Promise<T>): Promise<{ result: T; events: TraceEvent[] }> {
  // devtools.timeline alone: FunctionCall, Layout, UpdateLayoutTree; the detailed categories slow every DOM call.
  await page.tracing.start({ categories: ['devtools.timeline'] });
  const result = await work();
  const trace = await page.tracing.stop();
  return { result, events: (JSON.parse(Buffer.from(trace!).toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { url: string }; children?: number[] }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** Time in samples whose stack holds a frame of our script (the DOM calls it makes included). */
function scriptTime(profile: CpuProfile, scriptUrl: string): number {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const url = new Map(profile.nodes.map((node) => [node.id, node.callFrame.url]));
  const ours = new Map<number, boolean>();
  const isOurs = (id: number | undefined): boolean => {
    if (id === undefined) return false;
    if (!ours.has(id)) ours.set(id, url.get(id) === scriptUrl || isOurs(parent.get(id)));
    return ours.get(id)!;
  };
  const samples = profile.samples ?? [];
  return samples.reduce((sum, id, i) => sum + (isOurs(id) ? (profile.timeDeltas?.[i + 1] ?? 0) : 0), 0) / 1000;
}

/**
 * Script time from V8's sampling profiler (every 100 µs): unlike a trace, it does not slow the DOM calls it watches.
 * `FEED_PROFILE_DIR=dir` also keeps each profile as `dir/<label>.cpuprofile`, to open in DevTools' Performance panel.
 */
async function profiled<T>(session: CDPSession, scriptUrl: string, label: string, work: () => Promise<T>): Promise<{ result: T; scriptMs: number }> {
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 100 });
  await session.send('Profiler.start');
  const result = await work();
  const { profile } = await session.send('Profiler.stop');
  const dir = process.env.FEED_PROFILE_DIR;
  if (dir) writeFileSync(path.join(dir, `${label.replace(/[^\w.-]+/g, '-')}.cpuprofile`), JSON.stringify(profile));
  return { result, scriptMs: scriptTime(profile as CpuProfile, scriptUrl) };
}

async function heapMb(session: CDPSession): Promise<number> {
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  return usedSize / 1024 / 1024;
}

/** A page with the feed of `platform`, decorated by `method`, holding one decorated post. */
async function openFeed(platform: Platform, method: string): Promise<{ page: Page; scriptUrl: string }> {
  const page = await extension.browser.newPage();
  const feed = FEEDS[platform];
  const asInstalled = method === EXTENSION;
  await page.goto(asInstalled ? feed.pageUrl : `${BENCH_ORIGIN}/${platform}`, { waitUntil: 'load' });
  await page.evaluate(`feedBench.load(${JSON.stringify(platform)}, '${BENCH_ORIGIN}/fixture/${feed.fixture}')`);
  if (!asInstalled && method !== NONE) await page.evaluate(`feedMethods.install(${JSON.stringify(method)}, ${JSON.stringify(platform)})`);
  await page.evaluate('feedBench.append(1, 1)');
  if (method !== NONE) await page.waitForSelector('[data-flagpost-action="report"]', { timeout: 10_000 });
  const file = `/content-scripts/${platform}.js`;
  return { page, scriptUrl: asInstalled ? `chrome-extension://${extension.extensionId}${file}` : `${BENCH_ORIGIN}/methods.js` };
}

/** Waits until every post is decorated (a polling method needs a tick), at most 2 s. */
async function settle(page: Page, method: string): Promise<{ posts: number; correct: number }> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const state = (await page.evaluate('feedBench.check()')) as { posts: number; correct: number };
    if (method === NONE || state.correct === state.posts || Date.now() > deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Row {
  platform: Platform;
  method: string;
  run: string;
  scriptMs: number;
  forced: number;
  styleMs: number;
  nodes: number;
  posts: number;
  correct: number;
  heap?: number[];
}

async function appendRun(platform: Platform, method: string, count: number): Promise<Row> {
  const started = performance.now();
  const { page, scriptUrl } = await openFeed(platform, method);
  const session = await page.createCDPSession();
  const { scriptMs } = await profiled(session, scriptUrl, `${platform}-append-${count}-${method}`, async () => {
    // In steps: one evaluate() per 1,000 posts stays far inside the protocol's timeout.
    for (let added = 1; added < count; added += 1000) await page.evaluate(`feedBench.append(${Math.min(1000, count - added)}, ${PER_FRAME})`);
    return settle(page, method);
  });
  const { result: state, events } = await traced(page, async () => {
    await page.evaluate(`feedBench.append(${TRACED}, ${PER_FRAME})`);
    return settle(page, method);
  });
  const row = { platform, method, run: `append ${count}`, scriptMs, ...analyse(events, scriptUrl), nodes: (await page.evaluate('feedBench.nodes()')) as number, ...state };
  await page.close();
  console.error(`${platform} ${row.run} ${method}: ${Math.round(performance.now() - started)} ms`);
  return row;
}

async function recycleRun(platform: Platform, method: string, count: number): Promise<Row> {
  const started = performance.now();
  const { page, scriptUrl } = await openFeed(platform, method);
  const session = await page.createCDPSession();
  await page.evaluate(`feedBench.append(${WINDOW - 1}, ${PER_FRAME})`);
  await settle(page, method);
  const heap = [await heapMb(session)];
  const { scriptMs } = await profiled(session, scriptUrl, `${platform}-recycle-${count}-${method}`, async () => {
    for (let shown = 0; shown < count; shown += HEAP_EVERY) {
      await page.evaluate(`feedBench.recycle(${Math.min(HEAP_EVERY, count - shown)}, ${PER_FRAME}, ${WINDOW})`);
      heap.push(await heapMb(session));
    }
  });
  const { result: state, events } = await traced(page, async () => {
    await page.evaluate(`feedBench.recycle(${TRACED}, ${PER_FRAME}, ${WINDOW})`);
    return settle(page, method);
  });
  const row = { platform, method, run: `recycle ${count}`, scriptMs, ...analyse(events, scriptUrl), nodes: (await page.evaluate('feedBench.nodes()')) as number, ...state, heap };
  await page.close();
  console.error(`${platform} ${row.run} ${method}: ${Math.round(performance.now() - started)} ms`);
  return row;
}

const chromium = await extension.browser.version();
const rows: Row[] = [];
const alternatives = Object.keys(methods);
const header = ['platform', 'feed', 'method', 'script ms', `forced layouts (${TRACED} more, traced)`, `style ms (same ${TRACED})`, 'nodes/post', 'correct', `heap MB (start → every ${HEAP_EVERY} posts)`];
console.log(`Flagpost feed figures — ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${chromium}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`${PER_FRAME} posts per frame; recycled feeds keep ${WINDOW} post elements.\n`);
console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
try {
  for (const platform of (process.env.FEED_PLATFORMS?.split(',') ?? Object.keys(FEEDS)) as Platform[]) {
    const first = rows.length;
    for (const count of COUNTS) {
      for (const method of [NONE, EXTENSION, ...(count === COUNTS[0] ? alternatives : [])]) {
        rows.push(await appendRun(platform, method, count));
      }
    }
    for (const method of [NONE, EXTENSION, ...alternatives]) rows.push(await recycleRun(platform, method, COUNTS.at(-1)!));
    for (const row of rows.slice(first)) console.log(`| ${line(row).join(' | ')} |`);
  }
} finally {
  await extension.close();
}

/** Nodes a method added per post: its feed against the same feed undecorated. */
function nodesPerPost(row: Row): string {
  const bare = rows.find((other) => other.platform === row.platform && other.run === row.run && other.method === NONE);
  return row.method === NONE || !bare ? '–' : ((row.nodes - bare.nodes) / row.posts).toFixed(2);
}

function line(row: Row): string[] {
  const none = row.method === NONE;
  return [
    row.platform,
    row.run,
    row.method,
    none ? '–' : row.scriptMs.toFixed(1),
    none ? '–' : String(row.forced),
    row.styleMs.toFixed(1),
    nodesPerPost(row),
    none ? '–' : `${row.correct}/${row.posts}`,
    row.heap ? row.heap.map((mb) => mb.toFixed(2)).join(' → ') : '',
  ];
}
