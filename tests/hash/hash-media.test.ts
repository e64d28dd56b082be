/**
 * hashMedia's composition, with fetch stubbed: every medium gets SHA-256 and MD5 of the exact bytes,
 * images and posters PDQ, videos and GIFs whatever videoHashes gives (stubbed here; it has its own tests),
 * and a failure keeps the hashes made before it plus a plain error.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { gradientPng } from '../../test-support/benign-images';
import { imageHashes } from '../../utils/hash/image';
import { videoHashes } from '../../utils/hash/video';
import { hashMedia } from '../../utils/pipeline/hash-media';
import { MediaEntry, type MediaHash } from '../../utils/schema/report';

vi.mock('../../utils/hash/video', () => ({ videoHashes: vi.fn() }));

const PNG = gradientPng(64, 48, 1);
const HTML = Buffer.from('<!doctype html><title>Not found</title>');
const VPDQ: MediaHash = { algorithm: 'vpdq', frames: [{ frame: 0, quality: 100, value: 'ab'.repeat(32), ts: 0 }] };
const url = (name: string) => `https://pbs.twimg.com/media/${name}`;
const PLAYLIST = Buffer.from('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360\nv360.m3u8\n');
const MEDIA_PLAYLIST = Buffer.from('#EXTM3U\n#EXTINF:2,\nseg0.ts\n#EXTINF:2,\nseg1.ts\n#EXT-X-ENDLIST\n');
const served: Record<string, { status?: number; type: string; body: Buffer }> = {
  [url('picture')]: { type: 'image/png', body: PNG },
  [url('stream.m3u8')]: { type: 'application/octet-stream', body: PLAYLIST },
  [url('v360.m3u8')]: { type: 'application/vnd.apple.mpegurl', body: MEDIA_PLAYLIST },
  [url('seg0.ts')]: { type: 'video/mp2t', body: Buffer.from('segment zero ') },
  [url('seg1.ts')]: { type: 'video/mp2t', body: Buffer.from('segment one') },
  [url('html-as-jpeg')]: { type: 'image/jpeg', body: HTML },
  [url('missing')]: { status: 404, type: 'text/plain', body: Buffer.from('not found') },
};
const exact = (body: Buffer): MediaHash[] => [
  { algorithm: 'sha256', value: createHash('sha256').update(body).digest('hex') },
  { algorithm: 'md5', value: createHash('md5').update(body).digest('hex') },
];

beforeEach(() => {
  vi.stubGlobal('fetch', async (input: string) => {
    const hit = served[input];
    if (!hit) throw new TypeError('Failed to fetch');
    return new Response(new Uint8Array(hit.body), { status: hit.status ?? 200, headers: { 'content-type': hit.type } });
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.mocked(videoHashes).mockReset();
});

describe('hashMedia', () => {
  test('images and posters: SHA-256 and MD5 of the bytes, then PDQ with the size', async () => {
    const pdq = await imageHashes(new Uint8Array(PNG));
    const entries = await hashMedia([
      { kind: 'image', sourceUrl: url('picture') },
      { kind: 'poster', sourceUrl: url('picture') },
    ]);
    expect(entries).toEqual(
      (['image', 'poster'] as const).map((kind, i) => ({
        ref: `m${i + 1}`,
        kind,
        sourceUrl: url('picture'),
        mimeType: 'image/png',
        bytes: PNG.length,
        width: 64,
        height: 48,
        hashes: [...exact(PNG), ...pdq.hashes],
      })),
    );
    expect(pdq.hashes).toEqual([{ algorithm: 'pdq', value: expect.stringMatching(/^[0-9a-f]{64}$/), quality: expect.any(Number) }]);
    expect(videoHashes).not.toHaveBeenCalled();
  });

  test('videos and GIFs: SHA-256, MD5, then what videoHashes gives, merged in', async () => {
    vi.mocked(videoHashes).mockResolvedValue({ hashes: [VPDQ], width: 320, height: 240, durationS: 2.5 });
    const entries = await hashMedia([
      { kind: 'video', sourceUrl: url('picture') },
      { kind: 'gif', sourceUrl: url('picture') },
    ]);
    for (const entry of entries) {
      expect(entry).toMatchObject({ width: 320, height: 240, durationS: 2.5, hashes: [...exact(PNG), VPDQ] });
      expect(entry.error).toBeUndefined();
    }
    expect(vi.mocked(videoHashes).mock.calls.map(([bytes]) => bytes.byteLength)).toEqual([PNG.length, PNG.length]);
  });

  test('TMK: asked once for the post; wanted, videoHashes computes it and its hash joins the medium', async () => {
    const TMK: MediaHash = { algorithm: 'tmk', value: 'VE1LMQ==' };
    vi.mocked(videoHashes).mockImplementation(async (_bytes, options) => ({ hashes: options?.tmk ? [VPDQ, TMK] : [VPDQ] }));
    const tmk = vi.fn(async () => true);
    const entries = await hashMedia([
      { kind: 'image', sourceUrl: url('picture') },
      { kind: 'video', sourceUrl: url('picture') },
      { kind: 'video', sourceUrl: url('stream.m3u8') },
    ], { tmk });
    expect(tmk).toHaveBeenCalledTimes(1);
    expect(vi.mocked(videoHashes).mock.calls.map(([, options]) => options?.tmk)).toEqual([true, true]);
    expect(entries.map((entry) => entry.hashes.map((hash) => hash.algorithm))).toEqual([['sha256', 'md5', 'pdq'], ['sha256', 'md5', 'vpdq', 'tmk'], ['vpdq', 'tmk']]);
    for (const entry of entries) expect(() => MediaEntry.parse(entry)).not.toThrow();
  });

  test('TMK wanted but the file is one TMK cannot take: the medium keeps its vPDQ and says why TMK is missing', async () => {
    const reason = 'TMK: a display rotation of -45° is not supported';
    vi.mocked(videoHashes).mockResolvedValue({ hashes: [VPDQ], error: reason });
    const [file, stream] = await hashMedia([
      { kind: 'video', sourceUrl: url('picture') },
      { kind: 'video', sourceUrl: url('stream.m3u8') },
    ], { tmk: async () => true });
    expect(file).toMatchObject({ hashes: [...exact(PNG), VPDQ], error: reason });
    expect(stream).toMatchObject({ hashes: [VPDQ], error: reason });
    for (const entry of [file, stream]) expect(() => MediaEntry.parse(entry)).not.toThrow();
  });

  test('TMK not wanted (or the question fails): videoHashes is not asked for it, so no TMK work is done', async () => {
    vi.mocked(videoHashes).mockResolvedValue({ hashes: [VPDQ] });
    for (const tmk of [async () => false, async () => Promise.reject(new Error('storage gone')), undefined]) {
      vi.mocked(videoHashes).mockClear();
      const [entry] = await hashMedia([{ kind: 'video', sourceUrl: url('picture') }], tmk ? { tmk } : {});
      expect(vi.mocked(videoHashes).mock.calls[0]![1]).not.toHaveProperty('tmk');
      expect(entry!.hashes.map((hash) => hash.algorithm)).toEqual(['sha256', 'md5', 'vpdq']);
    }
    // A post of pictures never asks the endpoint.
    const tmk = vi.fn(async () => true);
    await hashMedia([{ kind: 'image', sourceUrl: url('picture') }, { kind: 'poster', sourceUrl: url('picture') }], { tmk });
    expect(tmk).not.toHaveBeenCalled();
  });

  test('a medium that cannot be decoded keeps SHA-256 and MD5 and says why; the others are unaffected', async () => {
    vi.mocked(videoHashes).mockRejectedValue(new Error('not an MP4 file'));
    const entries = await hashMedia([
      { kind: 'image', sourceUrl: url('html-as-jpeg') },
      { kind: 'video', sourceUrl: url('html-as-jpeg') },
      { kind: 'image', sourceUrl: url('missing') },
      { kind: 'image', sourceUrl: url('picture') },
    ]);
    expect(entries.map(({ hashes, error, mimeType }) => ({ algorithms: hashes.map((h) => h.algorithm), error, mimeType }))).toEqual([
      { algorithms: ['sha256', 'md5'], error: 'not a PNG, JPEG, GIF, WebP or AVIF image: it starts with "<!doctype html><"', mimeType: 'image/jpeg' },
      { algorithms: ['sha256', 'md5'], error: 'hashing failed: not an MP4 file', mimeType: 'image/jpeg' },
      { algorithms: [], error: 'fetch refused: HTTP 404', mimeType: undefined },
      { algorithms: ['sha256', 'md5', 'pdq'], error: undefined, mimeType: 'image/png' },
    ]);
    expect(entries[0]!.hashes).toEqual(exact(HTML));
    for (const entry of entries) expect(() => MediaEntry.parse(entry)).not.toThrow();
  });

  test('an error too long for the report format is cut to its 500-character limit', async () => {
    vi.mocked(videoHashes).mockRejectedValue(new Error('x'.repeat(2000)));
    const [entry] = await hashMedia([{ kind: 'video', sourceUrl: url('picture') }]);
    expect(entry!.error).toHaveLength(500);
    expect(() => MediaEntry.parse(entry)).not.toThrow();
  });

  test('a stream: vPDQ of its segments, concatenated, with the rendition; no MD5/SHA-256 (there is no one file)', async () => {
    vi.mocked(videoHashes).mockResolvedValue({ hashes: [VPDQ], width: 640, height: 360 });
    const [entry] = await hashMedia([{ kind: 'video', sourceUrl: url('stream.m3u8') }]);
    expect(entry).toEqual({
      ref: 'm1', kind: 'video', sourceUrl: url('stream.m3u8'), mimeType: 'application/vnd.apple.mpegurl',
      rendition: { url: url('v360.m3u8'), width: 640, height: 360, bitrate: 900000 },
      width: 640, height: 360, hashes: [VPDQ],
    });
    expect(new TextDecoder().decode(vi.mocked(videoHashes).mock.calls[0]![0])).toBe('segment zero segment one');
    expect(() => MediaEntry.parse(entry)).not.toThrow();
    // A media playlist without a master: the rendition is the playlist, its size that of the decoded frames.
    const [direct] = await hashMedia([{ kind: 'video', sourceUrl: url('v360.m3u8') }]);
    expect(direct!.rendition).toEqual({ url: url('v360.m3u8'), width: 640, height: 360 });
  });

  test('progress reaches onProgress with the medium\'s index; an aborted signal leaves every medium "hashing cancelled"', async () => {
    vi.mocked(videoHashes).mockImplementation(async (_bytes, _options, control) => {
      control?.onProgress?.(0, 2);
      control?.onProgress?.(2, 2);
      return { hashes: [VPDQ] };
    });
    const progress: unknown[] = [];
    await hashMedia([{ kind: 'image', sourceUrl: url('picture') }, { kind: 'video', sourceUrl: url('picture') }], {
      onProgress: (index, p) => progress.push([index, p]),
    });
    expect(progress).toEqual([[1, { done: 0, total: 2 }], [1, { done: 2, total: 2 }]]);

    const controller = new AbortController();
    controller.abort();
    const entries = await hashMedia([{ kind: 'image', sourceUrl: url('picture') }, { kind: 'video', sourceUrl: url('stream.m3u8') }], {
      signal: controller.signal,
    });
    expect(entries.map((e) => [e.error, e.hashes.length])).toEqual([['hashing cancelled', 0], ['hashing cancelled', 0]]);
  });
});
