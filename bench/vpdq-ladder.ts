/**
 * `npm run bench:ladder`: how far vPDQ moves between the renditions of one video (240p … 1080p), to choose the
 * smallest rendition worth fetching. Files: bench/.videos/ladder/SOURCE-NNNp.mp4 (bash scripts/make-bench-videos.sh).
 *
 * Each rendition is hashed by the built extension's own path: hashMedia in its service worker (fetch,
 * offscreen worker, WebCodecs, vPDQ at one frame a second, as a report does), timed; and every frame through
 * the offscreen page's worker (more frames to compare: the 4 s doorknob clip has only 4 one-a-second frames).
 * Every rendition is compared with the 1080p one, frame by frame (same frame numbers), over the frames where
 * both qualities are ≥ 50 (the matcher's rule): mean and max Hamming distance, share within 31 (a match);
 * quality: mean and max |Δ| over all frames. Prints a Markdown table; figures, never pass/fail.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { EXTENSION_DIR } from '../e2e/flagpost';
import { ensureTestBuild } from '../e2e/test-build';
import { launchWithExtension } from '../e2e/harness';
import { hammingDistance } from '../utils/hash/pdq-distance';
import type { VpdqFrame } from '../utils/hash/video-vpdq';
import type { MediaEntry } from '../utils/schema/report';

const LADDER = path.resolve(__dirname, '.videos/ladder');
const MATCH_DISTANCE = 31;
const MIN_QUALITY = 50;
const files = readdirSync(LADDER).filter((f) => /^[a-z]+-\d+p\.mp4$/.test(f));
const sources = [...new Set(files.map((f) => f.split('-')[0]!))].sort();
const rungOf = (file: string) => Number(/-(\d+)p\.mp4$/.exec(file)![1]);
const urlOf = (file: string) => `https://video.twimg.com/tweet_video/ladder-${file}`;

// It calls the worker's globalThis.flagpost: the test build, made if missing or stale.
ensureTestBuild();
const extension = await launchWithExtension(EXTENSION_DIR, {
  routes: (url) => {
    const file = files.find((f) => urlOf(f) === url);
    return file === undefined ? undefined : { headers: { 'content-type': 'video/mp4' }, body: readFileSync(path.join(LADDER, file)) };
  },
});

interface Hashed {
  file: string;
  width?: number;
  height?: number;
  perSecond: VpdqFrame[];
  everyFrame: VpdqFrame[];
  ms: number;
}

function compare(frames: VpdqFrame[], top: VpdqFrame[]) {
  const byFrame = new Map(top.map((f) => [f.frame, f]));
  const pairs = frames.flatMap((f) => (byFrame.has(f.frame) ? [[f, byFrame.get(f.frame)!] as const] : []));
  const good = pairs.filter(([a, b]) => a.quality >= MIN_QUALITY && b.quality >= MIN_QUALITY);
  const distances = good.map(([a, b]) => hammingDistance(a.value, b.value));
  const dq = pairs.map(([a, b]) => Math.abs(a.quality - b.quality));
  const mean = (values: number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : NaN);
  return {
    compared: `${good.length}/${pairs.length}`,
    mean: mean(distances).toFixed(1),
    max: distances.length ? String(Math.max(...distances)) : '–',
    within: distances.length ? `${((100 * distances.filter((d) => d <= MATCH_DISTANCE).length) / distances.length).toFixed(0)} %` : '–',
    quality: `${mean(dq).toFixed(1)} / ${dq.length ? Math.max(...dq) : '–'}`,
  };
}

const lines: string[] = [];
try {
  // First every rendition through hashMedia, and only then the offscreen page as a tab: while that tab is open
  // it answers the service worker's 'video.hash' messages too, racing the real offscreen document for the bytes.
  const worker = await extension.serviceWorker();
  const hashed = new Map<string, Hashed>();
  for (const file of files) {
    const { ms, entry } = await worker.evaluate(async (url) => {
      const { hashMedia } = (globalThis as any).flagpost;
      const started = performance.now();
      const [entry] = await hashMedia([{ kind: 'video', sourceUrl: url }]);
      return { ms: performance.now() - started, entry: entry as MediaEntry };
    }, urlOf(file));
    if (entry.error) throw new Error(`${file}: ${entry.error}`);
    const vpdq = entry.hashes.find((hash) => hash.algorithm === 'vpdq');
    const perSecond = vpdq && 'frames' in vpdq ? vpdq.frames : [];
    hashed.set(file, { file, width: entry.width, height: entry.height, perSecond, everyFrame: [], ms });
  }
  const page = await extension.browser.newPage();
  await page.goto(`chrome-extension://${extension.extensionId}/offscreen.html`);
  await page.waitForFunction(() => 'flagpostVideo' in globalThis);
  for (const file of files) {
    hashed.get(file)!.everyFrame = await page.evaluate(async (url) => {
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      const limits = { maxBytes: 2 ** 30, maxDurationS: 3600, maxFrames: 216_000, maxFrameSide: 4096, budgetMs: 600_000 };
      return (await (globalThis as any).flagpostVideo.hash(bytes, { secondsPerHash: 0, limits })).frames;
    }, urlOf(file));
  }
  await page.close();
  lines.push(
    '| source | rendition | bytes | 1 frame/s: hashing time | 1 frame/s: Hamming mean / max | 1 frame/s: within 31 | every frame: compared (q ≥ 50) | every frame: Hamming mean / max | every frame: within 31 | every frame: quality Δ mean / max |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const source of sources) {
    const rungs = files.filter((f) => f.startsWith(`${source}-`)).sort((a, b) => rungOf(a) - rungOf(b)).map((f) => hashed.get(f)!);
    const top = rungs.at(-1)!;
    for (const h of rungs) {
      const second = compare(h.perSecond, top.perSecond);
      const every = compare(h.everyFrame, top.everyFrame);
      const bytes = statSync(path.join(LADDER, h.file)).size;
      lines.push(
        `| ${source} | ${rungOf(h.file)}p (${h.width}×${h.height}) | ${(bytes / 1e6).toFixed(2)} MB | ${(h.ms / 1000).toFixed(2)} s (${h.perSecond.length} frames) | ${second.mean} / ${second.max} | ${second.within} | ${every.compared} | ${every.mean} / ${every.max} | ${every.within} | ${every.quality} |`,
      );
    }
  }
} finally {
  await extension.close();
}
console.log(lines.join('\n'));
