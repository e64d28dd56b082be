/**
 * A folder served under a URL prefix the way a CDN serves media: Content-Type by extension, Range requests
 * answered with 206. Streams need it (a playlist's segments sit beside it, byte-range segments are Range
 * requests). Used by `npm run hash`, the e2e tests' routes and the unit tests' stubbed fetch.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mpd': 'application/dash+xml',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.mkv': 'video/x-matroska',
  '.webm': 'video/webm',
};

export interface ServedFile {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** The file under `folder` that `url` names below `prefix` (never outside the folder), or undefined. */
export function serveFromFolder(prefix: string, folder: string, url: string, rangeHeader?: string): ServedFile | undefined {
  if (!url.startsWith(prefix)) return undefined;
  const root = path.resolve(folder);
  const file = path.resolve(root, decodeURIComponent(url.slice(prefix.length).split(/[?#]/)[0]!));
  if (!file.startsWith(`${root}${path.sep}`) || !existsSync(file) || !statSync(file).isFile()) return undefined;
  const body = readFileSync(file);
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const range = rangeHeader && /^bytes=(\d+)-(\d+)?$/.exec(rangeHeader.trim());
  if (!range) return { status: 200, headers: { 'content-type': type }, body };
  const start = Number(range[1]);
  const end = Math.min(range[2] !== undefined ? Number(range[2]) + 1 : body.length, body.length);
  if (start >= end) return { status: 416, headers: { 'content-range': `bytes */${body.length}` }, body: Buffer.alloc(0) };
  return {
    status: 206,
    headers: { 'content-type': type, 'content-range': `bytes ${start}-${end - 1}/${body.length}` },
    body: body.subarray(start, end),
  };
}

/** A request header by name, whatever its case (CDP keeps the page's). */
export const headerOf = (headers: Record<string, string>, name: string) =>
  Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
