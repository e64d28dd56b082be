/**
 * What the background fetches for an adaptive stream: the chosen rendition as an ordered list of byte
 * ranges (init section first, then media segments). Concatenated they are one file a demuxer reads from
 * start to end: a fragmented MP4 (DASH, HLS fMP4/CMAF) or an MPEG-TS stream (HLS TS segments); that is
 * how a player feeds its SourceBuffer too. One file keeps the offscreen hand-off, the limits and the
 * demuxer exactly as for a progressive file.
 */
import { VideoFormatError } from './video-mp4';
import type { Rendition } from './rendition';

export interface ByteRangeRef {
  url: string;
  /** First byte; with `end`, a Range request. */
  start?: number;
  /** One past the last byte. */
  end?: number;
}

export interface StreamPlan {
  format: 'hls' | 'dash';
  rendition: Rendition;
  /** Init section (first) and media segments, in play order. */
  parts: ByteRangeRef[];
  /** What the manifest says, checked against the limit before any segment is fetched. */
  durationS?: number;
}

/** A manifest rather than a video, by its Content-Type or its first bytes (not by the URL, which may say nothing). */
export function manifestKind(mimeType: string | undefined, bytes: Uint8Array): 'hls' | 'dash' | undefined {
  const type = mimeType?.toLowerCase();
  if (type === 'application/vnd.apple.mpegurl' || type === 'application/x-mpegurl' || type === 'audio/mpegurl') return 'hls';
  if (type === 'application/dash+xml') return 'dash';
  const head = new TextDecoder().decode(bytes.subarray(0, 1024)).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('#EXTM3U')) return 'hls';
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<MPD[\s>]/.test(head)) return 'dash';
  return undefined;
}

/** A relative reference resolved against the manifest's URL; only http(s) is fetched. */
export function resolveUrl(reference: string, base: string): string {
  let url: URL;
  try {
    url = new URL(reference.trim(), base);
  } catch {
    throw new VideoFormatError(`the stream names an invalid URL: ${reference.slice(0, 100)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new VideoFormatError(`the stream names a URL that is not http(s): ${url.protocol}`);
  }
  return url.href;
}
