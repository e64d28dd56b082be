/**
 * TMK+PDQF of whole videos in Chromium, next to vPDQ on the same files and, when TMK_REFERENCE names a build of
 * the C++ reference's `tmk-hash-video` (facebook/ThreatExchange tmk/cpp, built outside the repo), next to it too.
 * Part of `npm run bench` (figures, never pass/fail).
 *
 * Ours, in the built extension's offscreen page (opened as a tab) handing the bytes to its video worker, as
 * bench/vpdq-video.ts does; three jobs per file, alternating, median of TMK_RUNS (3):
 *  - vPDQ at one frame a second (what a report computes without TMK);
 *  - the same with the TMK pass on (one decode for both): the difference is what TMK adds to a report;
 *  - TMK alone (VideoHashOptions.vpdq false, as `npm run hash -- --tmk`): TMK's own work, the decode of the
 *    frames TMK takes included, and nothing for vPDQ: what is compared with the reference. (Before that option a
 *    build had no way to skip vPDQ, and its "TMK alone" still hashed frame 0 for vPDQ, ~100 ms cold a video at
 *    720p: see TMK_BASELINE.) What TMK adds to a report stays "vPDQ + TMK" minus "vPDQ".
 * Reference: `tmk-hash-video -f ffmpeg -i FILE -o OUT` under /usr/bin/time: its own ffmpeg decodes and scales to
 * 64×64 at 15 fps (a child process: counted), then PDQF and the folding. Per frame = per TMK frame (15 a second).
 * CPU = user + system of every process involved (Chromium's whole tree, from /proc): on a shared machine the
 * steadier figure; wall time is printed too. For TMK alone it also prints where that CPU went, by Chromium
 * thread name (bench/thread-cpu.ts): the video worker's JavaScript, the decoder's threads, the rest.
 *
 * TMK_BASELINE: the directory of another build of the extension (e.g. the test build of an earlier commit,
 * copied aside): launched in a second browser, its TMK alone runs in the same rounds, so a change is measured
 * before and after side by side with the reference. A build older than the TMK-alone option ignores `vpdq:
 * false` and runs the old job (vPDQ of frame 0 only, by a day per hash); its row says so.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { launchWithExtension, type LaunchedExtension } from '../e2e/harness';
import { readTmk } from '../utils/hash/tmk/format';
import { cpuByThread } from './thread-cpu';
import { frameCount, treeUsage } from './vpdq-video';
import { median } from './stats';

const REFERENCE = process.env.TMK_REFERENCE;
const FFMPEG = process.env.TMK_FFMPEG ?? '/usr/bin/ffmpeg';
const RUNS = Number(process.env.TMK_RUNS ?? 3);
const BASELINE = process.env.TMK_BASELINE;

/**
 * The SD sample played 8 times (scripts/make-bench-videos.sh): 2.5 minutes and 2,258 TMK frames, a propaganda
 * video's usual length, where the sample's 19 s carry a fresh worker's start, demux and JIT warm-up over 284 frames.
 */
export const TMK_LONG_VIDEO = path.resolve(__dirname, '.videos/chair-sd-long.mp4');
export const TMK_LONG_VIDEO_URL = 'https://video.twimg.com/tweet_video/bench-tmk-long.mp4';

export interface TmkBenchFile {
  file: string;
  /** Where the bench's interceptor serves it. */
  url: string;
}

interface Run {
  ms: number;
  cpuMs: number;
  tmkFrames?: number;
  /** vPDQ frames the job returned (TMK alone: 0, or 1 from a build without the TMK-alone option). */
  vpdqFrames: number;
  /** CPU ms by Chromium thread name during the job. */
  threads?: Array<[string, number]>;
}

type Job = 'vpdq' | 'vpdq+tmk' | 'tmk';

async function runOurs(extension: LaunchedExtension, page: Page, url: string, job: Job): Promise<Run> {
  const pid = extension.browser.process()!.pid!;
  await page.evaluate(async (url) => {
    (globalThis as any).benchBytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  }, url);
  const before = treeUsage(pid);
  const started = performance.now();
  const { result, cpuMs: threads } = await cpuByThread(pid, () => page.evaluate(async (job) => {
    const bytes = (globalThis as any).benchBytes as Uint8Array;
    delete (globalThis as any).benchBytes;
    const limits = { maxBytes: 2 ** 30, maxDurationS: 3600, maxFrames: 216_000, maxFrameSide: 4096, budgetMs: 600_000 };
    // TMK alone: `vpdq: false`. A build without that option ignores it and hashes frame 0 only for vPDQ (a day
    // per hash), the closest it has.
    const options = {
      secondsPerHash: job === 'tmk' ? 86_400 : 1, limits,
      ...(job === 'vpdq' ? {} : { tmk: true }), ...(job === 'tmk' ? { vpdq: false } : {}),
    };
    const { tmk, frames } = await (globalThis as any).flagpostVideo.hash(bytes, options);
    return { tmk: tmk as string | undefined, vpdqFrames: (frames as unknown[]).length };
  }, job));
  const ms = performance.now() - started;
  const cpuMs = treeUsage(pid).cpuMs - before.cpuMs;
  const { tmk, vpdqFrames } = result;
  return { ms, cpuMs, threads, vpdqFrames, ...(tmk ? { tmkFrames: readTmk(new Uint8Array(Buffer.from(tmk, 'base64'))).frameFeatureCount } : {}) };
}

/** The offscreen page of a launched build, ready to hash. */
async function offscreenPage(extension: LaunchedExtension): Promise<Page> {
  const page = await extension.browser.newPage();
  await page.goto(`chrome-extension://${extension.extensionId}/offscreen.html`);
  await page.waitForFunction(() => 'flagpostVideo' in globalThis);
  return page;
}

/** "worker JS 5.1, decoder 4.2, …": the thread names that used the most CPU, in ms per TMK frame (mean of the runs). */
function threadBreakdown(runs: Run[], tmkFrames: number): string {
  const total = new Map<string, number>();
  for (const run of runs) for (const [name, ms] of run.threads ?? []) total.set(name, (total.get(name) ?? 0) + ms);
  const perFrame = [...total].map(([name, ms]) => [name, ms / runs.length / tmkFrames] as const).sort((a, b) => b[1] - a[1]);
  const top = perFrame.slice(0, 5).map(([name, ms]) => `${name} ${ms.toFixed(1)}`);
  const rest = perFrame.slice(5).reduce((sum, [, ms]) => sum + ms, 0);
  return `${top.join(', ')}, other ${rest.toFixed(1)}`;
}

function runReference(binary: string, file: string): Run {
  const out = path.join(os.tmpdir(), `tmk-bench-${process.pid}.tmk`);
  const timing = `${out}.time`;
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-o', timing, '-f', '%U %S', binary, '-f', FFMPEG, '-i', file, '-o', out], { encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`reference failed: ${result.stderr.slice(-500)}`);
  const [user, system] = readFileSync(timing, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  const tmkFrames = readTmk(readFileSync(out)).frameFeatureCount;
  rmSync(out);
  rmSync(timing);
  return { ms, cpuMs: (user! + system!) * 1000, tmkFrames, vpdqFrames: 0 };
}

/** Rows for hash.bench.ts's table. */
export async function benchTmk(extension: LaunchedExtension, files: TmkBenchFile[]): Promise<Array<[string, string]>> {
  const rows: Array<[string, string]> = [];
  const baseline = BASELINE
    ? await launchWithExtension(BASELINE, {
      routes: (url) => {
        const file = files.find((f) => f.url === url)?.file;
        return file ? { headers: { 'content-type': 'video/mp4' }, body: readFileSync(file) } : undefined;
      },
    })
    : undefined;
  const page = await offscreenPage(extension);
  try {
    const baselinePage = baseline && (await offscreenPage(baseline));
    for (const { file, url } of files) {
      const name = path.basename(file);
      if (!existsSync(file)) {
        rows.push([`TMK ${name}`, 'missing: run bash scripts/make-bench-videos.sh']);
        continue;
      }
      const decoded = frameCount(file);
      await runOurs(extension, page, url, 'vpdq+tmk'); // warm-up: the worker script, the decoder, the JIT
      if (baseline && baselinePage) await runOurs(baseline, baselinePage, url, 'tmk');
      const runs: Record<Job | 'reference' | 'baseline', Run[]> = { vpdq: [], 'vpdq+tmk': [], tmk: [], reference: [], baseline: [] };
      for (let i = 0; i < RUNS; i++) {
        for (const job of ['vpdq', 'vpdq+tmk', 'tmk'] as const) runs[job].push(await runOurs(extension, page, url, job));
        if (baseline && baselinePage) runs.baseline.push(await runOurs(baseline, baselinePage, url, 'tmk'));
        if (REFERENCE) runs.reference.push(runReference(REFERENCE, file));
      }
      const ms = (job: keyof typeof runs) => median(runs[job].map((r) => r.ms));
      const cpu = (job: keyof typeof runs) => median(runs[job].map((r) => r.cpuMs));
      const tmkFrames = runs.tmk[0]!.tmkFrames!;
      // A build without the TMK-alone option ran its old job: say so beside its figures.
      const withVpdq = (job: 'tmk' | 'baseline') => {
        const frames = Math.max(...runs[job].map((r) => r.vpdqFrames));
        return frames > 0 ? `; old job: + vPDQ of ${frames} frame${frames === 1 ? '' : 's'}` : '';
      };
      const perFrame = (job: keyof typeof runs) =>
        `${(tmkFrames / (ms(job) / 1000)).toFixed(0)} TMK frames/s (CPU ${(cpu(job) / tmkFrames).toFixed(1)} ms/TMK frame)`;
      rows.push([`TMK ${name}: ${decoded} frames decoded, ${tmkFrames} TMK frames (15/s)`, '']);
      rows.push([`  vPDQ -r 1 alone (Flagpost)`, `${(decoded / (ms('vpdq') / 1000)).toFixed(0)} frames/s (CPU ${(cpu('vpdq') / decoded).toFixed(1)} ms/frame decoded)`]);
      rows.push([`  vPDQ -r 1 + TMK, one decode (Flagpost)`, `${(decoded / (ms('vpdq+tmk') / 1000)).toFixed(0)} frames/s (CPU ${(cpu('vpdq+tmk') / decoded).toFixed(1)} ms/frame decoded)`]);
      const addedMs = ms('vpdq+tmk') - ms('vpdq');
      const addedCpu = cpu('vpdq+tmk') - cpu('vpdq');
      rows.push([`  TMK added to vPDQ (frames shared, decode counted once)`,
        `+${addedMs.toFixed(0)} ms wall (+${((100 * addedMs) / ms('vpdq')).toFixed(0)} %), CPU +${(addedCpu / tmkFrames).toFixed(1)} ms/TMK frame`]);
      rows.push([`  TMK alone, decode included (Flagpost${withVpdq('tmk')})`, perFrame('tmk')]);
      rows.push([`    its CPU by Chromium thread, ms/TMK frame`, threadBreakdown(runs.tmk, tmkFrames)]);
      if (baselinePage) {
        rows.push([`  TMK alone, baseline build (${path.basename(BASELINE!)}${withVpdq('baseline')})`, perFrame('baseline')]);
        rows.push([`    its CPU by Chromium thread, ms/TMK frame`, threadBreakdown(runs.baseline, tmkFrames)]);
      }
      if (!REFERENCE) continue;
      const same = runs.reference[0]!.tmkFrames === tmkFrames ? 'same frame count' : `frame count ${runs.reference[0]!.tmkFrames}`;
      rows.push([`  C++ reference tmk-hash-video (ffmpeg decode + scale, PDQF; ${same})`, perFrame('reference')]);
      rows.push([`  ratio Flagpost TMK alone / reference (≤ 1: as fast or faster): wall, CPU`,
        `${(ms('tmk') / ms('reference')).toFixed(2)}, ${(cpu('tmk') / cpu('reference')).toFixed(2)}`]);
      if (baselinePage) {
        rows.push([`  ratio baseline TMK alone / reference: wall, CPU`,
          `${(ms('baseline') / ms('reference')).toFixed(2)}, ${(cpu('baseline') / cpu('reference')).toFixed(2)}`]);
      }
    }
  } finally {
    await page.close();
    await baseline?.close();
  }
  return rows;
}
