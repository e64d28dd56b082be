/**
 * vPDQ of whole videos in Chromium, side by side with the C++ reference (facebook/ThreatExchange vpdq/cpp),
 * for `npm run bench` (figures, never pass/fail).
 *
 * Ours: the built extension's offscreen page (opened as a tab) hands the file's bytes to its video worker, as
 * the extension does: WebCodecs decode of every frame, vPDQ of the kept ones. Timed from the hand-over to the
 * answer (the file is already in memory, as the reference's is in the page cache).
 * Reference: `$VPDQ_REFERENCE -i FILE -r R -t T` (the binary is built outside the repo; see docs/benchmarks.md).
 * Its -t is the number of HASHING threads; its decoder uses FFmpeg's own slice threads either way. Like with
 * like is -t 1: our hashing is one JS thread, Chromium's decoder has threads of its own. -t 0 (one hashing
 * thread per core) is printed too.
 *
 * Per run: frames/s = decoded frames / wall time; CPU = user + system time of every process involved (the
 * reference; Chromium's whole process tree, read from /proc, so its GPU and utility processes count too)
 * per decoded frame; memory = the reference's peak RSS (/usr/bin/time); for ours, the peak RSS of Chromium's
 * process tree above what it held before the job, and the video worker's peak JS heap (CDP
 * Runtime.getHeapUsage), both sampled every 50 ms. Runs alternate ours / reference, median of VPDQ_RUNS (3).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from 'puppeteer-core';
import type { LaunchedExtension } from '../e2e/harness';
import { parseVpdqLine, type VpdqFrame } from '../utils/hash/video-vpdq';
import { median } from './stats';

export const BENCH_VIDEO = process.env.VPDQ_VIDEO ?? path.resolve(__dirname, '.videos/doorknob-1080p.mp4');
const REFERENCE = process.env.VPDQ_REFERENCE;
const RUNS = Number(process.env.VPDQ_RUNS ?? 3);
/** Where the bench serves the file (intercepted; nothing leaves the machine). */
export const BENCH_VIDEO_URL = 'https://video.twimg.com/tweet_video/bench-vpdq-video.mp4';

interface Run {
  ms: number;
  cpuMs: number;
  /** Peak memory in MB: RSS (reference: whole process; ours: Chromium's growth), and ours' worker JS heap. */
  rssMb: number;
  heapMb?: number;
  frames: VpdqFrame[];
}

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
const PAGE_KB = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' })) / 1024;

/** CPU ms and RSS MB of a process and all its descendants, from /proc. */
export function treeUsage(rootPid: number): { cpuMs: number; rssMb: number } {
  const stats = readdirSync('/proc').flatMap((name) => {
    if (!/^\d+$/.test(name)) return [];
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' '); // fields from the 3rd (state) on
      return [{ pid: Number(name), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), rss: Number(fields[21]) }];
    } catch {
      return []; // gone meanwhile
    }
  });
  const inTree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of stats) {
      if (!inTree.has(s.pid) && inTree.has(s.ppid)) {
        inTree.add(s.pid);
        grew = true;
      }
    }
  }
  const mine = stats.filter((s) => inTree.has(s.pid));
  return {
    cpuMs: mine.reduce((sum, s) => sum + s.ticks, 0) * TICK_MS,
    rssMb: (mine.reduce((sum, s) => sum + s.rss, 0) * PAGE_KB) / 1024,
  };
}

/** Ours, once: the offscreen page's worker path, as e2e/hash-video.e2e.ts drives it. */
async function runOurs(extension: LaunchedExtension, page: Page, secondsPerHash: number): Promise<Run> {
  const pid = extension.browser.process()!.pid!;
  await page.evaluate(async (url) => {
    (globalThis as any).benchBytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  }, BENCH_VIDEO_URL);
  const before = treeUsage(pid);
  let peakRss = before.rssMb;
  let peakHeap = 0;
  const sessions: CDPSession[] = [];
  const onWorker = (worker: { client: CDPSession }) => void sessions.push(worker.client);
  page.on('workercreated', onWorker);
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, treeUsage(pid).rssMb);
    for (const session of sessions) {
      session.send('Runtime.getHeapUsage').then(({ usedSize }) => (peakHeap = Math.max(peakHeap, usedSize / 2 ** 20)), () => {});
    }
  }, 50);
  const started = performance.now();
  try {
    const frames: VpdqFrame[] = await page.evaluate(async (secondsPerHash) => {
      const bytes = (globalThis as any).benchBytes as Uint8Array;
      delete (globalThis as any).benchBytes;
      const limits = { maxBytes: 2 ** 30, maxDurationS: 3600, maxFrames: 216_000, maxFrameSide: 4096, budgetMs: 600_000 };
      return (await (globalThis as any).flagpostVideo.hash(bytes, { secondsPerHash, limits })).frames;
    }, secondsPerHash);
    const ms = performance.now() - started;
    const after = treeUsage(pid);
    return { ms, cpuMs: after.cpuMs - before.cpuMs, rssMb: peakRss - before.rssMb, heapMb: peakHeap, frames };
  } finally {
    clearInterval(sampler);
    page.off('workercreated', onWorker);
  }
}

/** The reference, once, under /usr/bin/time for its CPU and peak RSS. */
function runReference(binary: string, secondsPerHash: number, threads: number): Run {
  const out = path.join(os.tmpdir(), `vpdq-bench-${process.pid}.txt`);
  const timing = `${out}.time`;
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-o', timing, '-f', '%U %S %M', binary, '-i', BENCH_VIDEO, '-o', out,
    '-r', String(secondsPerHash), '-t', String(threads)], { encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`reference failed: ${result.stderr}`);
  const [user, system, maxKb] = readFileSync(timing, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  const frames = readFileSync(out, 'utf8').trim().split('\n').map(parseVpdqLine);
  rmSync(out);
  rmSync(timing);
  return { ms, cpuMs: (user! + system!) * 1000, rssMb: maxKb! / 1024, frames };
}

export function frameCount(file: string): number {
  const probe = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v', '-count_packets', '-show_entries',
    'stream=nb_read_packets,width,height', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  return Number(probe.stdout.trim().split(',').pop());
}

/** Rows for hash.bench.ts's table: ours and the reference at every frame and at one frame a second. */
export async function benchVideo(extension: LaunchedExtension): Promise<Array<[string, string]>> {
  if (!existsSync(BENCH_VIDEO)) return [['vPDQ 1080p H.264', `missing ${BENCH_VIDEO}: run bash scripts/make-bench-videos.sh`]];
  const decoded = frameCount(BENCH_VIDEO);
  const name = path.basename(BENCH_VIDEO);
  const page = await extension.browser.newPage();
  const rows: Array<[string, string]> = [];
  try {
    await page.goto(`chrome-extension://${extension.extensionId}/offscreen.html`);
    await page.waitForFunction(() => 'flagpostVideo' in globalThis);
    await runOurs(extension, page, 1); // warm-up: the worker script, the decoder, the JIT
    for (const [label, secondsPerHash] of [['every frame (-r 0)', 0], ['one frame a second (-r 1)', 1]] as const) {
      const ours: Run[] = [];
      const reference: Record<number, Run[]> = { 1: [], 0: [] };
      for (let i = 0; i < RUNS; i++) {
        ours.push(await runOurs(extension, page, secondsPerHash));
        if (REFERENCE) for (const threads of [1, 0]) reference[threads]!.push(runReference(REFERENCE, secondsPerHash, threads));
      }
      const describe = (runs: Run[]) => {
        const ms = median(runs.map((r) => r.ms));
        const cpu = median(runs.map((r) => r.cpuMs)) / decoded;
        const heap = runs[0]!.heapMb === undefined ? '' : `, JS heap ${median(runs.map((r) => r.heapMb!)).toFixed(0)} MB`;
        return { fps: decoded / (ms / 1000), text: `${(decoded / (ms / 1000)).toFixed(0)} frames/s (CPU ${cpu.toFixed(1)} ms/frame, peak RSS ${median(runs.map((r) => r.rssMb)).toFixed(0)} MB${heap})` };
      };
      const mine = describe(ours);
      rows.push([`vPDQ ${name}, ${label}, ${decoded} frames decoded, ${ours[0]!.frames.length} hashed: Flagpost (Chromium)`, mine.text]);
      if (!REFERENCE) continue;
      for (const threads of [1, 0]) {
        const runs = reference[threads]!;
        const theirs = describe(runs);
        const same = ours[0]!.frames.filter((f, i) => runs[0]!.frames[i]?.value === f.value && runs[0]!.frames[i]?.quality === f.quality).length;
        const who = threads === 1 ? 'C++ reference -t 1 (like for like)' : `C++ reference -t 0 (${os.cpus().length} hashing threads)`;
        rows.push([`  ${who}; identical lines ${same}/${runs[0]!.frames.length}`, theirs.text]);
        rows.push([`  time ratio Flagpost / reference -t ${threads} (≤ 1: Flagpost as fast or faster)`, (theirs.fps / mine.fps).toFixed(2)]);
      }
    }
  } finally {
    await page.close();
  }
  return rows;
}

/**
 * Hook for stream figures (HLS etc., to come): VPDQ_BENCH_URL=<url> times the extension's whole path for one
 * video URL, through the service worker's hashMedia, with the network as it is.
 */
export async function benchVideoUrl(extension: LaunchedExtension, url: string): Promise<Array<[string, string]>> {
  const worker = await extension.serviceWorker();
  const { ms, entry } = await worker.evaluate(async (url) => {
    const { hashMedia } = (globalThis as any).flagpost;
    const started = performance.now();
    const [entry] = await hashMedia([{ kind: 'video', sourceUrl: url }]);
    return { ms: performance.now() - started, entry };
  }, url);
  const vpdq = entry.hashes?.find((hash: { algorithm: string }) => hash.algorithm === 'vpdq');
  return [[`vPDQ hashMedia ${url} (${entry.error ?? `${vpdq?.frames.length ?? 0} frames hashed`})`, `${(ms / 1000).toFixed(1)} s`]];
}
