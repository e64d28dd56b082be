/**
 * Image hashing in real Chromium, through the built extension's own path (fetch → decode → hash in its
 * service worker, `globalThis.flagpost.hashMedia`): every PDQ fixture served at a made-up pbs.twimg.com
 * URL and compared with the C++ reference (expected-cpp.tsv; Meta's bar for a new implementation:
 * quality ≥ 80 ⇒ within 10 bits), plus the traps (transparency, EXIF orientation) and the refusals
 * (decode bomb, truncated, mislabelled). Fixtures: ../shared/fixtures/pdq (see its README).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { anmf, exifOrientationSegment, pngDecodeBomb, riff, spliceIntoJpeg, vp8x, webpChunk, webpChunks } from '../test-support/test-images';
import { hammingDistance } from '../utils/hash/pdq-distance';
import { MediaEntry, type MediaHash, type MediaKind } from '../utils/schema/report';
import { configureEndpoint, EXTENSION_DIR, fillAndSend, X_PROFILE_MEDIA, X_PROFILE_URL, xProfileRoutes } from './flagpost';
import { combineRoutes, launchWithExtension, serveFixtures, type LaunchedExtension, type Routes } from './harness';
import { startTestEndpoint } from './test-endpoint';

const PDQ_FIXTURES = path.resolve(__dirname, '../../shared/fixtures/pdq');
const read = (file: string) => readFileSync(path.join(PDQ_FIXTURES, file));

/** expected-cpp.tsv's rows for the image files (the pixels/ rows are for the core's own test). */
const EXPECTED = readFileSync(path.join(PDQ_FIXTURES, 'expected-cpp.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .filter(([file]) => file!.startsWith('images/'))
  .map(([file, hash, quality]) => ({ file: file!, hash: hash!, quality: Number(quality) }));
const expectedHash = (file: string) => EXPECTED.find((row) => row.file === `images/${file}`)!.hash;

/**
 * Benign WebP and AVIF images made for this test (tests/fixtures/images/README.md: a labelme fixture with alpha 0 over
 * a disc and a band, a gradient of alpha below, the colour kept under it), with the PDQ and quality that the C++
 * reference `pdq-photo-hasher` (ThreatExchange pdq/cpp, commit baefb4ed, g++ 12.2) printed for each file, decoding
 * through ImageMagick 6.9.11-60 Q16 with libwebp 1.2.4 and libheif 1.15.1 (Debian 12), i.e. the colour under alpha
 * kept and alpha ignored, the first frame of an animation (on a black canvas where the frame is not).
 */
const ALPHA_IMAGES: Array<{ file: string; hash: string; quality: number }> = [
  ['lossless-alpha.webp', 'a07e94f0e5de0cc8dd85594949cdc9253f7ca273367036d7f202b74bc103c9a7', 100],
  ['lossy-alpha.webp', 'a07e94f0e5de0cc8dd85594849cdc9253f7ca273367036d7f212b74bc103c9a7', 100],
  ['anim-lossless.webp', 'a07e94f0e5de0cc8dd85594949cdc9253f7ca273367036d7f202b74bc103c9a7', 100],
  ['anim-lossy.webp', 'a07e94f0e5de0cc8dd85594849cdc9253f7ca273367036d7f212b74bc103c9a7', 100],
  ['pal2.webp', 'b0cbc71c92d90f25da7c2c22cbe7d0924f4d0b08fc74392907c7d2f42d0ff34b', 68],
  ['pal4.webp', '68fe011fc7973dc8de8579c8494d81842d3cb6b436f03670f2427f4be803c9af', 100],
  ['pal16.webp', '607d03ffe0072cf6d285f9c8490dc9082dbcb63436f036d27b42bf4be00bc9af', 100],
  ['pal200.webp', 'd07f21fbe4a70c98d4874a4959cd69283dbca63636f036d27a40bdebe003c9ae', 100],
  ['two.webp', '113417c917c917c917c9e83617c9e836e83617c9e83617c917c917c917c9e836', 27],
  ['alpha.avif', 'a0fe94f0e5de0cc8dc85594949cdc9253f7ca273367036d7f202b74bc103c9a7', 100],
  ['opaque.avif', 'a0fe94f0e5de0cc8dc85594949cdc9253f7ca273367036d7f202b74bc103c9a7', 100],
  ['alpha420.avif', 'a07e94f0e5de0cc8dd85594949cdc9253f7ca273367036d7f202b74bc103c9a7', 100],
  ['opaque420.avif', 'a07e94f0e5de0cc8dd85594949cdc9253f7ca273367036d7f202b74bc103c9a7', 100],
  // Built by the test from those files' bitstreams (the same bytes were written out and hashed by the reference):
  // an animation whose first frame is smaller than the canvas and offset, lossless and lossy with alpha.
  ['anim-offset-lossless.webp', '090537cb12d4a63dda7448346db2208197cb9205d16e6c3425fa47fa3fd2bfee', 100],
  ['anim-offset-lossy.webp', '95fe098117cf3201a42fc825c9eae001159ab28936780d7e4ff40dfaff93b76a', 100],
].map(([file, hash, quality]) => ({ file: file as string, hash: hash as string, quality: quality as number }));
const ourImage = (file: string) => readFileSync(path.resolve(__dirname, '../tests/fixtures/images', file));
const GENERATED: Record<string, Buffer> = {
  'anim-offset-lossless.webp': riff(
    vp8x(0x12, 60, 50),
    webpChunk('ANIM', Buffer.alloc(6)),
    anmf(4, 6, 48, 40, webpChunks(ourImage('pal16.webp'), 'VP8L')),
    anmf(0, 0, 33, 17, webpChunks(ourImage('two.webp'), 'VP8L')),
  ),
  'anim-offset-lossy.webp': riff(
    vp8x(0x12, 160, 150),
    webpChunk('ANIM', Buffer.alloc(6)),
    anmf(10, 20, 128, 128, webpChunks(ourImage('lossy-alpha.webp'), 'ALPH', 'VP8 ')),
    anmf(0, 0, 33, 17, webpChunks(ourImage('two.webp'), 'VP8L')),
  ),
};

const fixtureUrl = (name: string) => `https://pbs.twimg.com/media/fixture-${name.replace(/[^a-z0-9]+/gi, '-')}`;
const JPEG = read('images/modes/YCbCr.jpg'); // JFIF, no EXIF: 1600×1004
const TRUNCATED_PNG = read('images/misc/c.png').subarray(0, 400_000);
const SERVED = new Map<string, { type: string; body: Buffer }>([
  ...EXPECTED.map(({ file }) => [fixtureUrl(file), { type: 'image/*', body: read(file) }] as const),
  ...ALPHA_IMAGES.map(({ file }) => [fixtureUrl(file), { type: 'image/*', body: GENERATED[file] ?? ourImage(file) }] as const),
  [fixtureUrl('decode-bomb'), { type: 'image/png', body: pngDecodeBomb(20_000, 20_000) }],
  [fixtureUrl('truncated-jpeg'), { type: 'image/jpeg', body: JPEG.subarray(0, JPEG.length / 2) }],
  [fixtureUrl('truncated-png'), { type: 'image/png', body: TRUNCATED_PNG }],
  [fixtureUrl('html-as-jpeg'), { type: 'image/jpeg', body: Buffer.from('<!doctype html><title>Not found</title>') }],
  [fixtureUrl('png-as-jpeg'), { type: 'image/jpeg', body: read('images/misc/pen-and-coaster.png') }],
  [fixtureUrl('exif-orientation-6'), { type: 'image/jpeg', body: spliceIntoJpeg(JPEG, exifOrientationSegment(6)) }],
]);
const serve = (url: string) => {
  const hit = SERVED.get(url);
  return hit && { headers: { 'content-type': hit.type }, body: hit.body };
};
const routes: Routes = serve;

const digest = (algorithm: 'md5' | 'sha256', body: Buffer) => createHash(algorithm).update(body).digest('hex');
const exactHashes = (url: string): MediaHash[] => {
  const { body } = SERVED.get(url)!;
  return [{ algorithm: 'sha256', value: digest('sha256', body) }, { algorithm: 'md5', value: digest('md5', body) }];
};
const pdqOf = (entry: MediaEntry) => entry.hashes.find((hash) => hash.algorithm === 'pdq');

let extension: LaunchedExtension;

beforeAll(async () => {
  extension = await launchWithExtension(EXTENSION_DIR, { routes });
});

afterAll(async () => {
  await extension?.close();
});

/** hashMedia in the extension's service worker; `ms` is measured there. */
async function hashInExtension(urls: string[], kind: MediaKind = 'image'): Promise<{ entries: MediaEntry[]; ms: number }> {
  const worker = await extension.serviceWorker();
  return worker.evaluate(
    async (sourceUrls, mediaKind) => {
      const started = performance.now();
      type HashMedia = (media: Array<{ kind: MediaKind; sourceUrl: string }>) => Promise<MediaEntry[]>;
      const { hashMedia } = (globalThis as unknown as { flagpost: { hashMedia: HashMedia } }).flagpost;
      const entries = await hashMedia(sourceUrls.map((sourceUrl) => ({ kind: mediaKind, sourceUrl })));
      return { entries, ms: performance.now() - started };
    },
    urls,
    kind,
  );
}

describe('PDQ of the fixture images, against the C++ reference', () => {
  test('quality ≥ 80: within 10 bits, median 0; MD5 and SHA-256 are those of the served bytes', { timeout: 180_000 }, async () => {
    const { entries } = await hashInExtension(EXPECTED.map(({ file }) => fixtureUrl(file)));
    const distances: number[] = [];
    const off: string[] = [];
    EXPECTED.forEach(({ file, hash, quality }, i) => {
      const entry = entries[i]!;
      expect(entry.error, file).toBeUndefined();
      expect(entry.hashes.slice(0, 2), file).toEqual(exactHashes(fixtureUrl(file)));
      const pdq = pdqOf(entry);
      if (pdq?.algorithm !== 'pdq') throw new Error(`${file}: no PDQ hash`);
      const distance = hammingDistance(pdq.value, hash);
      if (quality >= 80) distances.push(distance);
      if (distance > 0 || pdq.quality !== quality) off.push(`${file}: ${distance} bits, quality ${pdq.quality} (reference ${quality})`);
    });
    console.log(
      `PDQ vs the C++ reference: ${EXPECTED.length - off.length} of ${EXPECTED.length} images identical (hash and quality); ` +
        `quality ≥ 80: ${distances.length} images, max ${Math.max(...distances)} bits`,
      ...off.map((line) => `\n  ${line}`),
    );

    expect(distances).toHaveLength(38);
    expect(Math.max(...distances)).toBeLessThanOrEqual(10);
    expect(distances.sort((a, b) => a - b)[distances.length >> 1]).toBe(0);
  });

  test('the transparent PNG gives exactly the reference hash (the colour under alpha 0 is kept)', async () => {
    const { entries } = await hashInExtension([fixtureUrl('images/misc/pdq_blue_transparent.png')]);
    expect(pdqOf(entries[0]!)).toEqual({ algorithm: 'pdq', value: expectedHash('misc/pdq_blue_transparent.png'), quality: 100 });
  });

  test('EXIF orientation is ignored, as by the reference: a JPEG tagged Orientation=6 hashes as untagged', async () => {
    const { entries } = await hashInExtension([fixtureUrl('exif-orientation-6'), fixtureUrl('images/modes/YCbCr.jpg')]);
    const [tagged, untagged] = entries;
    expect(pdqOf(tagged!)).toEqual(pdqOf(untagged!));
    expect(pdqOf(tagged!)).toMatchObject({ value: expectedHash('modes/YCbCr.jpg') });
    expect([tagged!.width, tagged!.height]).toEqual([1600, 1004]);
    // The tag is real: left to itself, the browser turns the picture on its side.
    const worker = await extension.serviceWorker();
    const shown = await worker.evaluate(async (url) => {
      const bitmap = await createImageBitmap(await (await fetch(url)).blob());
      return [bitmap.width, bitmap.height];
    }, fixtureUrl('exif-orientation-6'));
    expect(shown).toEqual([1004, 1600]);
  });
});

describe('WebP and AVIF with alpha, animated WebP: the reference ignores alpha and keeps the colour under it', () => {
  test('every image hashes as the reference', { timeout: 60_000 }, async () => {
    const { entries } = await hashInExtension(ALPHA_IMAGES.map(({ file }) => fixtureUrl(file)));
    const found = entries.map((entry, i) => {
      const pdq = pdqOf(entry);
      const { file, hash } = ALPHA_IMAGES[i]!;
      return pdq?.algorithm === 'pdq' ? { file, distance: hammingDistance(pdq.value, hash), quality: pdq.quality } : { file, error: entry.error };
    });
    console.log('WebP/AVIF vs the C++ reference:', ...found.map((row) => `\n  ${JSON.stringify(row)}`));
    expect(found).toEqual(ALPHA_IMAGES.map(({ file, quality }) => ({ file, distance: 0, quality })));
  });
});

describe('refusals: a clear error, SHA-256 and MD5 still there', () => {
  test('a decode bomb (20000×20000 PNG of ~50 KB) is refused within a second', async () => {
    const url = fixtureUrl('decode-bomb');
    const { entries, ms } = await hashInExtension([url]);
    expect(entries[0]).toMatchObject({
      error: 'image too large: 20000×20000 pixels (the limit is 50 megapixels); not decoded',
      hashes: exactHashes(url),
    });
    expect(ms).toBeLessThan(1000);
  });

  test('truncated files', async () => {
    const urls = [fixtureUrl('truncated-jpeg'), fixtureUrl('truncated-png')];
    const { entries } = await hashInExtension(urls);
    expect(entries.map(({ error, hashes }) => ({ error, hashes }))).toEqual([
      { error: 'corrupt or truncated JPEG image: the browser could not decode it', hashes: exactHashes(urls[0]!) },
      { error: 'corrupt or truncated PNG image: it ends before its IEND chunk', hashes: exactHashes(urls[1]!) },
    ]);
  });

  test('a mislabelled file: not an image at all is refused; a real image under the wrong type is hashed', async () => {
    const { entries } = await hashInExtension([fixtureUrl('html-as-jpeg'), fixtureUrl('png-as-jpeg')]);
    const [html, png] = entries;
    expect(html).toMatchObject({
      mimeType: 'image/jpeg',
      error: 'not a PNG, JPEG, GIF, WebP or AVIF image: it starts with "<!doctype html><"',
      hashes: exactHashes(fixtureUrl('html-as-jpeg')),
    });
    expect(png!.error).toBeUndefined();
    expect(pdqOf(png!)).toMatchObject({ value: expectedHash('misc/pen-and-coaster.png') });
  });

  test('a report whose pictures are all decode bombs is still sent, each medium saying why', { timeout: 90_000 }, async () => {
    const endpoint = await startTestEndpoint();
    try {
      const x = xProfileRoutes();
      const bomb: Routes = (url) => (X_PROFILE_MEDIA.includes(url) ? serve(fixtureUrl('decode-bomb')) : undefined);
      await serveFixtures(extension.browser, combineRoutes(bomb, x.routes, routes));
      await configureEndpoint(extension.browser, extension.extensionId, endpoint.baseUrl);
      const page = await extension.browser.newPage();
      await page.goto(X_PROFILE_URL);
      const button = 'article[data-testid="tweet"] [data-flagpost-action="report"]';
      await (await page.waitForSelector(button, { visible: true }))!.click();
      expect(await fillAndSend(page)).toContain('Report sent');
      const deadline = Date.now() + 20_000;
      while (endpoint.reports.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      const media = (endpoint.reports[0] as { media: MediaEntry[] }).media;
      expect(media.map(({ sourceUrl, error, hashes }) => ({ sourceUrl, error, algorithms: hashes.map((h) => h.algorithm) }))).toEqual(
        X_PROFILE_MEDIA.map((sourceUrl) => ({
          sourceUrl,
          error: 'image too large: 20000×20000 pixels (the limit is 50 megapixels); not decoded',
          algorithms: ['sha256', 'md5'],
        })),
      );
      await page.close();
    } finally {
      await serveFixtures(extension.browser, routes);
      await endpoint.close();
    }
  });
});
