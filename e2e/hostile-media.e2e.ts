/**
 * Hostile media, through the extension's own fetch → decode → hash path in Chromium: decode bombs (PNG,
 * JPEG and GIF headers declaring billions of pixels), truncated and mislabelled files, and a server that
 * never stops sending. Each is refused with a clear reason (the time it took is logged, not asserted),
 * keeps the exact-bytes hashes when it was fetched, and the report it belongs to is still sent, with
 * `error` on that medium. (hash-images.e2e.ts checks the same refusals medium by medium against the PDQ
 * fixtures; here they are all in one post, with the endless server.)
 *
 * The endless server is a real loopback HTTP server (the harness serves whole bodies only), fetched as a
 * page served from loopback would have it fetched (its own origin). In the post, a media URL that
 * redirects to it is refused before any request reaches it (utils/pipeline/url-policy.ts).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pngDecodeBomb } from '../test-support/test-images';
import type { MediaEntry, MediaKind } from '../utils/schema/report';
import { sha256 } from '../test-support/benign-images';
import { configureEndpoint, EXTENSION_DIR, fillAndSend, openFirstPostReport, until, X_PROFILE_MEDIA, xProfileRoutes } from './flagpost';
import { combineRoutes, launchWithExtension, type FixtureResponse, type LaunchedExtension, type Routes } from './harness';
import { startTestEndpoint, type TestEndpoint } from './test-endpoint';

const JPEG = readFileSync(path.resolve(__dirname, '../../shared/fixtures/pdq/images/modes/YCbCr.jpg')); // 1600×1004
const PNG = readFileSync(path.resolve(__dirname, '../../shared/fixtures/pdq/images/misc/pen-and-coaster.png'));

/** A copy of a JPEG whose frame header (SOF) declares `width`×`height`; the data that follows is unchanged. */
function jpegDeclaring(jpeg: Buffer, width: number, height: number): Buffer {
  const copy = Buffer.from(jpeg);
  for (let at = 2; copy[at] === 0xff; at += 2 + copy.readUInt16BE(at + 2)) {
    const marker = copy[at + 1]!;
    if (marker >= 0xc0 && marker <= 0xc3) {
      copy.writeUInt16BE(height, at + 5);
      copy.writeUInt16BE(width, at + 7);
      return copy;
    }
  }
  throw new Error('no frame header');
}

/** A 19-byte GIF whose logical screen is 65535×65535 and which holds no image at all. */
const GIF_BOMB = Buffer.concat([Buffer.from('GIF89a'), Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0]), Buffer.from([0x3b])]);

const media = (name: string) => `https://pbs.twimg.com/media/hostile-${name}`;
let endlessUrl = '';

/** Each hostile medium: what it is served as, and what the user is told. */
const HOSTILE: Record<string, { type: string; body: () => Buffer; error: string | undefined } | { endless: true; error: string }> = {
  'png-decode-bomb': { type: 'image/png', body: () => pngDecodeBomb(20_000, 20_000), error: 'image too large: 20000×20000 pixels (the limit is 50 megapixels); not decoded' },
  'jpeg-decode-bomb': { type: 'image/jpeg', body: () => jpegDeclaring(JPEG, 65_000, 65_000), error: 'image too large: 65000×65000 pixels (the limit is 50 megapixels); not decoded' },
  'gif-decode-bomb': { type: 'image/gif', body: () => GIF_BOMB, error: 'image too large: 65535×65535 pixels (the limit is 50 megapixels); not decoded' },
  'truncated-jpeg': { type: 'image/jpeg', body: () => JPEG.subarray(0, JPEG.length >> 1), error: 'corrupt or truncated JPEG image: the browser could not decode it' },
  'html-as-png': { type: 'image/png', body: () => Buffer.from('<!doctype html><title>Not found</title>'), error: 'not a PNG, JPEG, GIF, WebP or AVIF image: it starts with "<!doctype html><"' },
  // Mislabelled but a real picture: hashed, not refused.
  'png-as-jpeg': { type: 'image/jpeg', body: () => PNG, error: undefined },
  endless: { endless: true, error: 'too large: more than 50 MB' },
};
const served = new Map(Object.entries(HOSTILE).flatMap(([name, spec]) => ('body' in spec ? [[media(name), spec.body()] as const] : [])));

const hostileRoutes = (url: string): FixtureResponse | undefined => {
  if (url === media('redirect-to-loopback')) return { status: 302, headers: { location: endlessUrl } };
  const name = Object.keys(HOSTILE).find((n) => media(n) === url);
  const spec = name ? HOSTILE[name] : undefined;
  return spec && 'type' in spec ? { headers: { 'content-type': spec.type }, body: served.get(url)! } : undefined;
};

let extension: LaunchedExtension;
let endpoint: TestEndpoint;
let endless: Server;
let endlessBytesSent = 0;

beforeAll(async () => {
  // /endless.png sends 1 MB chunks for as long as the client reads; /drip.png one byte every 50 ms,
  // forever. Both stop when the client hangs up.
  endless = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
    if (req.url === '/drip.png') {
      const drip = setInterval(() => res.write('x'), 50);
      req.socket.on('close', () => clearInterval(drip));
      return;
    }
    const chunk = Buffer.alloc(1024 * 1024, 0x42);
    const pump = () => {
      while (!res.destroyed) {
        endlessBytesSent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
    };
    req.socket.on('close', () => res.destroy());
    pump();
  });
  await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
  endlessUrl = `http://127.0.0.1:${(endless.address() as AddressInfo).port}/endless.png`;
  endpoint = await startTestEndpoint();
  extension = await launchWithExtension(EXTENSION_DIR, { routes: combineRoutes(hostileRoutes, xProfileRoutes().routes) });
});

afterAll(async () => {
  await extension?.close();
  await endpoint?.close();
  endless?.closeAllConnections();
  await new Promise((resolve) => endless?.close(resolve));
});

/** hashMedia in the extension's service worker, one medium; `ms` measured there. A loopback URL is fetched as its own page's. */
async function hashOne(url: string, timeoutMs?: number): Promise<{ entry: MediaEntry; ms: number }> {
  const worker = await extension.serviceWorker();
  return worker.evaluate(
    async (sourceUrl, timeout) => {
      const pageOrigin = new URL(sourceUrl).origin;
      const started = performance.now();
      type Limits = { maxBytes: number; timeoutMs: number };
      type HashMedia = (media: Array<{ kind: MediaKind; sourceUrl: string }>, options?: { limitsFor?: () => Limits; scope?: { pageOrigin: string } }) => Promise<MediaEntry[]>;
      const { hashMedia } = (globalThis as unknown as { flagpost: { hashMedia: HashMedia } }).flagpost;
      // A shorter deadline when asked: the product's 20 s is not worth waiting for in a test.
      const limits = timeout === undefined ? undefined : () => ({ maxBytes: 50 * 1024 * 1024, timeoutMs: timeout });
      const [entry] = await hashMedia([{ kind: 'image', sourceUrl }], { limitsFor: limits, scope: { pageOrigin } });
      return { entry: entry!, ms: performance.now() - started };
    },
    url,
    timeoutMs,
  );
}

describe('hostile media: refused with a clear reason, the report still sent', () => {
  test.each(Object.keys(HOSTILE))('%s', async (name) => {
    const { entry, ms } = await hashOne(name === 'endless' ? endlessUrl : media(name));
    const spec = HOSTILE[name]!;
    console.info(`${name}: ${entry.error ?? 'hashed'} (${Math.round(ms)} ms)`);
    expect(entry.error).toBe(spec.error);
    if ('body' in spec) {
      // Fetched whole: the exact-bytes hashes are there whatever the decoder thought of it.
      expect(entry.hashes.find((h) => h.algorithm === 'sha256')?.value).toBe(sha256(served.get(media(name))!));
    }
    if (spec.error === undefined) expect(entry.hashes.map((h) => h.algorithm)).toContain('pdq');
  });

  test('the endless server was cut off just past the limit, not read forever', () => {
    console.info(`endless server: ${Math.round(endlessBytesSent / 1024 / 1024)} MB sent before the client hung up`);
    expect(endlessBytesSent).toBeGreaterThan(50 * 1024 * 1024);
    expect(endlessBytesSent).toBeLessThan(200 * 1024 * 1024); // 50 MB read, plus what the socket buffers held
  });

  test('a server that drips bytes forever is given up on at the deadline', async () => {
    const { entry, ms } = await hashOne(endlessUrl.replace('endless.png', 'drip.png'), 1000);
    console.info(`drip: ${entry.error} (${Math.round(ms)} ms)`);
    expect(entry).toMatchObject({ error: 'fetch timed out after 1 s', hashes: [] });
  });

  test('a post whose four pictures are all hostile is reported, each medium saying why', { timeout: 90_000 }, async () => {
    const chosen = ['png-decode-bomb', 'html-as-png', 'truncated-jpeg', 'redirect-to-loopback'];
    const refused = "not fetched: 127.0.0.1 is a local or private network address, not the page's own";
    const sentBefore = endlessBytesSent;
    const asPost: Routes = (url) => {
      const index = X_PROFILE_MEDIA.indexOf(url);
      return index < 0 ? undefined : hostileRoutes(media(chosen[index]!));
    };
    extension.fixtures.setRoutes(combineRoutes(asPost, hostileRoutes, xProfileRoutes().routes));
    await configureEndpoint(extension.browser, extension.extensionId, endpoint.baseUrl);
    const page = await openFirstPostReport(extension.browser);
    expect(await fillAndSend(page)).toContain('Report sent');
    await until(() => endpoint.reports.length === 1, 'the report to arrive');
    const sent = (endpoint.reports[0] as { media: MediaEntry[] }).media;
    expect(sent.map(({ sourceUrl, error }) => ({ sourceUrl, error }))).toEqual(
      X_PROFILE_MEDIA.map((sourceUrl, i) => ({ sourceUrl, error: HOSTILE[chosen[i]!]?.error ?? refused })),
    );
    expect(endlessBytesSent).toBe(sentBefore); // the redirect's target was never asked
    // What could be fetched keeps its exact-bytes hashes; the refused one has none.
    expect(sent.map((m) => m.hashes.map((h) => h.algorithm))).toEqual([['sha256', 'md5'], ['sha256', 'md5'], ['sha256', 'md5'], []]);
    await page.close();
  });
});
