/**
 * Streams and containers without a browser: each `-c copy` remux of a sample video (HLS TS / fMP4 / byte
 * ranges, DASH $Number$ / $Time$ / SegmentList / SegmentBase, fragmented MP4, H.264 in Matroska) is fetched
 * as the background fetches it (stubbed fetch, Range requests) and demuxed: the frame numbers, timestamps
 * and keyframes equal the source file's. Decoding and hashing are covered in e2e/hash-stream.e2e.ts.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { gopTailsToSkip, isDisposableH264, isIdrH264, nalLengthSize } from '../../utils/hash/h264-disposable';
import { avReduce } from '../../utils/hash/video-container';
import { demuxVideo, type DemuxedVideo } from '../../utils/hash/video-demux';
import { defaultVideoLimits } from '../../utils/hash/video-decode';
import { vpdqTimestamp } from '../../utils/hash/video-vpdq';
import { fetchVideo } from '../../utils/pipeline/fetch-video';
import { COPIES, ensureVideoFixtures, REMUX_ENTRIES, REMUXES, remuxUrl, serveRemux, SOURCES } from '../../test-support/video-fixtures';

const LIMITS = { maxBytes: 50 * 1024 * 1024, timeoutMs: 10_000 };
let requests: string[] = [];

beforeAll(() => ensureVideoFixtures(), 300_000);
beforeEach(() => {
  requests = [];
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    const range = (init?.headers as Record<string, string> | undefined)?.range;
    requests.push(range ? `${url} ${range}` : url);
    const served = serveRemux(url, range);
    if (!served) return new Response('not found', { status: 404 });
    return new Response(new Uint8Array(served.body), { status: served.status, headers: served.headers });
  });
});
afterEach(() => vi.unstubAllGlobals());

/** Frame number, timestamp and keyframe of every frame, in presentation order. */
function timeline(video: DemuxedVideo) {
  return video.samples
    .filter((s) => s.frame >= 0)
    .sort((a, b) => a.frame - b.frame)
    .map((s) => `${s.frame},${vpdqTimestamp(s.frame, video.frameRate)},${s.key ? 'K' : ''}`);
}

describe.each(COPIES)('remuxes of %s', (source) => {
  let expected: DemuxedVideo;
  beforeAll(async () => {
    expected = await demuxVideo(new Uint8Array(readFileSync(path.join(SOURCES, `${source}.mp4`))), defaultVideoLimits);
  });

  // test-padded-dimensions has one keyframe: ffmpeg writes one 5 s segment but a $Number$ template of 2 s ones.
  const entries = Object.entries(REMUX_ENTRIES).filter(([name]) => !(source === 'test-padded-dimensions' && name === 'dash-number'));
  test.each(entries)('%s: the same frames, timestamps and frame rate as the source', async (name, entry) => {
    const fetched = await fetchVideo(remuxUrl(source, entry), LIMITS);
    expect(Boolean(fetched.stream)).toBe(name.startsWith('hls') || name.startsWith('dash'));
    const video = await demuxVideo(fetched.bytes, defaultVideoLimits);
    expect(video.frameRate).toBe(expected.frameRate);
    expect([video.width, video.height]).toEqual([expected.width, expected.height]);
    expect(timeline(video)).toEqual(timeline(expected));
  });
});

describe('what the background fetches for a stream', () => {
  const grey = (entry: string) => remuxUrl('pattern-sd-grey-bar', entry);

  test('a master playlist: the rendition the rule picks (here the 480×720 one), recorded with its size', async () => {
    const fetched = await fetchVideo(grey('hls-master/master.m3u8'), LIMITS);
    expect(fetched.stream?.rendition).toEqual({ url: grey('hls-master/full/index.m3u8'), width: 480, height: 720, bitrate: 2_000_000 });
    expect(requests.some((url) => url.includes('/small/'))).toBe(false);
  });

  test('byte ranges are Range requests; a DASH SegmentBase reads its sidx first', async () => {
    await fetchVideo(grey('hls-byterange/index.m3u8'), LIMITS);
    expect(requests.slice(1)).toEqual([
      expect.stringMatching(/index\.ts bytes=0-\d+$/),
      expect.stringMatching(/index\.ts bytes=176344-/),
      expect.stringMatching(/index\.ts bytes=/),
      expect.stringMatching(/index\.ts bytes=/),
    ]);
    requests = [];
    const dash = await fetchVideo(grey('dash-base/manifest.mpd'), LIMITS);
    expect(requests[1]).toMatch(/video\.mp4 bytes=\d+-\d+$/); // the sidx
    expect(dash.stream?.parts.length).toBe(5); // init + 4 subsegments
  });

  test('a server that ignores Range: each range is cut from the whole file, or refused when the file ends before it or lies past the byte limit', async () => {
    const ranged = await fetchVideo(grey('hls-byterange/index.m3u8'), LIMITS);
    const ignoringRange = (playlist?: string) =>
      vi.stubGlobal('fetch', async (url: string) => {
        if (playlist && url.endsWith('.m3u8')) return new Response(playlist, { headers: { 'content-type': 'application/x-mpegurl' } });
        const served = serveRemux(url)!;
        return new Response(new Uint8Array(served.body), { status: served.status, headers: served.headers });
      });
    ignoringRange();
    expect(Buffer.from((await fetchVideo(grey('hls-byterange/index.m3u8'), LIMITS)).bytes).equals(ranged.bytes)).toBe(true);
    const size = statSync(path.join(REMUXES, 'pattern-sd-grey-bar/hls-byterange/index.ts')).size;
    const oneRange = (length: number, offset: number) => `#EXTM3U\n#EXTINF:2,\n#EXT-X-BYTERANGE:${length}@${offset}\nindex.ts\n#EXT-X-ENDLIST\n`;
    ignoringRange(oneRange(1000, size - 500));
    await expect(fetchVideo(grey('hls-byterange/index.m3u8'), LIMITS)).rejects.toThrow(
      `the server ignored the byte range and sent ${size} bytes, fewer than the range's end (${size + 500})`,
    );
    ignoringRange(oneRange(1000, size - 1000));
    await expect(fetchVideo(grey('hls-byterange/index.m3u8'), { ...LIMITS, maxBytes: 500_000 })).rejects.toThrow(
      'the server ignored the byte range, and the file is too large: more than 0.48 MB',
    );
  });

  test('a manifest is known by its first bytes when the server says octet-stream', async () => {
    vi.stubGlobal('fetch', async (url: string) => {
      const served = serveRemux(url);
      return served ? new Response(new Uint8Array(served.body), { headers: { 'content-type': 'application/octet-stream' } }) : new Response('', { status: 404 });
    });
    expect((await fetchVideo(grey('hls-ts/index.m3u8'), LIMITS)).stream?.format).toBe('hls');
    expect((await fetchVideo(grey('dash-number/manifest.mpd'), LIMITS)).stream?.format).toBe('dash');
  });

  test('limits: the byte limit covers all segments; the declared duration is checked before any segment', async () => {
    await expect(fetchVideo(grey('hls-ts/index.m3u8'), { ...LIMITS, maxBytes: 500_000 })).rejects.toThrow('too large: more than 0.48 MB');
    const long = `#EXTM3U\n#EXTINF:700,\nseg000.ts\n#EXT-X-ENDLIST\n`;
    vi.stubGlobal('fetch', async () => new Response(long, { headers: { 'content-type': 'application/x-mpegurl' } }));
    await expect(fetchVideo(grey('hls-ts/long.m3u8'), LIMITS)).rejects.toThrow('video too long: 700 s, the limit is 600 s');
    // The user's own longer limit (Settings) lets it through to its segments.
    const allowed = await fetchVideo(grey('hls-ts/long.m3u8'), LIMITS, undefined, 900);
    expect(allowed.stream?.durationS).toBe(700);
  });

  test('the time limit covers the whole stream; the user\'s abort says "hashing cancelled"', async () => {
    // Each request (master, media playlist, segments) answers within the per-request limit; together they do not.
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      await new Promise((resolve) => setTimeout(resolve, 90));
      if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
      const served = serveRemux(url)!;
      return new Response(new Uint8Array(served.body), { status: served.status, headers: served.headers });
    });
    const limits = { ...LIMITS, timeoutMs: 200 };
    await expect(fetchVideo(grey('hls-master/master.m3u8'), limits)).rejects.toThrow('fetch timed out after 0.2 s');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(fetchVideo(grey('hls-ts/index.m3u8'), LIMITS, controller.signal)).rejects.toThrow('hashing cancelled');
  });

  test('bad streams get clear errors', async () => {
    const answer = (body: string, type: string) => vi.stubGlobal('fetch', async () => new Response(body, { headers: { 'content-type': type } }));
    const hls = 'application/vnd.apple.mpegurl';
    answer('#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI="k"\n#EXTINF:2,\na.ts\n', hls);
    await expect(fetchVideo(grey('x.m3u8'), LIMITS)).rejects.toThrow('encrypted HLS stream (AES-128) cannot be hashed');
    answer('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS="mp4a.40.2"\naudio.m3u8\n', hls);
    await expect(fetchVideo(grey('x.m3u8'), LIMITS)).rejects.toThrow('lists no video variant');
    answer('#EXTM3U\n#EXT-X-ENDLIST\n', hls);
    await expect(fetchVideo(grey('x.m3u8'), LIMITS)).rejects.toThrow('lists no segment');
    answer('<MPD><Period><AdaptationSet contentType="audio"/></Period></MPD>', 'application/dash+xml');
    await expect(fetchVideo(grey('x.mpd'), LIMITS)).rejects.toThrow('lists no video representation');
    answer('<MPD><Period>', 'application/dash+xml');
    await expect(fetchVideo(grey('x.mpd'), LIMITS)).rejects.toThrow('unreadable DASH manifest: malformed XML');
    answer('#EXTM3U\n#EXTINF:2,\njavascript:alert(1)\n', hls);
    await expect(fetchVideo(grey('x.m3u8'), LIMITS)).rejects.toThrow('not http(s)');
  });
});

describe('containers', () => {
  test('Matroska: avg_frame_rate = av_reduce(1e9, DefaultDuration, 30000), as libavformat', async () => {
    expect(avReduce(1e9, 33_333_333, 30000)).toEqual([30, 1]);
    expect(avReduce(1e9, 41_708_333, 30000)).toEqual([24000, 1001]);
    expect(avReduce(1e9, 40_000_000, 30000)).toEqual([25, 1]);
    const webm = await demuxVideo(new Uint8Array(readFileSync(path.join(REMUXES, 'pattern-sd-grey-bar/vp9.webm'))), defaultVideoLimits);
    expect([webm.config.codec.slice(0, 4), webm.frameRate, webm.frameCount]).toEqual(['vp09', 30, 206]);
  });

  test('what is not a video says so; limits hold after demuxing', async () => {
    await expect(demuxVideo(new TextEncoder().encode('<html>not a video</html>'), defaultVideoLimits)).rejects.toThrow(
      'not a video file (MP4, WebM, Matroska or MPEG-TS)',
    );
    const mkv = new Uint8Array(readFileSync(path.join(REMUXES, 'pattern-sd-grey-bar/h264.mkv')));
    await expect(demuxVideo(mkv, { ...defaultVideoLimits, maxFrames: 100 })).rejects.toThrow('too many frames: more than 100');
    await expect(demuxVideo(mkv, { ...defaultVideoLimits, maxDurationS: 5 })).rejects.toThrow('video too long: 7 s');
    await expect(demuxVideo(mkv, { ...defaultVideoLimits, maxFrameSide: 500 })).rejects.toThrow('video frames too large: 480×720');
  });

  test('non-reference H.264 frames are found alike in MP4 (length-prefixed) and MPEG-TS (Annex B)', async () => {
    const disposable = (video: DemuxedVideo) => {
      const lengthSize = nalLengthSize(video.config.codec, video.config.description);
      if (lengthSize === false) throw new Error('not H.264');
      return video.samples.filter((s) => isDisposableH264(s.data, lengthSize)).map((s) => s.frame);
    };
    const mp4 = await demuxVideo(new Uint8Array(readFileSync(path.join(SOURCES, 'pattern-sd-grey-bar.mp4'))), defaultVideoLimits);
    const ts = await demuxVideo((await fetchVideo(remuxUrl('pattern-sd-grey-bar', 'hls-ts/index.m3u8'), LIMITS)).bytes, defaultVideoLimits);
    expect(nalLengthSize(ts.config.codec, ts.config.description)).toBeUndefined();
    expect(disposable(mp4)).toHaveLength(62); // of 206: decoding skips them unless hashed
    expect(disposable(ts)).toEqual(disposable(mp4));
    expect(mp4.samples.filter((s) => s.key).some((s) => isDisposableH264(s.data, 4))).toBe(false);
    // The fixtures' keyframes are IDRs, in MP4 and in MPEG-TS alike.
    expect(mp4.samples.filter((s) => s.key).every((s) => isIdrH264(s.data, 4))).toBe(true);
    expect(ts.samples.filter((s) => s.key).every((s) => isIdrH264(s.data, undefined))).toBe(true);
  });

  test("a GOP's tail after its last hashed sample is left out only when the next GOP starts with an IDR", () => {
    // Decode order; K = key. GOP 1 = 0..4 (hashed: 1), GOP 2 = 5..8 (hashed: none), GOP 3 = 9..10 (hashed: 9).
    const keys = new Set([0, 5, 9]);
    const skip = (idr: Set<number>) =>
      gopTailsToSkip(11, (i) => i === 1 || i === 9, (i) => keys.has(i), (i) => idr.has(i)).flatMap((s, i) => (s ? [i] : []));
    expect(skip(new Set([0, 5, 9]))).toEqual([2, 3, 4, 5, 6, 7, 8, 10]);
    // GOP 3 opens with an I frame that is no IDR: GOP 2's tail (all of it) may be referred to, so it stays.
    expect(skip(new Set([0, 5]))).toEqual([2, 3, 4, 10]);
    // Nothing hashed: nothing follows the last GOP, and every GOP before an IDR goes.
    expect(gopTailsToSkip(3, () => false, (i) => i === 0, () => true)).toEqual([true, true, true]);
  });
});
