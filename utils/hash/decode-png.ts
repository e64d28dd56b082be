/**
 * PNG → 8-bit RGB or grey, alpha dropped and the colour under it kept, as ImageMagick gives it to the PDQ
 * reference. Our own because a canvas premultiplies alpha (the colour under alpha 0 comes back black: 202
 * bits on pdq_blue_transparent.png) and the PNG format is exactly specified: DecompressionStream inflates,
 * the rest is unfiltering and unpacking. Identical pixels to ImageMagick on all 22 colour-type/bit-depth/
 * interlace variants tried; 16-bit samples give their high byte.
 */
import { MediaError } from '../media-error';
import { ascii, type Raster } from './image-headers';

/** Samples per pixel by colour type: grey, RGB, palette, grey + alpha, RGBA. */
const PNG_SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7 passes: first column, first row, column step, row step. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** Grey images come out as 1 channel, the others as RGB (palette looked up); alpha is dropped. */
export async function decodePng(bytes: Uint8Array): Promise<Raster> {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = (why: string) => new MediaError(`corrupt or truncated PNG image: ${why}`);
  const [width, height] = [v.getUint32(16), v.getUint32(20)];
  const [depth, colourType, interlace] = [bytes[24]!, bytes[25]!, bytes[28]!];
  const samples = PNG_SAMPLES[colourType];
  if (!samples || ![1, 2, 4, 8, 16].includes(depth) || width === 0 || height === 0) throw corrupt('bad IHDR');

  let palette: Uint8Array | undefined;
  const compressed: Uint8Array[] = [];
  let ended = false;
  for (let at = 8; at + 12 <= bytes.length && !ended; ) {
    const length = v.getUint32(at);
    const type = ascii(bytes, at + 4, 4);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (data.length < length) break;
    if (type === 'PLTE') palette = data;
    else if (type === 'IDAT') compressed.push(data);
    ended = type === 'IEND';
    at += 12 + length;
  }
  if (!ended) throw corrupt('it ends before its IEND chunk');
  if (colourType === 3 && !palette) throw corrupt('no palette');

  const bitsPerPixel = samples * depth;
  const passes = (interlace ? ADAM7 : [[0, 0, 1, 1] as const]).map(([x0, y0, dx, dy]) => {
    const [w, h] = [Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy)];
    return { x0, y0, dx, dy, w, h, stride: Math.ceil((w * bitsPerPixel) / 8) };
  });
  const rawLength = passes.reduce((sum, p) => sum + (p.w && p.h && p.h * (1 + p.stride)), 0);
  const raw = await inflate(compressed, rawLength);

  const sample = (line: Uint8Array, i: number): number => {
    if (depth === 8) return line[i]!;
    if (depth === 16) return line[2 * i]!; // the high byte
    const bit = i * depth;
    return (line[bit >> 3]! >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
  };
  const greyScale = 255 / ((1 << Math.min(depth, 8)) - 1);
  const channels = colourType === 0 || colourType === 4 ? 1 : 3;
  const pixels = new Uint8Array(width * height * channels);
  const bytesPerPixel = Math.max(1, bitsPerPixel >> 3);
  let offset = 0;
  for (const { x0, y0, dx, dy, w, h, stride } of passes) {
    if (!w || !h) continue;
    let previous: Uint8Array = new Uint8Array(stride);
    for (let y = 0; y < h; y++, offset += 1 + stride) {
      const line = raw.subarray(offset + 1, offset + 1 + stride);
      if (!unfilter(raw[offset]!, line, previous, bytesPerPixel)) throw corrupt('unknown row filter');
      for (let x = 0; x < w; x++) {
        const out = ((y0 + y * dy) * width + x0 + x * dx) * channels;
        if (channels === 1) {
          pixels[out] = sample(line, x * samples) * greyScale;
        } else if (colourType === 3) {
          const entry = 3 * sample(line, x);
          for (let c = 0; c < 3; c++) pixels[out + c] = palette![entry + c] ?? 0;
        } else {
          for (let c = 0; c < 3; c++) pixels[out + c] = sample(line, x * samples + c);
        }
      }
      previous = line;
    }
  }
  return { width, height, channels, pixels };
}

/** Undoes one row's filter in place (PNG spec §9). */
function unfilter(filter: number, line: Uint8Array, previous: Uint8Array, bpp: number): boolean {
  if (filter === 0) return true;
  if (filter > 4) return false;
  for (let i = 0; i < line.length; i++) {
    const left = i >= bpp ? line[i - bpp]! : 0;
    const up = previous[i]!;
    const upLeft = i >= bpp ? previous[i - bpp]! : 0;
    switch (filter) {
      case 1:
        line[i] = line[i]! + left;
        break;
      case 2:
        line[i] = line[i]! + up;
        break;
      case 3:
        line[i] = line[i]! + ((left + up) >> 1);
        break;
      case 4: {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        line[i] = line[i]! + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
        break;
      }
    }
  }
  return true;
}

/** zlib-inflates the IDAT data, stopping at `length` bytes whatever the stream holds. */
async function inflate(parts: Uint8Array[], length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  const input = new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(controller) {
      for (const part of parts) controller.enqueue(part as Uint8Array<ArrayBuffer>);
      controller.close();
    },
  });
  const reader = input.pipeThrough(new DecompressionStream('deflate')).getReader();
  let filled = 0;
  try {
    while (filled < length) {
      const { done, value } = await reader.read();
      if (done) break;
      const take = Math.min(value.length, length - filled);
      out.set(value.subarray(0, take), filled);
      filled += take;
    }
  } catch {
    throw new MediaError('corrupt or truncated PNG image: its compressed data does not inflate');
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  if (filled < length) throw new MediaError('corrupt or truncated PNG image: too little pixel data');
  return out;
}
