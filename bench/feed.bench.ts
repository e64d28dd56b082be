/**
 * `npm run bench:feed`: what decorating a feed costs, in Chromium with the built extension (figures,
 * never pass/fail). Every adapter in the registry, each on a synthetic feed cloned from its fixture
 * (bench/feed-fixtures.ts), 15 posts per frame, each run measured whole under a devtools.timeline trace:
 *  - script time: the thread time (CPU) of our script's FunctionCall events, DOM calls included;
 *  - forced layouts: Layout / UpdateLayoutTree events inside those calls;
 *  - style time: every UpdateLayoutTree of the run (a CSS-based detector pays there, not in script);
 *  - nodes per post: nodes in the feed minus the same feed with no decorator, per post;
 *  - JS heap (after a forced GC) while 10,000 posts scroll through a virtualised feed of 60 recycled nodes;
 *  - correct: posts showing exactly one button of their own (in them, or beside a post that is a link), keyed to the post they show now.
 * The extension runs as installed (content script); the alternatives of bench/feed-methods.ts run
 * as a page script on the same feed, as does the extension's own method for a like-for-like row.
 * A platform found by markup (Mastodon: no host of its own, its content script injected where the
 * user grants an instance) has no installed row: its extension figure is that like-for-like row.
 * `FEED_EXTENSION_DIR=dir` loads the extension built in `dir` (default: dist/chrome-mv3, `npx wxt build`), so
 * two builds (a copy of the one before a change, and after) can be measured in turn in the same minutes.
 * `FEED_REFERENCE_DIR=dir` also runs an earlier build (scripts/build-reference-extension.sh), in a browser of its
 * own, page for page alternately with this one: its row and the ratio come from the same minutes. This machine's
 * figures move between days (the same build measured 12.7 ms on X one day, 30 another), so a figure is read
 * beside a reference, never alone. `FEED_REFERENCE_FIGURES="x=12.7,youtube=14.1"` gives the reference build's figures
 * from the day a goal was set; the summary then also scales each figure by how this run measured the reference on
 * those platforms (the geometric mean of published ÷ measured): an estimate of the figure on that day's machine.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from 'puppeteer-core';
import { build } from 'vite';
import { SHIPPED_EXTENSION_DIR } from '../e2e/test-build';
import { html, launchWithExtension, type LaunchedExtension } from '../e2e/harness';
import { FEEDS } from './feed-fixtures';
import { adapters } from './feed-platforms';
import { methods } from './feed-methods';
import { median } from './stats';

type Platform = string;
const PER_FRAME = 15;
/** `FEED_POSTS=200,1000 FEED_PLATFORMS=x npm run bench:feed` for a quick look; docs/benchmarks.md uses the defaults. */
const COUNTS = (process.env.FEED_POSTS ?? '1000,10000').split(',').map(Number);
/** Fresh pages per 1,000-post run (the goal's figure; medians), `FEED_RUNS=1` for a quick look; longer runs are run once. */
const RUNS = Number(process.env.FEED_RUNS ?? 5);
const runsFor = (count: number) => (count <= 1000 ? RUNS : 1);
const WINDOW = 60;
const HEAP_EVERY = 2000;
const BENCH_ORIGIN = 'https://bench.example';
const EXTENSION = 'extension (as installed)';
/** The build in FEED_REFERENCE_DIR, as installed in its own browser. */
const REFERENCE = 'reference build (as installed)';
const NONE = 'none';
/** The extension's own method as a page script: the figure of a platform with no content script of its own. */
const LIKE_FOR_LIKE = 'observer+records (extension)';
/** How the extension's own figure of `platform` is measured. */
const ownMethod = (platform: Platform) => (adapters[platform]!.matches.length ? EXTENSION : LIKE_FOR_LIKE);

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
// Off-screen posts skip rendering their insides, as in the platforms' own long feeds (on the post,
// not X's cell: a post's own style is computed, as on the real site; blocks: YouTube's custom
// elements would be inline, which content-visibility cannot skip).
const posts = Object.values(adapters).map((adapter) => adapter.postSelector).join(', ');
const feedPage = `<!doctype html><meta charset="utf-8"><title>feed</title>
<style>#feed :is(${posts}) { display: block; content-visibility: auto; contain-intrinsic-size: auto 600px; }</style><body><div id="feed"></div>
<script src="${BENCH_ORIGIN}/feed.js"></script><script src="${BENCH_ORIGIN}/methods.js"></script>`;
const js = (body: string) => ({ status: 200, headers: { 'content-type': 'text/javascript' }, body });

const routes = (url: string) => {
  const { origin, pathname } = new URL(url);
  if (origin === BENCH_ORIGIN && pathname in scripts) return js(scripts[pathname as keyof typeof scripts]);
  if (origin === BENCH_ORIGIN && pathname.startsWith('/fixture/')) {
    const fixture = html(FEEDS[pathname.slice('/fixture/'.length)]!.html());
    return { ...fixture, headers: { ...fixture.headers, 'access-control-allow-origin': '*' } };
  }
  if (origin === BENCH_ORIGIN || Object.values(FEEDS).some((feed) => feed.url === url)) return html(feedPage);
  return undefined;
};
const extension = await launchWithExtension(process.env.FEED_EXTENSION_DIR ?? SHIPPED_EXTENSION_DIR, { routes });
const referenceDir = process.env.FEED_REFERENCE_DIR;
const reference = referenceDir ? await launchWithExtension(referenceDir, { routes }) : undefined;
/** The reference build decorates `platform` as installed: it has that platform's content script (an older build may not). */
const referenceHas = (platform: Platform) =>
  referenceDir !== undefined && adapters[platform]!.matches.length > 0 && existsSync(path.join(referenceDir, 'content-scripts', `${platform}.js`));

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread time: the CPU the call used, not the time the thread waited for a core. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string } };
}

/** Our script's CPU time, the layouts it forced and the page's style time, from a devtools.timeline trace. */
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
    scriptMs: outer.reduce((sum, call) => sum + (call.tdur ?? call.dur!), 0) / 1000,
    forced: layouts.filter(inside).length,
    styleMs: layouts.filter((e) => e.name === 'UpdateLayoutTree').reduce((sum, e) => sum + e.dur!, 0) / 1000,
  };
}

/**
 * Runs `work` under a devtools.timeline trace (FunctionCall, Layout, UpdateLayoutTree; not the
 * detailed categories, which record a stack at every DOM write). `FEED_PROFILE_DIR=dir` also runs
 * V8's sampling profiler and keeps `dir/<label>-<n>.cpuprofile` for DevTools (its interrupts then
 * add to the figures).
 */
let profiles = 0;
async function measured<T>(page: Page, session: CDPSession, scriptUrl: string, label: string, work: () => Promise<T>) {
  const profileDir = process.env.FEED_PROFILE_DIR;
  if (profileDir) {
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 100 });
    await session.send('Profiler.start');
  }
  await page.tracing.start({ categories: ['devtools.timeline'] });
  const result = await work();
  const trace = await page.tracing.stop();
  if (profileDir) {
    const { profile } = await session.send('Profiler.stop');
    mkdirSync(profileDir, { recursive: true });
    writeFileSync(path.join(profileDir, `${label.replace(/[^\w.-]+/g, '-')}-${++profiles}.cpuprofile`), JSON.stringify(profile));
  }
  const events = (JSON.parse(Buffer.from(trace!).toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  return { result, ...analyse(events, scriptUrl) };
}

async function heapMb(session: CDPSession): Promise<number> {
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  return usedSize / 1024 / 1024;
}

/** A page with the feed of `platform`, decorated by `method`, holding one decorated post. */
async function openFeed(platform: Platform, method: string): Promise<{ page: Page; scriptUrl: string }> {
  const browser = method === REFERENCE ? reference! : extension;
  const page = await browser.browser.newPage();
  const feed = FEEDS[platform]!;
  const asInstalled = method === EXTENSION || method === REFERENCE;
  await page.goto(asInstalled ? feed.url : `${BENCH_ORIGIN}/${platform}`, { waitUntil: 'load' });
  await page.evaluate(`feedBench.load(${JSON.stringify(platform)}, '${BENCH_ORIGIN}/fixture/${platform}', ${JSON.stringify(feed.url)})`);
  if (!asInstalled && method !== NONE) await page.evaluate(`feedMethods.install(${JSON.stringify(method)}, ${JSON.stringify(platform)})`);
  await page.evaluate('feedBench.append(1, 1)');
  if (method !== NONE) await page.waitForSelector('[data-flagpost-action="report"]', { timeout: 10_000 });
  const file = `/content-scripts/${platform}.js`;
  return { page, scriptUrl: asInstalled ? `chrome-extension://${browser.extensionId}${file}` : `${BENCH_ORIGIN}/methods.js` };
}

/** Waits until every post is decorated (a polling method needs a tick), at most 2 s. */
async function settle(page: Page, method: string): Promise<{ posts: number; correct: number; buttons: number }> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const state = (await page.evaluate('feedBench.check()')) as { posts: number; correct: number; buttons: number };
    if (method === NONE || state.correct === state.posts || Date.now() > deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Row {
  platform: Platform;
  method: string;
  run: string;
  /** One figure per run. */
  scriptMs: number[];
  forced: number;
  styleMs: number;
  nodes: number;
  posts: number;
  correct: number;
  /** Report buttons in the feed. */
  buttons: number;
  heap?: number[];
}

/**
 * `runs` fresh pages of each method, taken in turn (A B C A B C …, so a slow minute weighs on each alike): per
 * method, the row of its last page, with every page's script time.
 */
async function alternated(runs: number, names: string[], run: (method: string) => Promise<Row>): Promise<Row[]> {
  const last = new Map<string, Row>();
  const times = new Map<string, number[]>(names.map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const name of names) {
      const row = await run(name);
      last.set(name, row);
      times.get(name)!.push(...row.scriptMs);
    }
  }
  return names.map((name) => ({ ...last.get(name)!, scriptMs: times.get(name)! }));
}

/**
 * One fresh page of `platform` decorated by `method`: `prepare` (not measured), then `work` under
 * the trace until every post is decorated. `work` may return heap samples.
 */
async function feedRun(
  platform: Platform, method: string, run: string,
  work: (page: Page, session: CDPSession) => Promise<number[] | void>,
  prepare?: (page: Page, session: CDPSession) => Promise<void>,
): Promise<Row> {
  const started = performance.now();
  const { page, scriptUrl } = await openFeed(platform, method);
  const session = await page.createCDPSession();
  await prepare?.(page, session);
  const { result, scriptMs, ...trace } = await measured(page, session, scriptUrl, `${platform}-${run}-${method}`, async () => {
    const heap = await work(page, session);
    return { heap, state: await settle(page, method) };
  });
  const nodes = (await page.evaluate('feedBench.nodes()')) as number;
  await page.close();
  console.error(`${platform} ${run} ${method}: script ${scriptMs.toFixed(1)} ms; run ${Math.round(performance.now() - started)} ms`);
  return { platform, method, run, scriptMs: [scriptMs], ...trace, nodes, ...result.state, ...(result.heap ? { heap: result.heap } : {}) };
}

const appendRun = (platform: Platform, method: string, count: number) =>
  feedRun(platform, method, `append ${count}`, async (page) => {
    // In steps: one evaluate() per 1,000 posts stays far inside the protocol's timeout.
    for (let added = 1; added < count; added += 1000) await page.evaluate(`feedBench.append(${Math.min(1000, count - added)}, ${PER_FRAME})`);
  });

const recycleRun = (platform: Platform, method: string, count: number) => {
  const heap: number[] = [];
  return feedRun(
    platform, method, `recycle ${count}`,
    async (page, session) => {
      for (let shown = 0; shown < count; shown += HEAP_EVERY) {
        await page.evaluate(`feedBench.recycle(${Math.min(HEAP_EVERY, count - shown)}, ${PER_FRAME}, ${WINDOW})`);
        heap.push(await heapMb(session));
      }
      return heap;
    },
    async (page, session) => {
      await page.evaluate(`feedBench.append(${WINDOW - 1}, ${PER_FRAME})`);
      await settle(page, method);
      heap.push(await heapMb(session));
    },
  );
};

const chromium = await extension.browser.version();
const rows: Row[] = [];
/** `FEED_METHODS=none,extension` runs only those rows (names as printed, or `extension` for the installed one). */
const only = process.env.FEED_METHODS?.split(',').map((name) => (name === 'extension' ? EXTENSION : name));
const chosen = (platform: Platform, names: string[]) => {
  const own = ownMethod(platform);
  const listed = [...new Set(names.map((name) => (name === EXTENSION ? own : name)))];
  // The reference build, when one is given, always runs: it is what the extension's figure is read against.
  return only ? listed.filter((name) => name === REFERENCE || only.includes(name) || (name === own && only.includes(EXTENSION))) : listed;
};
const alternatives = Object.keys(methods);
const header = ['platform', 'feed', 'method', 'script ms (CPU)', 'forced layouts', 'style ms', 'nodes/post', 'correct', `heap MB (start → every ${HEAP_EVERY} posts)`];
console.log(`Flagpost feed figures — ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${chromium}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`${PER_FRAME} posts per frame; recycled feeds keep ${WINDOW} post elements; script ms of 1,000-post feeds: median of ${RUNS} fresh pages (range).\n`);
console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
try {
  for (const platform of (process.env.FEED_PLATFORMS?.split(',') ?? Object.keys(FEEDS)) as Platform[]) {
    const first = rows.length;
    const withReference = referenceHas(platform) ? [REFERENCE] : [];
    // Not counted: the browser and the extension settle, the script's code is cached.
    for (const method of [ownMethod(platform), ...withReference]) await appendRun(platform, method, 200);
    for (const count of COUNTS) {
      const names = chosen(platform, [NONE, EXTENSION, ...withReference, ...(count === COUNTS[0] ? alternatives : [])]);
      if (names.includes(NONE)) rows.push(await appendRun(platform, NONE, count));
      const decorating = names.filter((name) => name !== NONE);
      rows.push(...(await alternated(runsFor(count), decorating, (method) => appendRun(platform, method, count))));
    }
    for (const method of chosen(platform, [NONE, EXTENSION, ...alternatives])) rows.push(await recycleRun(platform, method, COUNTS.at(-1)!));
    for (const row of rows.slice(first)) console.log(`| ${line(row).join(' | ')} |`);
  }
} finally {
  await extension.close();
  await reference?.close();
}
summary();

/** Nodes a method added per post: its feed against the same feed undecorated. */
function nodesPerPost(row: Row): string {
  const bare = rows.find((other) => other.platform === row.platform && other.run === row.run && other.method === NONE);
  return row.method === NONE || !bare ? '–' : ((row.nodes - bare.nodes) / row.posts).toFixed(2);
}

/** The median run, with the range when there were several: this machine's figures vary by ~2× from run to run. */
function scriptFigure(runs: number[]): string {
  const middle = median(runs).toFixed(1);
  return runs.length === 1 ? middle : `${middle} (${Math.min(...runs).toFixed(1)}–${Math.max(...runs).toFixed(1)})`;
}

function line(row: Row): string[] {
  const none = row.method === NONE;
  return [
    row.platform,
    row.run,
    row.method,
    none ? '–' : scriptFigure(row.scriptMs),
    none ? '–' : String(row.forced),
    row.styleMs.toFixed(1),
    nodesPerPost(row),
    none ? '–' : `${row.correct}/${row.posts}`,
    row.heap ? row.heap.map((mb) => mb.toFixed(2)).join(' → ') : '',
  ];
}

/**
 * Per platform, the extension's own figure: script ms per 1,000 posts (1,000-post feeds) and the buttons it placed;
 * with a reference build, its figure from the same minutes and the ratio (below 1: cheaper than the reference).
 */
function summary(): void {
  const referenceOf = (platform: Platform) => rows.find((r) => r.platform === platform && r.run === 'append 1000' && r.method === REFERENCE);
  const scale = referenceScale(referenceOf);
  const columns = [
    'platform', 'method', 'script ms per 1,000 posts (CPU)', 'buttons / posts',
    ...(reference ? ['reference build', 'ratio to reference'] : []), ...(scale ? [`× ${scale.toFixed(3)}: on the reference's day`] : []),
  ];
  console.log(`\n| ${columns.join(' | ')} |\n|${columns.map(() => '---').join('|')}|`);
  for (const row of rows.filter((r) => r.run === 'append 1000' && r.method === ownMethod(r.platform))) {
    const before = referenceOf(row.platform);
    const compared = !reference ? [] : before ? [scriptFigure(before.scriptMs), (median(row.scriptMs) / median(before.scriptMs)).toFixed(2)] : ['–', '–'];
    const scaled = scale ? [(median(row.scriptMs) * scale).toFixed(1)] : [];
    console.log(`| ${[row.platform, row.method, scriptFigure(row.scriptMs), `${row.buttons}/${row.posts}`, ...compared, ...scaled].join(' | ')} |`);
  }
}

/** FEED_REFERENCE_FIGURES over this run's reference figures on the same platforms (geometric mean), if any were measured. */
function referenceScale(referenceOf: (platform: Platform) => Row | undefined): number | undefined {
  const ratios = (process.env.FEED_REFERENCE_FIGURES ?? '').split(',').flatMap((pair) => {
    const [platform, published] = pair.split('=');
    const measured = platform ? referenceOf(platform.trim()) : undefined;
    return measured && Number(published) > 0 ? [Math.log(Number(published) / median(measured.scriptMs))] : [];
  });
  return ratios.length ? Math.exp(ratios.reduce((sum, r) => sum + r, 0) / ratios.length) : undefined;
}
