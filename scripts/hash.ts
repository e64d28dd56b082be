/**
 * `npm run hash -- FILE...` hashes files the way the extension does, by the extension itself: it starts
 * headless Chromium with the test build of the extension (dist/chrome-mv3-test, built first if missing or
 * stale: e2e/test-build.ts), serves each file at a made-up media URL and calls the service worker's
 * hashMedia. What it prints is what a report would carry.
 *
 *   images:          pdq_hex<TAB>quality<TAB>md5<TAB>sha256<TAB>file
 *   --video FILE...: vPDQ lines frame,quality,hex,ts (after a "# file" line when there are several files).
 *                    FILE may be any video file (MP4, fragmented MP4, WebM, MKV, MPEG-TS), an HLS playlist
 *                    (.m3u8) or a DASH manifest (.mpd): each file's folder is served with it, so a stream's
 *                    segments (and byte ranges of them) are fetched beside it, as from a CDN.
 *   --tmk --out DIR FILE...: TMK+PDQF of each video (any FILE --video takes), written to DIR/NAME.tmk (NAME: the
 *                    file's name without its extension), by the same fetch and decode as a report's video, TMK alone
 *                    (no vPDQ computed: only the frames TMK takes are decoded).
 *   --tmk-score A.tmk B.tmk: the two TMK+PDQF scores of two video signatures (no browser; scripts/tmk-score.ts)
 *
 * A file that is missing, unreadable, too large or cannot be hashed: a message on stderr, exit status 1 at
 * the end; the other files are still hashed.
 */
import { accessSync, constants, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXTENSION_DIR } from '../e2e/flagpost';
import { launchWithExtension, type Routes } from '../e2e/harness';
import { ensureTestBuild } from '../e2e/test-build';
import { headerOf, serveFromFolder } from '../test-support/serve-files';
import { defaultVideoLimits } from '../utils/hash/video-decode';
import { vpdqLines } from '../utils/hash/video-vpdq';
import { readTmk } from '../utils/hash/tmk/format';
import type { VideoTmkResult } from '../utils/pipeline/hash-tmk';
import { defaultFetchLimits } from '../utils/pipeline/fetch-media';
import type { MediaEntry, MediaKind } from '../utils/schema/report';
import { runTmkScore } from './tmk-score';

/** Files per call into the worker, to stay well inside puppeteer's protocol timeout. */
const BATCH = 16;

const args = process.argv.slice(2);
if (args[0] === '--tmk-score') process.exit(runTmkScore(args.slice(1)));
const tmk = args.includes('--tmk');
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 ? args[outIndex + 1] : undefined;
const video = tmk || args.includes('--video');
const files = args.filter((arg, i) => arg !== '--video' && arg !== '--tmk' && (outIndex < 0 || (i !== outIndex && i !== outIndex + 1)));
if (files.length === 0 || (tmk && !outDir) || (outIndex >= 0 && !tmk)) {
  console.error('usage: npm run hash -- [--video] FILE...  |  npm run hash -- --tmk --out DIR FILE...');
  process.exit(2);
}
if (outDir) {
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    console.error(`${outDir}: cannot create the output folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    process.exit(2);
  }
}

let failed = false;
function fail(file: string, why: string): void {
  console.error(`${file}: ${why}`);
  failed = true;
}

// Read here first: a file that cannot be read never reaches the browser.
const host = video ? 'video.twimg.com' : 'pbs.twimg.com';
const maxBytes = video ? defaultVideoLimits.maxBytes : defaultFetchLimits.maxBytes;
const readable = files.flatMap((file, index) => {
  try {
    const stat = statSync(file);
    if (!stat.isFile()) {
      fail(file, 'not a file');
      return [];
    }
    const size = stat.size;
    if (size > maxBytes) {
      fail(file, `too large: ${(size / 1024 / 1024).toFixed(1)} MB (the limit is ${maxBytes / 1024 / 1024} MB)`);
      return [];
    }
    accessSync(file, constants.R_OK); // readable here, or a clear message now
    const prefix = `https://${host}/flagpost-hash/${index}/`;
    return [{ file, prefix, url: prefix + encodeURIComponent(path.basename(file)) }];
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(file, code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? String(error)})`);
    return [];
  }
});

if (readable.length > 0) {
  // The worker's globalThis.flagpost is in the test build only: made here if missing or older than its sources.
  try {
    ensureTestBuild();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  // Each file's folder under its own prefix: a playlist's segments are served beside it, with Range.
  const routes: Routes = (url, request) => {
    const hit = readable.find((item) => url.startsWith(item.prefix));
    return hit && serveFromFolder(hit.prefix, path.dirname(hit.file), url, headerOf(request.headers, 'range'));
  };
  const extension = await launchWithExtension(EXTENSION_DIR, { routes });
  try {
    if (tmk) await writeTmkFiles(extension, outDir!);
    for (let start = 0; !tmk && start < readable.length; start += BATCH) {
      const batch = readable.slice(start, start + BATCH);
      const worker = await extension.serviceWorker();
      const entries = await worker.evaluate(
        (urls, kind) => {
          type HashMedia = (media: Array<{ kind: MediaKind; sourceUrl: string }>) => Promise<MediaEntry[]>;
          const { hashMedia } = (globalThis as unknown as { flagpost: { hashMedia: HashMedia } }).flagpost;
          return hashMedia(urls.map((sourceUrl) => ({ kind, sourceUrl })));
        },
        batch.map((item) => item.url),
        (video ? 'video' : 'image') as MediaKind,
      );
      batch.forEach(({ file }, i) => print(file, entries[i]!));
    }
  } finally {
    await extension.close();
  }
}
process.exit(failed ? 1 : 0);

/** One video at a time (a .tmk is 263 KB of base64 through the protocol); each file's failure is its own. */
async function writeTmkFiles(extension: Awaited<ReturnType<typeof launchWithExtension>>, dir: string): Promise<void> {
  const written = new Map<string, string>();
  for (const { file, url } of readable) {
    const target = path.join(dir, `${path.parse(file).name}.tmk`);
    // Two playlists are often both index.m3u8: the second would overwrite the first's signature.
    const earlier = written.get(target);
    if (earlier) {
      fail(file, `${target} is already ${earlier}'s signature (give each input its own name, or run it on its own)`);
      continue;
    }
    const worker = await extension.serviceWorker();
    const started = performance.now();
    const result = await worker.evaluate((sourceUrl) => {
      type VideoTmk = (url: string) => Promise<VideoTmkResult>;
      return (globalThis as unknown as { flagpost: { videoTmk: VideoTmk } }).flagpost.videoTmk(sourceUrl);
    }, url);
    if ('error' in result) {
      fail(file, result.error);
      continue;
    }
    // Written beside it, then renamed: a full disk must not leave a truncated .tmk, nor spoil one from an earlier run.
    const part = `${target}.part-${process.pid}`;
    try {
      writeFileSync(part, Buffer.from(result.tmk, 'base64'));
      renameSync(part, target);
    } catch (error) {
      rmSync(part, { force: true });
      fail(file, `cannot write ${target} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      continue;
    }
    // Only a name that got its signature is taken: an input that failed leaves it to the next one.
    written.set(target, file);
    const seconds = (performance.now() - started) / 1000;
    console.error(`${target}: ${readTmk(readFileSync(target)).frameFeatureCount} TMK frames, ${seconds.toFixed(2)} s`);
  }
}

function print(file: string, entry: MediaEntry): void {
  if (entry.error) return fail(file, entry.error);
  const find = <A extends MediaEntry['hashes'][number]['algorithm']>(algorithm: A) =>
    entry.hashes.find((hash): hash is Extract<MediaEntry['hashes'][number], { algorithm: A }> => hash.algorithm === algorithm);
  if (video) {
    const vpdq = find('vpdq');
    if (!vpdq) return fail(file, 'no vPDQ hash');
    if (files.length > 1) console.log(`# ${file}`);
    for (const line of vpdqLines(vpdq.frames)) console.log(line);
    return;
  }
  const [pdq, md5, sha256] = [find('pdq'), find('md5'), find('sha256')];
  if (!pdq || !md5 || !sha256) return fail(file, 'no PDQ hash');
  console.log([pdq.value, pdq.quality, md5.value, sha256.value, file].join('\t'));
}
