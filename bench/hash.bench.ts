/**
 * `npm run bench`: how long hashing takes, as figures (never pass/fail).
 *  - PDQ core per image in Node (already-decoded pixels; 512×512, and 1600×1004 including the squash);
 *  - our lossless WebP (VP8L) decoder in Node, in megapixels a second;
 *  - the whole path per fixture image in Chromium: the built extension's hashMedia (fetch from the
 *    interceptor, SHA-256, MD5, decode, PDQ), timed inside its service worker, median of 3;
 *  - MD5 (@noble/hashes, pure TypeScript) and SHA-256 (WebCrypto) throughput in Node, and SHA-256 in the service worker;
 *  - vPDQ frames per second: the per-frame work in Node (YUV → luma → PDQ), and the whole path in
 *    Chromium for each sample video (fetch, WebCodecs decode of every frame, one hash a second);
 *  - vPDQ of a 1080p H.264 file (bash scripts/make-bench-videos.sh), every frame and one a second, next to the
 *    C++ reference when VPDQ_REFERENCE names its vpdq-hash-video binary, with CPU and peak memory
 *    (bench/vpdq-video.ts). VPDQ_BENCH_URL=<url> adds the whole path for one video URL (streams, later).
 *  - TMK+PDQF frames per second next to vPDQ's on the same files (the samples, a 2.5-minute SD file and the
 *    1080p one), what TMK adds to vPDQ's decode, and the C++ reference when TMK_REFERENCE names its
 *    tmk-hash-video binary (bench/tmk-video.ts).
 * BENCH_ONLY=vpdq runs only the vPDQ video rows, BENCH_ONLY=tmk only the TMK rows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXTENSION_DIR } from '../e2e/flagpost';
import { ensureTestBuild } from '../e2e/test-build';
import { launchWithExtension } from '../e2e/harness';
import { md5Hex } from '../utils/hash/md5';
import { decodeVp8l } from '../utils/hash/webp-lossless';
import { pdqHash } from '../utils/hash/pdq';
import { VpdqFrameHasher } from '../utils/hash/video-vpdq';
import { TmkAccumulator } from '../utils/hash/tmk/aggregate';
import { pdqfFeature } from '../utils/hash/tmk/feature';
import { scaleYuv420ToRgb } from '../utils/hash/tmk/scale';
import type { MediaEntry } from '../utils/schema/report';
import { syntheticFrame } from './synthetic-frame';
import { BENCH_VIDEO, BENCH_VIDEO_URL, benchVideo, benchVideoUrl } from './vpdq-video';
import { benchTmk, TMK_LONG_VIDEO, TMK_LONG_VIDEO_URL } from './tmk-video';
import { median } from './stats';

const IMAGES = path.resolve(__dirname, '../../shared/fixtures/pdq/images');
const FILES = readdirSync(IMAGES, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(jpg|png|webp)$/.test(f)).sort();
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

/** Median over `runs` of one call's duration. */
async function time(runs: number, work: () => unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

function rgb(width: number, height: number): Uint8Array {
  return Uint8Array.from({ length: width * height * 3 }, (_, i) => ((i % (width * 3)) * 7) ^ (Math.floor(i / (width * 3)) * 3));
}

async function throughput(megabytes: number, hash: (bytes: Uint8Array) => Promise<unknown>): Promise<string> {
  const bytes = Uint8Array.from({ length: megabytes * 1024 * 1024 }, (_, i) => (i * 2654435761) >>> 24);
  await hash(bytes); // warm-up (compiles the WebAssembly)
  return `${(megabytes / ((await time(5, () => hash(bytes))) / 1000)).toFixed(0)} MB/s`;
}

const rows: Array<[string, string]> = [];
const only = process.env.BENCH_ONLY;
const small = rgb(512, 512);
const large = rgb(1600, 1004);
if (!only) rows.push(['PDQ core, 512×512 RGB (Node)', fmt(await time(30, () => pdqHash(small, 512, 512, 3)))]);
if (!only) rows.push(['PDQ core, 1600×1004 RGB incl. 512 squash (Node)', fmt(await time(30, () => pdqHash(large, 1600, 1004, 3)))]);
if (!only) {
  const losslessWebp = readFileSync(path.resolve(__dirname, '../tests/fixtures/images/lossless-alpha.webp')).subarray(20); // the VP8L payload
  const vp8lMs = await time(30, () => decodeVp8l(losslessWebp));
  rows.push(['Lossless WebP decode, ours, 128×128 photo with alpha (Node)', `${((128 * 128) / 1e3 / vp8lMs).toFixed(1)} MP/s`]);
}
if (!only) rows.push(['MD5, @noble/hashes (Node)', await throughput(64, md5Hex)]);
if (!only) rows.push(['SHA-256, WebCrypto (Node)', await throughput(64, (b) => crypto.subtle.digest('SHA-256', b as Uint8Array<ArrayBuffer>))]);

for (const [width, height] of [[480, 720], [1280, 720], [1920, 1080]] as const) {
  const frame = syntheticFrame(width, height);
  const hasher = new VpdqFrameHasher();
  const ms = await time(20, () => hasher.hashYuv(frame, 0, 30));
  rows.push([`vPDQ per-frame work ${width}×${height} (Node)`, `${(1000 / ms).toFixed(0)} frames/s`]);
  // TMK's: the libswscale-like 64×64 scale, PDQF, and folding into the signature (utils/hash/video-tmk.ts).
  const accumulator = new TmkAccumulator();
  const tmkMs = await time(20, () => accumulator.push(pdqfFeature(scaleYuv420ToRgb(frame))));
  rows.push([`TMK per-frame work ${width}×${height} (Node)`, `${(1000 / tmkMs).toFixed(0)} frames/s`]);
}

const VIDEOS = path.resolve(__dirname, '../../shared/fixtures/vpdq/videos');
const VIDEO_FILES = readdirSync(VIDEOS).filter((f) => f.endsWith('.mp4')).sort();
const urlOf = (file: string) => `https://pbs.twimg.com/media/bench-${file.replace(/[^a-z0-9]+/gi, '-')}`;
const videoUrlOf = (file: string) => `https://video.twimg.com/tweet_video/bench-${file}`;
/** The videos scripts/make-bench-videos.sh makes, where the bench serves them: the 2.5-minute SD one, the 1080p one. */
const MADE_VIDEOS = [{ file: TMK_LONG_VIDEO, url: TMK_LONG_VIDEO_URL }, { file: BENCH_VIDEO, url: BENCH_VIDEO_URL }];
// It calls the worker's globalThis.flagpost: the test build, made if missing or stale.
ensureTestBuild();
const extension = await launchWithExtension(EXTENSION_DIR, {
  routes: (url) => {
    const file = FILES.find((f) => urlOf(f) === url);
    if (file !== undefined) return { body: readFileSync(path.join(IMAGES, file)) };
    const video = VIDEO_FILES.find((f) => videoUrlOf(f) === url);
    const made = MADE_VIDEOS.find((v) => v.url === url)?.file;
    const videoFile = made ?? (video === undefined ? undefined : path.join(VIDEOS, video));
    return videoFile === undefined ? undefined : { headers: { 'content-type': 'video/mp4' }, body: readFileSync(videoFile) };
  },
});
let chromium = '';
try {
  chromium = await extension.browser.version();
  const worker = await extension.serviceWorker();
  if (!only) rows.push([
    'SHA-256, WebCrypto (Chromium service worker)',
    await worker.evaluate(async () => {
      const bytes = new Uint8Array(64 * 1024 * 1024).map((_, i) => (i * 2654435761) >>> 24);
      await crypto.subtle.digest('SHA-256', bytes);
      const started = performance.now();
      for (let i = 0; i < 3; i++) await crypto.subtle.digest('SHA-256', bytes);
      return `${(192 / ((performance.now() - started) / 1000)).toFixed(0)} MB/s`;
    }),
  ]);
  for (const file of only ? [] : FILES) {
    const { ms, entry } = await worker.evaluate(async (url) => {
      type HashMedia = (media: Array<{ kind: 'image'; sourceUrl: string }>) => Promise<MediaEntry[]>;
      const { hashMedia } = (globalThis as unknown as { flagpost: { hashMedia: HashMedia } }).flagpost;
      const samples: number[] = [];
      let entry: MediaEntry | undefined;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        [entry] = await hashMedia([{ kind: 'image', sourceUrl: url }]);
        samples.push(performance.now() - started);
      }
      return { ms: samples.sort((a, b) => a - b)[1]!, entry: entry! };
    }, urlOf(file));
    const size = entry.error ? `error: ${entry.error}` : `${entry.width}×${entry.height}, ${(entry.bytes! / 1024).toFixed(0)} KB`;
    rows.push([`fetch+decode+hash ${file} (${size})`, fmt(ms)]);
  }
  for (const file of only ? [] : VIDEO_FILES) {
    const { ms, entry } = await worker.evaluate(async (url) => {
      type HashMedia = (media: Array<{ kind: 'video'; sourceUrl: string }>) => Promise<MediaEntry[]>;
      const { hashMedia } = (globalThis as unknown as { flagpost: { hashMedia: HashMedia } }).flagpost;
      const started = performance.now();
      const [entry] = await hashMedia([{ kind: 'video', sourceUrl: url }]);
      return { ms: performance.now() - started, entry: entry! };
    }, videoUrlOf(file));
    const vpdq = entry.hashes.find((hash) => hash.algorithm === 'vpdq');
    const hashed = vpdq && 'frames' in vpdq ? vpdq.frames.length : 0;
    const decoded = Math.round((entry.durationS ?? 0) * 30);
    rows.push([
      `vPDQ fetch+decode+hash ${file} (${entry.error ?? `${hashed} frames hashed of ~${decoded}`})`,
      `${(decoded / (ms / 1000)).toFixed(0)} frames/s`,
    ]);
  }
  if (only !== 'tmk') rows.push(...(await benchVideo(extension)));
  if (!only || only === 'tmk') {
    const samples = ['chair-19-sd-bar.mp4', 'doorknob-hd-no-bar.mp4'].map((file) => ({ file: path.join(VIDEOS, file), url: videoUrlOf(file) }));
    rows.push(...(await benchTmk(extension, [...samples, ...MADE_VIDEOS])));
  }
  if (process.env.VPDQ_BENCH_URL) rows.push(...(await benchVideoUrl(extension, process.env.VPDQ_BENCH_URL)));
} finally {
  await extension.close();
}

console.log(`Flagpost hashing figures — ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}, ${chromium}`);
const width = Math.max(...rows.map(([label]) => label.length));
for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value.padStart(10)}`);
