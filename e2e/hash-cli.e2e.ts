/**
 * `npm run hash` prints what the extension computes: the same PDQ, quality, MD5 and SHA-256 as the
 * extension's hashMedia for every PDQ fixture image, and a missing file is named on stderr with exit
 * status 1 while the other files are still hashed. With --video, a stream (playlist + segments beside it)
 * prints the same vPDQ lines as its source file. With --tmk --out DIR, an HLS playlist and a DASH manifest each
 * get a .tmk that scores against the reference's as the source file does; a file it cannot read: exit status 1.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ensureVideoFixtures, REMUXES, SOURCES } from '../test-support/video-fixtures';
import type { MediaEntry } from '../utils/schema/report';
import { EXTENSION_DIR } from './flagpost';
import { launchWithExtension, type LaunchedExtension } from './harness';
import { againstReference, MIN_TMK_SCORE, tmkFromBase64 } from './tmk-reference';

const ROOT = path.resolve(__dirname, '..');
const IMAGES = path.resolve(__dirname, '../../shared/fixtures/pdq/images');
const FILES = readdirSync(IMAGES, { recursive: true, encoding: 'utf8' })
  .filter((file) => /\.(jpg|png|webp)$/.test(file))
  .sort()
  .map((file) => path.join(IMAGES, file));
const MISSING = path.join(IMAGES, 'no-such-file.jpg');

const urlOf = (index: number) => `https://pbs.twimg.com/media/cli-check-${index}`;

let extension: LaunchedExtension;
beforeAll(async () => {
  extension = await launchWithExtension(EXTENSION_DIR, {
    routes: (url) => {
      const index = FILES.findIndex((_, i) => urlOf(i) === url);
      return index < 0 ? undefined : { body: readFileSync(FILES[index]!) };
    },
  });
});
afterAll(async () => {
  await extension?.close();
});

/** The extension's own answer, as `pdq quality md5 sha256` per file. */
async function extensionLines(): Promise<string[]> {
  const worker = await extension.serviceWorker();
  const entries = await worker.evaluate((urls) => {
    type HashMedia = (media: Array<{ kind: 'image'; sourceUrl: string }>) => Promise<MediaEntry[]>;
    const { hashMedia } = (globalThis as unknown as { flagpost: { hashMedia: HashMedia } }).flagpost;
    return hashMedia(urls.map((sourceUrl) => ({ kind: 'image', sourceUrl })));
  }, FILES.map((_, i) => urlOf(i)));
  return entries.map((entry, i) => {
    const value = (algorithm: string) => entry.hashes.find((hash) => hash.algorithm === algorithm);
    const pdq = value('pdq') as { value: string; quality: number };
    return [pdq.value, pdq.quality, (value('md5') as { value: string }).value, (value('sha256') as { value: string }).value, FILES[i]].join('\t');
  });
}

test('same lines as the extension for every fixture image; a missing file is reported, the rest hashed', { timeout: 180_000 }, async () => {
  const { code, stdout, stderr } = await promisify(execFile)(
    path.join(ROOT, 'node_modules/.bin/vite-node'),
    ['scripts/hash.ts', ...FILES, MISSING],
    { cwd: ROOT, maxBuffer: 1 << 24 },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  expect(stdout.trim().split('\n')).toEqual(await extensionLines());
  expect(stdout).toMatch(/^[0-9a-f]{64}\t\d+\t[0-9a-f]{32}\t[0-9a-f]{64}\t\//);
  expect(stderr).toContain(`${MISSING}: no such file`);
  expect(code).toBe(1);
});

test('--video: an HLS playlist, a DASH manifest and a fragmented MP4 print the source file\'s lines', { timeout: 180_000 }, async () => {
  ensureVideoFixtures();
  const source = path.join(SOURCES, 'pattern-sd-grey-bar.mp4');
  const remuxes = ['hls-fmp4/index.m3u8', 'dash-number/manifest.mpd', 'fragmented.mp4'].map((entry) =>
    path.join(REMUXES, 'pattern-sd-grey-bar', entry),
  );
  const bad = path.join(mkdtempSync(path.join(tmpdir(), 'flagpost-cli-')), 'empty.m3u8');
  writeFileSync(bad, '#EXTM3U\n#EXT-X-ENDLIST\n');
  const { code, stdout, stderr } = await promisify(execFile)(
    path.join(ROOT, 'node_modules/.bin/vite-node'),
    ['scripts/hash.ts', '--video', source, ...remuxes, bad],
    { cwd: ROOT, maxBuffer: 1 << 24 },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  const blocks = stdout.trim().split(/^# .*\n/m).slice(1).map((block) => block.trim());
  expect(blocks).toHaveLength(4);
  expect(blocks[0]).toMatch(/^0,\d+,[0-9a-f]{64},0\.000$/m);
  expect(new Set(blocks).size).toBe(1);
  expect(stderr).toContain(`${bad}: hashing failed: the HLS playlist lists no segment`);
  expect(code).toBe(1);
});

test('--tmk --out DIR: an HLS playlist and a DASH manifest get their .tmk; a file that is not a video: exit 1, its name left free', { timeout: 240_000 }, async () => {
  ensureVideoFixtures();
  const name = 'pattern-sd-grey-bar';
  const inputs = ['hls-ts/index.m3u8', 'dash-number/manifest.mpd'].map((entry) => path.join(REMUXES, name, entry));
  const scratch = mkdtempSync(path.join(tmpdir(), 'flagpost-cli-tmk-'));
  // Named as the playlist's signature will be, and first: a file that failed must not keep index.tmk from it.
  const bogus = path.join(scratch, 'index.mp4');
  writeFileSync(bogus, 'not a video');
  const out = path.join(scratch, 'out');
  const { code, stderr } = await promisify(execFile)(
    path.join(ROOT, 'node_modules/.bin/vite-node'),
    ['scripts/hash.ts', '--tmk', '--out', out, bogus, ...inputs],
    { cwd: ROOT, maxBuffer: 1 << 24 },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  expect(stderr).toContain(`${bogus}: not a video file`);
  expect(code).toBe(1);
  expect(readdirSync(out).sort()).toEqual(['index.tmk', 'manifest.tmk']);
  for (const file of ['index.tmk', 'manifest.tmk']) {
    const scores = againstReference(tmkFromBase64(readFileSync(path.join(out, file)).toString('base64')), name);
    expect(scores.frames, file).toBe(scores.referenceFrames);
    expect(scores.level1, file).toBeGreaterThanOrEqual(MIN_TMK_SCORE);
    expect(scores.cosSin, file).toBeGreaterThanOrEqual(MIN_TMK_SCORE);
  }
});
