/**
 * The remuxed streams and containers of scripts/make-video-fixtures.sh, served at real-looking URLs the way
 * a CDN serves them (Content-Type by extension, Range requests answered with 206). Shared by the unit
 * tests (a stubbed fetch) and the e2e tests (the harness's routes).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '../..');
export const SOURCES = path.resolve(REPO, '../shared/fixtures/vpdq/videos');
export const REMUXES = path.join(REPO, '.fixtures/video');
export const FIXTURE_HOST = 'https://video.twimg.com/ext_tw_video/flagpost';

/** Makes the fixtures once (a few seconds; idempotent). */
export function ensureVideoFixtures(): void {
  execFileSync('bash', [path.join(REPO, 'scripts/make-video-fixtures.sh')], { stdio: 'inherit' });
}

/** Each remux, by the source video it was made from; entry = the file or manifest a page would point at. */
export const REMUX_ENTRIES = {
  'hls-ts': 'hls-ts/index.m3u8',
  'hls-fmp4': 'hls-fmp4/index.m3u8',
  'hls-byterange': 'hls-byterange/index.m3u8',
  'dash-number': 'dash-number/manifest.mpd',
  'dash-timeline': 'dash-timeline/manifest.mpd',
  'dash-ranges': 'dash-ranges/manifest.mpd',
  'dash-base': 'dash-base/manifest.mpd',
  fragmented: 'fragmented.mp4',
  mkv: 'h264.mkv',
} as const;
export const COPIES = ['pattern-sd-grey-bar', 'test-padded-dimensions'] as const;

export const remuxUrl = (source: string, entry: string) => `${FIXTURE_HOST}/${source}/${entry}`;
/** The source file itself, served beside its remuxes. */
export const sourceUrl = (source: string) => `${FIXTURE_HOST}/source/${source}.mp4`;

const TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mpd': 'application/dash+xml',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.mkv': 'video/x-matroska',
  '.webm': 'video/webm',
};

export interface Served {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** What the CDN answers for `url` (undefined: not one of ours). */
export function serveRemux(url: string, rangeHeader?: string): Served | undefined {
  if (!url.startsWith(`${FIXTURE_HOST}/`)) return undefined;
  const relative = decodeURIComponent(new URL(url).pathname.slice(new URL(FIXTURE_HOST).pathname.length + 1));
  const [root, rest] = relative.startsWith('source/') ? [SOURCES, relative.slice('source/'.length)] : [REMUXES, relative];
  const file = path.join(root, rest);
  if (!file.startsWith(`${root}/`) || !existsSync(file) || !statSync(file).isFile()) return undefined;
  const body = readFileSync(file);
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  const range = rangeHeader && /^bytes=(\d+)-(\d+)?$/.exec(rangeHeader);
  if (!range) return { status: 200, headers: { 'content-type': type }, body };
  const start = Number(range[1]);
  const end = Math.min(range[2] !== undefined ? Number(range[2]) + 1 : body.length, body.length);
  return {
    status: 206,
    headers: { 'content-type': type, 'content-range': `bytes ${start}-${end - 1}/${body.length}` },
    body: body.subarray(start, end),
  };
}
