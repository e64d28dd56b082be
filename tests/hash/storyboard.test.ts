import { describe, expect, test, vi } from 'vitest';
import { CANCELLED } from '../../utils/hash/video-decode';
import { hashStoryboardEntry } from '../../utils/pipeline/hash-storyboard';
import type { MediaEntry } from '../../utils/schema/report';
import { locateStreams, NO_STORYBOARD } from '../../utils/background/locate-streams';
import { storyboardHash } from '../../utils/hash/storyboard';
import { pdqHash } from '../../utils/hash/pdq';
import { finestStoryboardLevel, MAX_STORYBOARD_SHEETS, storyboardSpecIn, storyboardSpecOnPage } from '../../utils/platforms/youtube-storyboard';
import { youtubeAdapter } from '../../utils/platforms/youtube';
import { makePng } from '../../test-support/test-images';
import { parseInert } from '../../test-support/dom-fixtures';

const ID = 'Qx7bN2kLp4E';
const BASE = `https://i.ytimg.com/sb/${ID}/storyboard3_L$L/$N.jpg?sqp=-oaymwENSDfyq4qpAwVwAcABBqLzl_8DBgj85unPBQ==`;
// The shape of a real spec (yt-dlp's tests and the player response): an overview level, then timed levels.
const SPEC = `${BASE}|48#27#100#10#10#0#default#rs$AOn4CLDwej|80#45#38#10#10#2000#M$M#rs$AOn4CLBGZr|160#90#38#5#5#2000#M$M#rs$AOn4CLAmkV`;

describe('storyboard spec', () => {
  test('the finest timed level: its tiles, grid, interval and every sheet\'s signed URL', () => {
    expect(finestStoryboardLevel(SPEC)).toEqual({
      level: 2,
      width: 160,
      height: 90,
      count: 38,
      cols: 5,
      rows: 5,
      intervalMs: 2000,
      sheets: [0, 1].map((m) => `https://i.ytimg.com/sb/${ID}/storyboard3_L2/M${m}.jpg?sqp=-oaymwENSDfyq4qpAwVwAcABBqLzl_8DBgj85unPBQ==&sigh=rs$AOn4CLAmkV`),
    });
  });

  test('no timed level, another host, or garbage: none', () => {
    expect(finestStoryboardLevel(`${BASE}|48#27#100#10#10#0#default#rs$x`)).toBeNull();
    expect(finestStoryboardLevel(SPEC.replace('i.ytimg.com', 'evil.example'))).toBeNull();
    expect(finestStoryboardLevel('not a spec')).toBeNull();
    expect(finestStoryboardLevel(`${BASE}|a#b#c`)).toBeNull();
  });

  test('a very long video: the sheets fetched are bounded', () => {
    const level = finestStoryboardLevel(`${BASE}|160#90#100000#5#5#2000#M$M#rs$x`);
    expect(level?.sheets).toHaveLength(MAX_STORYBOARD_SHEETS);
    expect(level?.count).toBe(MAX_STORYBOARD_SHEETS * 25);
  });

  const playerResponse = (videoId: string) =>
    `var ytInitialPlayerResponse = {"videoDetails":{"videoId":"${videoId}","title":"x"},"storyboards":{"playerStoryboardSpecRenderer":{"spec":${JSON.stringify(SPEC).replaceAll('&', '\\u0026')},"recommendedLevel":2}}};`;

  test('read from a player response only when it is this video\'s (JSON escapes undone)', () => {
    expect(storyboardSpecIn(playerResponse(ID), ID)).toBe(SPEC);
    expect(storyboardSpecIn(playerResponse('AAAAAAAAAAA'), ID)).toBeUndefined();
    // Longer than any real spec, and than a post may carry to the background: not one.
    const long = `{"videoDetails":{"videoId":"${ID}"},"playerStoryboardSpecRenderer":{"spec":"${BASE}${'|1#1#1#1#1#1#M$M#x'.repeat(300)}"}}`;
    expect(storyboardSpecIn(long, ID)).toBeUndefined();
  });

  test('the watch page\'s metadata carries the spec of its own script; after in-app navigation, none', () => {
    const page = (videoId: string) =>
      `<script>${playerResponse(videoId)}</script><ytd-watch-flexy video-id="${ID}"><ytd-watch-metadata><h1>Title</h1></ytd-watch-metadata></ytd-watch-flexy>`;
    const fragment = parseInert(page(ID));
    expect(storyboardSpecOnPage(fragment, ID)).toBe(SPEC);
    const post = fragment.querySelector(youtubeAdapter.postSelector)!;
    expect(youtubeAdapter.extract(post, `https://www.youtube.com/watch?v=${ID}`)?.media[1]).toEqual({
      kind: 'video',
      sourceUrl: `https://i.ytimg.com/sb/${ID}/`,
      thumbnailUrl: `https://i.ytimg.com/vi/${ID}/hqdefault.jpg`,
      locate: { from: 'storyboard', videoId: ID, spec: SPEC },
    });
    const stale = parseInert(page('AAAAAAAAAAA')).querySelector(youtubeAdapter.postSelector)!;
    expect(youtubeAdapter.extract(stale, `https://www.youtube.com/watch?v=${ID}`)?.media[1]).not.toHaveProperty('locate.spec');
  });
});

/** A sheet of `cols`×`rows` tiles, each its own pattern (stripes whose period depends on the tile). */
function sheetPng(cols: number, rows: number, w: number, h: number, tiles: number) {
  return makePng({
    width: cols * w,
    height: rows * h,
    colourType: 2,
    depth: 8,
    sample: (x, y, c) => {
      const tile = Math.floor(y / h) * cols + Math.floor(x / w);
      if (tile >= tiles) return 0;
      return ((((x % w) >> (tile % 4)) + ((y % h) >> ((tile + c) % 3))) & 1) * 200 + tile;
    },
  });
}

describe('storyboard hashing', () => {
  test('a PDQ per tile, cut out of each sheet in reading order, with its index and time', async () => {
    const level = finestStoryboardLevel(`${BASE}|32#24#7#2#2#1500#M$M#rs$x`)!;
    const sheets = [sheetPng(2, 2, 32, 24, 4), sheetPng(2, 2, 32, 24, 3)];
    const fetched: string[] = [];
    const hash = await storyboardHash(level, async (url) => {
      fetched.push(url);
      return new Uint8Array(sheets[fetched.length - 1]!);
    });
    expect(fetched).toEqual(level.sheets);
    expect(hash.algorithm).toBe('storyboard_pdq');
    expect(hash.frames.map(({ frame, ts }) => [frame, ts])).toEqual([[0, 0], [1, 1.5], [2, 3], [3, 4.5], [4, 6], [5, 7.5], [6, 9]]);
    // Each tile's hash is the PDQ of that tile on its own.
    // The pattern of the sheet's `tile`-th tile (sheetPng numbers the tiles of each sheet from 0).
    const alone = (tile: number) => {
      const index = tile;
      const pixels = new Uint8Array(32 * 24 * 3);
      for (let y = 0; y < 24; y++)
        for (let x = 0; x < 32; x++)
          for (let c = 0; c < 3; c++) pixels[(y * 32 + x) * 3 + c] = (((x >> (index % 4)) + (y >> ((index + c) % 3))) & 1) * 200 + index;
      return pdqHash(pixels, 32, 24, 3, { squash: false });
    };
    expect(hash.frames[0]).toMatchObject({ value: alone(0).hash, quality: alone(0).quality });
    expect(hash.frames[3]).toMatchObject({ value: alone(3).hash, quality: alone(3).quality });
    expect(hash.frames[5]).toMatchObject({ value: alone(1).hash, quality: alone(1).quality });
    expect(new Set(hash.frames.map((frame) => frame.value)).size).toBeGreaterThan(1);
  });

  test('located: from the page\'s spec, else the public watch page; a page without one says so', async () => {
    const medium = { kind: 'video' as const, sourceUrl: `https://i.ytimg.com/sb/${ID}/`, locate: { from: 'storyboard' as const, videoId: ID } };
    const fromPage = await locateStreams([{ ...medium, locate: { ...medium.locate, spec: SPEC } }], { manifests: async () => [] });
    expect(fromPage[0]).toMatchObject({ sourceUrl: finestStoryboardLevel(SPEC)!.sheets[0], storyboard: { level: 2 } });
    const watched: string[] = [];
    const fromWatchPage = await locateStreams([medium], {
      manifests: async () => [],
      watchPage: async (id) => (watched.push(id), `{"videoDetails":{"videoId":"${ID}"},"playerStoryboardSpecRenderer":{"spec":${JSON.stringify(SPEC)}}}`),
    });
    expect(watched).toEqual([ID]);
    expect(fromWatchPage[0]?.storyboard?.level).toBe(2);
    const consent = await locateStreams([medium], { manifests: async () => [], watchPage: async () => '<html>consent</html>' });
    expect(consent[0]).toMatchObject({ error: NO_STORYBOARD });
    // A spec for another video (planted by the page) is not this one's.
    const other = await locateStreams([{ ...medium, locate: { ...medium.locate, spec: SPEC.replaceAll(ID, 'AAAAAAAAAAA') } }], { manifests: async () => [] });
    expect(other[0]).toMatchObject({ error: NO_STORYBOARD });
  });

  test('in the pipeline: progress in tiles, sheet by sheet; an abort stops before the next sheet', async () => {
    const level = finestStoryboardLevel(`${BASE}|32#24#7#2#2#1500#M$M#rs$x`)!;
    const sheets = [sheetPng(2, 2, 32, 24, 4), sheetPng(2, 2, 32, 24, 3)];
    const fetched: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(url);
      return new Response(new Uint8Array(sheets[fetched.length - 1]!), { status: 200, headers: { 'content-type': 'image/png' } });
    });
    try {
      const progress: [number, number][] = [];
      const entry: MediaEntry = { ref: 'm1', kind: 'video', sourceUrl: level.sheets[0]!, hashes: [] };
      await hashStoryboardEntry(entry, level, { onProgress: (done, total) => progress.push([done, total]) });
      expect(progress).toEqual([[4, 7], [7, 7]]);
      expect(entry).toMatchObject({ width: 32, height: 24, rendition: { url: level.sheets[0], width: 32, height: 24 } });
      expect(entry.hashes[0]).toMatchObject({ algorithm: 'storyboard_pdq', frames: expect.any(Array) });

      const controller = new AbortController();
      controller.abort();
      fetched.length = 0;
      const cancelled: MediaEntry = { ref: 'm1', kind: 'video', sourceUrl: level.sheets[0]!, hashes: [] };
      await hashStoryboardEntry(cancelled, level, { signal: controller.signal });
      expect(fetched).toEqual([]);
      expect(cancelled).toMatchObject({ hashes: [], error: CANCELLED });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
