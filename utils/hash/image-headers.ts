/**
 * What an image file says about itself before any decoding: its format from the first bytes, its size from
 * the header (so that a decode bomb is refused at once), and the walkers over its parts that the byte
 * rewriting (image-rewrite.ts) and the WebP decoder (decode-webp.ts) share.
 */
import { MediaError } from '../media-error';

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'avif';

/** What every decoder gives (decode-image.ts and the PNG and WebP decoders beside it). */
export interface DecodedImage {
  format: ImageFormat;
  width: number;
  height: number;
  /** 1 = grey (also an RGB image whose pixels all have R = G = B, as ImageMagick's PGM), 3 = RGB, 4 = RGBA. */
  channels: 1 | 3 | 4;
  /** Tightly packed rows; an alpha channel, when present, is to be ignored. */
  pixels: Uint8Array | Uint8ClampedArray;
}

/** A decoder's output, before grey images are made one channel. */
export type Raster = Omit<DecodedImage, 'format'>;

export function sniffFormat(b: Uint8Array): ImageFormat | undefined {
  if (ascii(b, 0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'webp';
  if (ascii(b, 4, 4) === 'ftyp' && avifBrand(b)) return 'avif';
  return undefined;
}

/** The size the header declares (for AVIF the largest of its items: the limit must hold for each). */
export function declaredSize(b: Uint8Array, format: ImageFormat): { width: number; height: number } {
  const v = view(b);
  try {
    switch (format) {
      case 'png':
        if (ascii(b, 12, 4) !== 'IHDR') break;
        return { width: v.getUint32(16), height: v.getUint32(20) };
      case 'jpeg':
        for (const { marker, start } of jpegSegments(b)) {
          // A frame header: SOF0..SOF15, which share C0..CF with DHT (C4), JPG (C8) and DAC (CC).
          if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
            return { height: v.getUint16(start + 1), width: v.getUint16(start + 3) };
          }
        }
        break;
      case 'gif':
        return gifSize(b, v);
      case 'webp':
        return webpSize(b, v);
      case 'avif': {
        const sizes = avifProperties(b, 'ispe').map((at) => ({ width: v.getUint32(at), height: v.getUint32(at + 4) }));
        if (sizes.length) return sizes.reduce((a, s) => (s.width * s.height > a.width * a.height ? s : a));
        break;
      }
    }
  } catch {
    // A read past the end: the header is cut short.
  }
  throw new MediaError(`corrupt or truncated ${format.toUpperCase()} image: no readable size in its header`);
}

// ---------------------------------------------------------------------------------------------------------------
// JPEG

/** JPEG marker segments up to the image data; `start`..`end` is the segment's payload. */
export function* jpegSegments(b: Uint8Array): Generator<{ marker: number; start: number; end: number }> {
  const v = view(b);
  let at = 2;
  while (b[at] === 0xff) {
    const marker = v.getUint8(at + 1);
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return; // start of scan / end of image
    const end = at + 2 + v.getUint16(at + 2);
    yield { marker, start: at + 4, end };
    at = end;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// GIF

/** The screen size, enlarged to the first frame's if that is bigger (as browsers size the canvas). */
function gifSize(b: Uint8Array, v: DataView): { width: number; height: number } {
  let width = v.getUint16(6, true);
  let height = v.getUint16(8, true);
  const image = gifBlocks(b).find((block) => b[block] === 0x2c);
  if (image !== undefined) {
    width = Math.max(width, v.getUint16(image + 5, true));
    height = Math.max(height, v.getUint16(image + 7, true));
  }
  return { width, height };
}

/** Offsets of a GIF's extension (0x21) and image (0x2c) blocks, in order, up to the trailer. */
export function gifBlocks(b: Uint8Array): number[] {
  const colourTable = (flags: number) => (flags & 0x80 ? 3 << ((flags & 7) + 1) : 0);
  const skipSubBlocks = (at: number) => {
    while (b[at]) at += b[at]! + 1;
    return at + 1;
  };
  const blocks: number[] = [];
  for (let at = 13 + colourTable(b[10]!); b[at] === 0x21 || b[at] === 0x2c; ) {
    blocks.push(at);
    // An extension: label, then sub-blocks. An image: descriptor, colour table, LZW code size, sub-blocks.
    at = b[at] === 0x21 ? skipSubBlocks(at + 2) : skipSubBlocks(at + 11 + colourTable(b[at + 9]!));
  }
  return blocks;
}

// ---------------------------------------------------------------------------------------------------------------
// WebP

/** The canvas size: VP8X's for the extended format, else the one bitstream's own. */
function webpSize(b: Uint8Array, v: DataView): { width: number; height: number } {
  if (ascii(b, 12, 4) !== 'VP8X') return webpBitstreamSize(b, 12);
  // extended: the canvas size, 24-bit, minus one
  return { width: 1 + (v.getUint32(24, true) & 0xffffff), height: 1 + (v.getUint32(26, true) >>> 8) };
}

/** The size a VP8L or VP8 chunk (its header at `at`) declares for its bitstream. */
export function webpBitstreamSize(b: Uint8Array, at: number): { width: number; height: number } {
  const v = view(b);
  switch (ascii(b, at, 4)) {
    case 'VP8L': {
      const bits = v.getUint32(at + 9, true); // after the 0x2f signature
      return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
    }
    case 'VP8 ': // after the 3-byte frame tag and the 3-byte start code
      return { width: v.getUint16(at + 14, true) & 0x3fff, height: v.getUint16(at + 16, true) & 0x3fff };
  }
  throw new RangeError('unknown WebP chunk');
}

export interface RiffChunk {
  type: string;
  /** Offset of the chunk's header; its payload is `start + 8` .. `end`. */
  start: number;
  end: number;
}

/** The chunks from `at` to `end` (a WebP's top level starts at 12, an ANMF frame's at its payload + 16). */
export function riffChunks(b: Uint8Array, at = 12, end = b.length): RiffChunk[] {
  const v = view(b);
  const chunks: RiffChunk[] = [];
  while (at + 8 <= end) {
    const size = v.getUint32(at + 4, true);
    if (at + 8 + size > end) throw new MediaError(`corrupt or truncated WEBP image: its ${JSON.stringify(ascii(b, at, 4))} chunk is cut short`);
    chunks.push({ type: ascii(b, at, 4), start: at, end: at + 8 + size });
    at += 8 + size + (size & 1);
  }
  return chunks;
}

// ---------------------------------------------------------------------------------------------------------------
// AVIF (ISO base media file format: boxes of size, type, payload)

function avifBrand(b: Uint8Array): boolean {
  const ftypEnd = Math.min(b.length, view(b).getUint32(0));
  for (let at = 8; at + 4 <= ftypEnd; at += 4) {
    if (at !== 12 && ascii(b, at, 4) === 'avif') return true; // the major brand or a compatible one (12: minor version)
  }
  return false;
}

/**
 * Offsets of the payloads (after version and flags) of the item properties of one type: meta → iprp → ipco → type.
 * Throws a RangeError on a box running past the end.
 */
export function avifProperties(b: Uint8Array, type: string): number[] {
  const found: number[] = [];
  for (const meta of boxes(b, 0, b.length).filter((box) => box.type === 'meta')) {
    for (const iprp of boxes(b, meta.payload + 4, meta.end).filter((box) => box.type === 'iprp')) {
      for (const ipco of boxes(b, iprp.payload, iprp.end).filter((box) => box.type === 'ipco')) {
        found.push(...boxes(b, ipco.payload, ipco.end).filter((box) => box.type === type).map((box) => box.payload + 4));
      }
    }
  }
  return found;
}

function boxes(b: Uint8Array, at: number, end: number): Array<{ type: string; payload: number; end: number }> {
  const v = view(b);
  const found: Array<{ type: string; payload: number; end: number }> = [];
  while (at + 8 <= end) {
    let size = v.getUint32(at);
    let payload = at + 8;
    if (size === 1) {
      size = Number(v.getBigUint64(at + 8));
      payload += 8;
    } else if (size === 0) {
      size = end - at; // to the end
    }
    if (size < payload - at || at + size > end) throw new RangeError('a box runs past its parent');
    found.push({ type: ascii(b, at + 4, 4), payload, end: at + size });
    at += size;
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

export function ascii(b: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...b.subarray(start, start + length));
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}
