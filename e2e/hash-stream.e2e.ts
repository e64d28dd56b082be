/**
 * Streams and containers in real Chromium: the built extension's hashMedia fetches each remux of a sample
 * video (HLS TS / fMP4 / byte ranges / master playlist, DASH $Number$ / $Time$ / SegmentList / SegmentBase,
 * fragmented MP4, H.264 in Matroska: all `-c copy`; VP9, VP8 and AV1 WebM: re-encodes) from real-looking CDN URLs
 * and must give the source file's vPDQ lines: identical for the copies, the reference's tolerance (same
 * frame numbers, Hamming < 31 where both qualities ≥ 50) for the re-encode. Then progress and cancel.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hammingDistance } from '../utils/hash/pdq-distance';
import { vpdqLines } from '../utils/hash/video-vpdq';
import type { MediaEntry, MediaKind } from '../utils/schema/report';
import {
  COPIES, ensureVideoFixtures, REMUX_ENTRIES, remuxUrl, serveRemux, sourceUrl,
} from '../test-support/video-fixtures';
import { EXTENSION_DIR } from './flagpost';
import { launchWithExtension, type LaunchedExtension, type Routes } from './harness';
import { headerOf } from '../test-support/serve-files';

const routes: Routes = (url, request) => serveRemux(url, headerOf(request.headers, 'range'));

let extension: LaunchedExtension;
beforeAll(async () => {
  ensureVideoFixtures();
  extension = await launchWithExtension(EXTENSION_DIR, { routes });
}, 300_000);
afterAll(async () => {
  await extension?.close();
});

type Progress = { index: number; done: number; total: number };
/** hashMedia in the service worker; progress events collected there; abort after `abortAfter` of them. */
async function hash(urls: string[], abortAfter?: number): Promise<{ entries: MediaEntry[]; progress: Progress[] }> {
  const worker = await extension.serviceWorker();
  return worker.evaluate(
    async (urls, abortAfter, kind) => {
      type Options = { onProgress(index: number, p: { done: number; total: number }): void; signal: AbortSignal };
      type HashMedia = (media: Array<{ kind: MediaKind; sourceUrl: string }>, options: Options) => Promise<MediaEntry[]>;
      const { hashMedia } = (globalThis as unknown as { flagpost: { hashMedia: HashMedia } }).flagpost;
      const controller = new AbortController();
      const progress: Progress[] = [];
      const onProgress = (index: number, { done, total }: { done: number; total: number }) => {
        progress.push({ index, done, total });
        if (progress.length === abortAfter) controller.abort();
      };
      const entries = await hashMedia(urls.map((sourceUrl) => ({ kind, sourceUrl })), { onProgress, signal: controller.signal });
      return { entries, progress };
    },
    urls,
    abortAfter,
    'video' as MediaKind,
  );
}

const vpdqOf = (entry: MediaEntry) => {
  const vpdq = entry.hashes.find((hash) => hash.algorithm === 'vpdq');
  if (vpdq?.algorithm !== 'vpdq') throw new Error(`${entry.sourceUrl}: ${entry.error ?? 'no vPDQ hash'}`);
  return vpdq.frames;
};

describe('vPDQ of streams and other containers', () => {
  test.each(COPIES)('every -c copy remux of %s gives the source file\'s lines', { timeout: 300_000 }, async (source) => {
    const names = Object.keys(REMUX_ENTRIES) as (keyof typeof REMUX_ENTRIES)[];
    const usable = names.filter((name) => !(source === 'test-padded-dimensions' && name === 'dash-number')); // see the unit test
    const urls = [sourceUrl(source), ...usable.map((name) => remuxUrl(source, REMUX_ENTRIES[name])), remuxUrl(source, 'hls-master/master.m3u8')];
    const { entries } = await hash(urls.filter((url) => serveRemux(url)));
    const [file, ...remuxes] = entries;
    const expected = vpdqLines(vpdqOf(file!));
    expect(file!.hashes.map((h) => h.algorithm)).toEqual(['sha256', 'md5', 'vpdq']);
    for (const entry of remuxes) {
      expect(vpdqLines(vpdqOf(entry)), entry.sourceUrl).toEqual(expected);
      expect([entry.width, entry.height], entry.sourceUrl).toEqual([file!.width, file!.height]);
      const stream = /\.(m3u8|mpd)$/.test(entry.sourceUrl);
      // A stream has no single file: vPDQ only, and the rendition it was taken from.
      expect(entry.hashes.map((h) => h.algorithm), entry.sourceUrl).toEqual(stream ? ['vpdq'] : ['sha256', 'md5', 'vpdq']);
      expect(Boolean(entry.rendition), entry.sourceUrl).toBe(stream);
    }
  });

  test.each([
    ['pattern-sd-grey-bar', 'vp9.webm'],
    ['test-padded-dimensions', 'vp8.webm'],
    ['test-padded-dimensions', 'av1.webm'],
  ])('%s as %s (a re-encode): the same frame numbers, within the reference tolerance', { timeout: 120_000 }, async (source, file) => {
    const { entries } = await hash([sourceUrl(source), remuxUrl(source, file)]);
    const [original, webm] = entries.map(vpdqOf);
    expect(webm!.map((f) => [f.frame, f.ts])).toEqual(original!.map((f) => [f.frame, f.ts]));
    const distances = webm!
      .map((f, i) => ({ f, r: original![i]! }))
      .filter(({ f, r }) => f.quality >= 50 && r.quality >= 50)
      .map(({ f, r }) => hammingDistance(f.value, r.value));
    console.info(`${file} vs the H.264 source: max Hamming ${Math.max(...distances)} over ${distances.length} frames`);
    expect(distances.length).toBeGreaterThan(0);
    expect(Math.max(...distances)).toBeLessThan(31);
  });

  test('progress: total = frames to hash, done rises to it; per medium index', { timeout: 120_000 }, async () => {
    const { entries, progress } = await hash([remuxUrl('pattern-sd-grey-bar', 'hls-ts/index.m3u8')]);
    const frames = vpdqOf(entries[0]!).length;
    expect(progress[0]).toEqual({ index: 0, done: 0, total: frames });
    expect(progress.at(-1)).toEqual({ index: 0, done: frames, total: frames });
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
  });

  test('cancel: the medium gets "hashing cancelled" and no hash; the extension hashes the next call normally', { timeout: 120_000 }, async () => {
    const url = remuxUrl('pattern-sd-grey-bar', 'hls-fmp4/index.m3u8');
    const { entries } = await hash([url, remuxUrl('pattern-sd-grey-bar', 'dash-number/manifest.mpd')], 2);
    expect(entries.map((e) => e.error)).toEqual(['hashing cancelled', 'hashing cancelled']);
    expect(entries[0]!.hashes).toEqual([]);
    const again = await hash([url]);
    expect(again.entries[0]!.error).toBeUndefined();
  });
});
