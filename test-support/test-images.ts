/**
 * Benign test images built byte by byte, never real media: PNGs of every colour type, bit depth and
 * interlacing (every row filter used in turn), a PNG decode bomb, an EXIF Orientation segment to
 * splice into a JPEG, and WebP containers (still, animated) around bitstreams taken from
 * tests/fixtures/images. Shared by the unit and e2e tests.
 */
import { crc32, deflateSync } from 'node:zlib';

export type PngColourType = 0 | 2 | 3 | 4 | 6;

export interface PngSpec {
  width: number;
  height: number;
  colourType: PngColourType;
  depth: 1 | 2 | 4 | 8 | 16;
  interlace?: boolean;
  /** RGB triples, for colour type 3. */
  palette?: Uint8Array;
  /** Sample `c` of pixel (x, y), in 0 .. 2^depth − 1. */
  sample: (x: number, y: number, c: number) => number;
}

export const PNG_SAMPLES: Record<PngColourType, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];

export function makePng(spec: PngSpec): Buffer {
  const { width, height, colourType, depth } = spec;
  const samples = PNG_SAMPLES[colourType];
  const bpp = Math.max(1, (samples * depth) >> 3);
  const rows: Buffer[] = [];
  for (const [x0, y0, dx, dy] of spec.interlace ? ADAM7 : [[0, 0, 1, 1]]) {
    const [w, h] = [Math.ceil((width - x0!) / dx!), Math.ceil((height - y0!) / dy!)];
    if (!w || !h) continue;
    let previous = Buffer.alloc(Math.ceil((w * samples * depth) / 8));
    for (let y = 0; y < h; y++) {
      const raw = Buffer.alloc(previous.length);
      let bit = 0;
      for (let x = 0; x < w; x++) {
        for (let c = 0; c < samples; c++, bit += depth) {
          const value = spec.sample(x0! + x * dx!, y0! + y * dy!, c);
          if (depth === 16) raw.writeUInt16BE(value, bit >> 3);
          else raw[bit >> 3]! |= value << (8 - depth - (bit & 7));
        }
      }
      const filter = (rows.length % 5) as 0 | 1 | 2 | 3 | 4;
      rows.push(Buffer.from([filter]), applyFilter(filter, raw, previous, bpp));
      previous = raw;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([depth, colourType, 0, 0, spec.interlace ? 1 : 0], 8);
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    ...(spec.palette ? [pngChunk('PLTE', Buffer.from(spec.palette))] : []),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function applyFilter(filter: 0 | 1 | 2 | 3 | 4, raw: Buffer, previous: Buffer, bpp: number): Buffer {
  return Buffer.from(
    raw.map((value, i) => {
      const [left, up, upLeft] = [raw[i - bpp] ?? 0, previous[i]!, previous[i - bpp] ?? 0];
      const p = left + up - upLeft;
      const paeth = Math.abs(p - left) <= Math.abs(p - up) && Math.abs(p - left) <= Math.abs(p - upLeft)
        ? left
        : Math.abs(p - up) <= Math.abs(p - upLeft) ? up : upLeft;
      return value - [0, left, up, (left + up) >> 1, paeth][filter]!;
    }),
  );
}

export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A valid all-black 1-bit PNG of `width`×`height` that compresses to almost nothing: 20000² is ~50 KB. */
export function pngDecodeBomb(width: number, height: number): Buffer {
  const rows = Buffer.alloc((Math.ceil(width / 8) + 1) * height); // filter 0, all zero
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([1, 0, 0, 0, 0], 8);
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(rows, { level: 9 })), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A JPEG APP1 segment holding EXIF with one tag, Orientation = `orientation`, in either byte order. */
export function exifOrientationSegment(orientation: number, byteOrder: 'II' | 'MM' = 'MM'): Buffer {
  const tiff = Buffer.alloc(26);
  const little = byteOrder === 'II';
  const u16 = (value: number, at: number) => (little ? tiff.writeUInt16LE(value, at) : tiff.writeUInt16BE(value, at));
  const u32 = (value: number, at: number) => (little ? tiff.writeUInt32LE(value, at) : tiff.writeUInt32BE(value, at));
  tiff.write(byteOrder, 0, 'ascii');
  u16(42, 2);
  u32(8, 4); // IFD0 right after the header
  u16(1, 8); // one entry:
  u16(0x0112, 10); // Orientation
  u16(3, 12); // SHORT
  u32(1, 14); // one value
  u16(orientation, 18); // left-justified in the 4-byte value field; next-IFD offset 0 follows
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'ascii'), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/** `jpeg` with `segment` inserted after SOI and its APP0 (JFIF) segment, if any. */
export function spliceIntoJpeg(jpeg: Buffer, segment: Buffer): Buffer {
  const at = jpeg[3] === 0xe0 ? 4 + jpeg.readUInt16BE(4) : 2;
  return Buffer.concat([jpeg.subarray(0, at), segment, jpeg.subarray(at)]);
}

// ---------------------------------------------------------------------------------------------------------------
// WebP containers

export function webpChunk(type: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.write(type, 0);
  header.writeUInt32LE(data.length, 4);
  return Buffer.concat([header, data, Buffer.alloc(data.length % 2)]);
}

export function riff(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WEBP'), ...chunks]);
  const header = Buffer.from('RIFF\0\0\0\0');
  header.writeUInt32LE(body.length, 4);
  return Buffer.concat([header, body]);
}

const u24 = (n: number) => Buffer.from([n & 0xff, (n >> 8) & 0xff, n >> 16]);

/** flags: 0x10 alpha, 0x02 animation. */
export function vp8x(flags: number, width: number, height: number): Buffer {
  return webpChunk('VP8X', Buffer.concat([Buffer.from([flags, 0, 0, 0]), u24(width - 1), u24(height - 1)]));
}

/** An ANMF frame at (x, y) (even numbers), 100 ms, no blending flags, around the frame's chunks. */
export function anmf(x: number, y: number, width: number, height: number, ...chunks: Buffer[]): Buffer {
  return webpChunk('ANMF', Buffer.concat([u24(x / 2), u24(y / 2), u24(width - 1), u24(height - 1), u24(100), Buffer.from([0]), ...chunks]));
}

/** The top-level chunks of a WebP file of these types, whole and in order (e.g. ALPH then VP8). */
export function webpChunks(webp: Buffer, ...types: string[]): Buffer {
  const found: Buffer[] = [];
  for (let at = 12; at + 8 <= webp.length; ) {
    const end = at + 8 + webp.readUInt32LE(at + 4);
    if (types.includes(webp.toString('latin1', at, at + 4))) found.push(webp.subarray(at, end + (end & 1)));
    at = end + (end & 1);
  }
  return Buffer.concat(found);
}
