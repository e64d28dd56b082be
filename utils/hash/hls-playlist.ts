/**
 * HLS playlists (RFC 8216), as much as hashing needs: a master playlist's video variants, and a media
 * playlist's segments (MPEG-TS or fMP4 with #EXT-X-MAP, whole files or #EXT-X-BYTERANGE). Written here
 * rather than with mediabunny's HLS reader: the background (a service worker) must read it to pick the
 * rendition and check the duration before fetching, and that is 100 lines against a demuxer in the worker.
 * Refused with a reason: encrypted segments, and discontinuities (their timestamps restart, so the
 * concatenated stream would not be one timeline).
 */
import { VideoFormatError } from './video-mp4';
import type { Rendition } from './rendition';
import { resolveUrl, type ByteRangeRef } from './stream-plan';

export type HlsPlaylist =
  | { kind: 'master'; variants: Rendition[] }
  | { kind: 'media'; init?: ByteRangeRef; segments: ByteRangeRef[]; durationS: number };

/** `KEY=value,KEY="quoted, value"` → { KEY: value }. */
function attributes(list: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [, key, value] of list.matchAll(/([A-Z0-9-]+)=("[^"]*"|[^,]*)/g)) out[key!] = value!.replace(/^"|"$/g, '');
  return out;
}

/** `length[@offset]`; without an offset the range follows the previous one of the same resource. */
function byteRange(spec: string, previousEnd: number | undefined): { start: number; end: number } {
  const match = /^(\d+)(?:@(\d+))?$/.exec(spec.trim());
  const start = match?.[2] !== undefined ? Number(match[2]) : previousEnd;
  if (!match || start === undefined) throw new VideoFormatError(`HLS byte range without an offset: ${spec.slice(0, 50)}`);
  return { start, end: start + Number(match[1]) };
}

/** Audio-only variants (CODECS lists no video codec) are not renditions of the video. */
const VIDEO_CODEC = /(^|,)\s*(avc[13]|hvc1|hev1|vp0?[89]|av01|mp4v)/i;

export function parseHlsPlaylist(text: string, baseUrl: string): HlsPlaylist {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  if (lines[0] !== '#EXTM3U') throw new VideoFormatError('not an HLS playlist (no #EXTM3U)');
  if (lines.some((line) => line.startsWith('#EXT-X-STREAM-INF:'))) return { kind: 'master', variants: variantsOf(lines, baseUrl) };

  const segments: ByteRangeRef[] = [];
  let init: ByteRangeRef | undefined;
  let durationS = 0;
  let pendingRange: string | undefined;
  const lastEnd = new Map<string, number>();
  for (const line of lines) {
    const [tag, value = ''] = line.startsWith('#') ? splitTag(line) : ['', line];
    if (tag === '#EXTINF') durationS += Number.parseFloat(value) || 0;
    else if (tag === '#EXT-X-BYTERANGE') pendingRange = value;
    else if (tag === '#EXT-X-DISCONTINUITY') {
      if (segments.length > 0) throw new VideoFormatError('HLS streams with discontinuities are not supported');
    } else if (tag === '#EXT-X-KEY' || tag === '#EXT-X-SESSION-KEY') {
      const method = attributes(value).METHOD;
      if (method && method !== 'NONE') throw new VideoFormatError(`encrypted HLS stream (${method}) cannot be hashed`);
    } else if (tag === '#EXT-X-MAP') {
      const map = attributes(value);
      if (!map.URI) throw new VideoFormatError('HLS #EXT-X-MAP without a URI');
      const next: ByteRangeRef = { url: resolveUrl(map.URI, baseUrl), ...(map.BYTERANGE ? byteRange(map.BYTERANGE, 0) : {}) };
      if (init && (init.url !== next.url || init.start !== next.start)) {
        throw new VideoFormatError('HLS streams that change their init section are not supported');
      }
      init = next;
    } else if (!tag) {
      const url = resolveUrl(value, baseUrl);
      const segment: ByteRangeRef = { url, ...(pendingRange ? byteRange(pendingRange, lastEnd.get(url)) : {}) };
      if (segment.end !== undefined) lastEnd.set(url, segment.end);
      segments.push(segment);
      pendingRange = undefined;
    }
  }
  if (segments.length === 0) throw new VideoFormatError('the HLS playlist lists no segment');
  return { kind: 'media', ...(init ? { init } : {}), segments, durationS };
}

function splitTag(line: string): [string, string] {
  const colon = line.indexOf(':');
  return colon < 0 ? [line, ''] : [line.slice(0, colon), line.slice(colon + 1)];
}

function variantsOf(lines: string[], baseUrl: string): Rendition[] {
  const variants: Rendition[] = [];
  lines.forEach((line, i) => {
    if (!line.startsWith('#EXT-X-STREAM-INF:')) return;
    const uri = lines.slice(i + 1).find((next) => !next.startsWith('#'));
    if (!uri) return;
    const attrs = attributes(line.slice('#EXT-X-STREAM-INF:'.length));
    if (attrs.CODECS && !VIDEO_CODEC.test(attrs.CODECS)) return;
    const [width, height] = (attrs.RESOLUTION ?? '').split('x').map(Number);
    const bitrate = Number(attrs['AVERAGE-BANDWIDTH'] ?? attrs.BANDWIDTH);
    variants.push({
      url: resolveUrl(uri, baseUrl),
      ...(width && height ? { width, height } : {}),
      ...(bitrate > 0 ? { bitrate } : {}),
    });
  });
  if (variants.length === 0) throw new VideoFormatError('the HLS master playlist lists no video variant');
  return variants;
}
