/**
 * The remuxed streams and containers of scripts/make-video-fixtures.sh and their source files, served at
 * real-looking CDN URLs (serve-files.ts). Shared by the unit tests (a stubbed fetch) and the e2e tests.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { serveFromFolder, type ServedFile } from './serve-files';

export const REPO = path.resolve(__dirname, '..');
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

/** What the CDN answers for `url` (undefined: not one of ours). */
export function serveRemux(url: string, rangeHeader?: string): ServedFile | undefined {
  return (
    serveFromFolder(`${FIXTURE_HOST}/source/`, SOURCES, url, rangeHeader) ??
    serveFromFolder(`${FIXTURE_HOST}/`, REMUXES, url, rangeHeader)
  );
}
