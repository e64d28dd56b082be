/**
 * TMK+PDQF in real Chromium: the built extension fetches each sample video, decodes it with WebCodecs in its
 * offscreen document's worker and computes TMK alone (`npm run hash -- --tmk`, VideoHashOptions.vpdq false) or
 * vPDQ and TMK from the same frames (a report, VideoHashOptions.tmk): the same .tmk either way. The
 * signatures are compared with the reference's files (../shared/fixtures/tmk/sample-hashes): the same
 * frame count (the `-r 15` frame pick), level-1 (cosine of the pure averages) and the cosine of all cos/sin
 * features laid end to end (level 2 at offset 0, without the best-offset search that could hide a shift).
 * Measured at commit time: level-1 ≥ 0.9996 and cos/sin ≥ 0.9978 on every video (doorknob-hd-no-bar lowest,
 * the others ≥ 0.9997; the 64×64 scale sums blocks and reads every other row, see tmk/scale.ts); asserted:
 * ≥ 0.99 for both. Rotated copies (tkhd matrix, as phones write) are compared
 * with the reference's ffmpeg pipeline run here: the same figures.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TmkAccumulator } from '../utils/hash/tmk/aggregate';
import { pdqfFeature } from '../utils/hash/tmk/feature';
import type { TmkSignature } from '../utils/hash/tmk/format';
import { tmkFrameBytes, tmkReferenceFfmpegArgs } from '../utils/hash/tmk/sampling';
import { tmkScores } from '../utils/hash/tmk/score';
import type { VideoTmkResult } from '../utils/pipeline/hash-tmk';
import type { MediaEntry } from '../utils/schema/report';
import { EXTENSION_DIR } from './flagpost';
import { launchWithExtension, type LaunchedExtension, type Routes } from './harness';
import { againstReference, cosSinCosine, MIN_TMK_SCORE as MIN_SCORE, tmkFromBase64 } from './tmk-reference';

const VIDEOS_DIR = path.resolve(__dirname, '../../shared/fixtures/vpdq/videos');
const VIDEOS = readdirSync(VIDEOS_DIR)
  .filter((file) => file.endsWith('.mp4'))
  .map((file) => file.slice(0, -'.mp4'.length))
  .sort();
const urlOf = (name: string) => `https://video.twimg.com/tweet_video/${name}.mp4`;

const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;
/** Rotated copies (made in beforeAll when ffmpeg is installed), served like the samples. */
const rotatedDir = mkdtempSync(path.join(tmpdir(), 'tmk-rotated-'));
const ROTATED: Record<string, { source: string; rotate: number }> = {
  'rot90-chair-19-sd-bar': { source: 'chair-19-sd-bar', rotate: 90 },
  'rot180-pattern-sd-grey-bar': { source: 'pattern-sd-grey-bar', rotate: 180 },
  'rot270-doorknob-hd-no-bar': { source: 'doorknob-hd-no-bar', rotate: 270 },
};

/**
 * The reference's signature without the reference binary: its own ffmpeg command, then PDQF and aggregation,
 * which tests/hash/tmk/tmk-features.test.ts shows give the reference's .tmk byte for byte.
 */
function referenceTmkByFfmpeg(file: string): TmkSignature {
  const raw = execFileSync('ffmpeg', tmkReferenceFfmpegArgs(file), { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  const size = tmkFrameBytes();
  const accumulator = new TmkAccumulator();
  for (let o = 0; o + size <= raw.length; o += size) accumulator.push(pdqfFeature(raw.subarray(o, o + size)));
  return accumulator.finish();
}

const routes: Routes = (url) => {
  const name = VIDEOS.find((video) => urlOf(video) === url);
  const rotated = Object.keys(ROTATED).find((video) => urlOf(video) === url);
  const file = name ? path.join(VIDEOS_DIR, `${name}.mp4`) : rotated ? path.join(rotatedDir, `${rotated}.mp4`) : undefined;
  return file ? { headers: { 'content-type': 'video/mp4' }, body: readFileSync(file) } : undefined;
};

/** TMK of a served video through the service worker's videoTmk (what `npm run hash -- --tmk` calls). */
async function videoTmkOf(name: string): Promise<TmkSignature> {
  const worker = await extension.serviceWorker();
  const result: VideoTmkResult = await worker.evaluate((url) => (globalThis as any).flagpost.videoTmk(url), urlOf(name));
  if ('error' in result) throw new Error(`${name}: ${result.error}`);
  return tmkFromBase64(result.tmk);
}

let extension: LaunchedExtension;

beforeAll(async () => {
  extension = await launchWithExtension(EXTENSION_DIR, { routes });
});

afterAll(async () => {
  await extension?.close();
  rmSync(rotatedDir, { recursive: true, force: true });
});

describe('TMK+PDQF of fetched videos', () => {
  test('videoTmk (the `npm run hash -- --tmk` path) matches the reference on every sample video', { timeout: 240_000 }, async () => {
    const figures: Record<string, unknown> = {};
    for (const name of VIDEOS) {
      const { level1, level2, cosSin, frames, referenceFrames } = againstReference(await videoTmkOf(name), name);
      figures[name] = { frames, referenceFrames, level1: level1.toFixed(6), level2: level2.toFixed(6), cosSin: cosSin.toFixed(6) };
      expect(frames, name).toBe(referenceFrames);
      expect(level1, name).toBeGreaterThanOrEqual(MIN_SCORE);
      expect(cosSin, name).toBeGreaterThanOrEqual(MIN_SCORE);
    }
    console.table(figures);
  });

  test.skipIf(!hasFfmpeg)('rotated phone-style MP4s are hashed upright, as ffmpeg\'s autorotation does', { timeout: 240_000 }, async () => {
    const figures: Record<string, unknown> = {};
    for (const [name, { source, rotate }] of Object.entries(ROTATED)) {
      const file = path.join(rotatedDir, `${name}.mp4`);
      const input = path.join(VIDEOS_DIR, `${source}.mp4`);
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', input, '-c', 'copy', '-metadata:s:v:0', `rotate=${rotate}`, file]);
      const ours = await videoTmkOf(name);
      const reference = referenceTmkByFfmpeg(file);
      const { level1 } = tmkScores(ours, reference);
      const cosSin = cosSinCosine(ours, reference);
      // The upright picture is a different picture: the stored (unrotated) one scores far lower against it.
      const unrotated = tmkScores(ours, referenceTmkByFfmpeg(input)).level1;
      figures[name] = { level1: level1.toFixed(6), cosSin: cosSin.toFixed(6), level1AgainstUnrotated: unrotated.toFixed(6) };
      expect(ours.frameFeatureCount, name).toBe(reference.frameFeatureCount);
      expect(level1, name).toBeGreaterThanOrEqual(MIN_SCORE);
      expect(cosSin, name).toBeGreaterThanOrEqual(MIN_SCORE);
      expect(unrotated, name).toBeLessThan(level1);
    }
    console.table(figures);
  });

  test('a file that is not a video gets a clear error', async () => {
    const worker = await extension.serviceWorker();
    const bogus = 'https://video.twimg.com/tweet_video/not-a-video.mp4';
    extension.fixtures.setRoutes((url, request) =>
      url === bogus ? { headers: { 'content-type': 'video/mp4' }, body: 'not an mp4 at all' } : routes(url, request),
    );
    try {
      const result: VideoTmkResult = await worker.evaluate((url) => (globalThis as any).flagpost.videoTmk(url), bogus);
      expect(result).toEqual({ error: expect.stringMatching(/not a video file/) });
    } finally {
      extension.fixtures.setRoutes(routes);
    }
  });

  test('off unless asked, and alone when only TMK is wanted: hashMedia without `tmk` hashes the same vPDQ frames as with it and carries no TMK; videoTmk (TMK alone) gives the report\'s .tmk byte for byte', { timeout: 300_000 }, async () => {
    const worker = await extension.serviceWorker();
    const figures: Record<string, unknown> = {};
    for (const name of VIDEOS) {
      const timed = await worker.evaluate(async (url) => {
        const flagpost = (globalThis as any).flagpost;
        let started = performance.now();
        const [entry] = await flagpost.hashMedia([{ kind: 'video', sourceUrl: url }]);
        const vpdqMs = performance.now() - started;
        started = performance.now();
        const [withTmk] = await flagpost.hashMedia([{ kind: 'video', sourceUrl: url }], { tmk: async () => true });
        const withTmkMs = performance.now() - started;
        started = performance.now();
        const tmkAlone = await flagpost.videoTmk(url);
        return { entry, withTmk, tmkAlone, vpdqMs, withTmkMs, tmkAloneMs: performance.now() - started };
      }, urlOf(name));
      const entry = timed.entry as MediaEntry;
      const withTmk = timed.withTmk as MediaEntry;
      const tmkAlone = timed.tmkAlone as VideoTmkResult;
      const find = <A extends MediaEntry['hashes'][number]['algorithm']>(of: MediaEntry, algorithm: A) =>
        of.hashes.find((hash): hash is Extract<MediaEntry['hashes'][number], { algorithm: A }> => hash.algorithm === algorithm);
      const [vpdq, vpdqBesideTmk, reportTmk] = [find(entry, 'vpdq'), find(withTmk, 'vpdq'), find(withTmk, 'tmk')];
      if (!vpdq || !vpdqBesideTmk || !reportTmk || 'error' in tmkAlone) throw new Error(`${name}: no vPDQ or no TMK`);
      expect(Object.keys(entry), name).not.toContain('tmk');
      expect(entry.hashes.map((hash) => hash.algorithm).sort(), name).toEqual(['md5', 'sha256', 'vpdq']);
      expect(vpdqBesideTmk.frames, name).toEqual(vpdq.frames);
      expect(tmkAlone.tmk, name).toBe(reportTmk.value);
      // Figures only (tests never assert time): what the TMK pass adds to the one-frame-a-second vPDQ decode.
      const tmkFrames = tmkFromBase64(tmkAlone.tmk).frameFeatureCount;
      figures[name] = {
        vpdqMs: Math.round(timed.vpdqMs),
        withTmkMs: Math.round(timed.withTmkMs),
        tmkAloneMs: Math.round(timed.tmkAloneMs),
        tmkFrames,
      };
    }
    console.table(figures);
  });

  test('TMK alone in the video worker (`vpdq: false`): no vPDQ frame, the .tmk of a vPDQ+TMK job byte for byte, progress in TMK frames', { timeout: 240_000 }, async () => {
    const offscreen = await extension.browser.newPage();
    try {
      await offscreen.goto(`chrome-extension://${extension.extensionId}/offscreen.html`);
      await offscreen.waitForFunction(() => 'flagpostVideo' in globalThis);
      for (const name of VIDEOS) {
        const jobs = await offscreen.evaluate(async (url) => {
          const limits = { maxBytes: 2 ** 30, maxDurationS: 600, maxFrames: 36_000, maxFrameSide: 4096, budgetMs: 120_000 };
          const run = async (options: object) => {
            const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
            const progress: Array<[number, number]> = [];
            const onProgress = (done: number, total: number) => progress.push([done, total]);
            const { frames, tmk } = await (globalThis as any).flagpostVideo.hash(bytes, { limits, ...options }, { onProgress });
            return { vpdqFrames: (frames as unknown[]).length, tmk: tmk as string, progress };
          };
          return {
            both: await run({ secondsPerHash: 1, tmk: true }),
            alone: await run({ secondsPerHash: 1, tmk: true, vpdq: false }),
          };
        }, urlOf(name));
        expect(jobs.both.vpdqFrames, name).toBeGreaterThan(0);
        expect(jobs.alone.vpdqFrames, name).toBe(0);
        expect(jobs.alone.tmk, name).toBe(jobs.both.tmk);
        // Progress counts the decoded frames TMK takes (one may fill several 15 fps slots), up to all of them.
        const [done, total] = jobs.alone.progress.at(-1)!;
        expect(done, name).toBe(total);
        expect(total, name).toBeGreaterThan(jobs.both.vpdqFrames);
        expect(total, name).toBeLessThanOrEqual(tmkFromBase64(jobs.alone.tmk).frameFeatureCount);
      }
      const neither = offscreen.evaluate(async () => {
        const limits = { maxBytes: 2 ** 30, maxDurationS: 600, maxFrames: 36_000, maxFrameSide: 4096, budgetMs: 120_000 };
        await (globalThis as any).flagpostVideo.hash(new Uint8Array(16), { secondsPerHash: 1, limits, vpdq: false });
      });
      await expect(neither).rejects.toThrow(/nothing to hash/);
    } finally {
      await offscreen.close();
    }
  });
});
