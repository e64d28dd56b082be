/**
 * WebP → the RGB the PDQ reference hashes. ImageMagick asks libwebp for unpremultiplied RGBA and the
 * reference then drops alpha: the colour stored under transparent pixels counts as if opaque. For an
 * animation it takes the first frame, its colour placed as stored at the frame's offset on a canvas of
 * the canvas size, black elsewhere (measured with ImageMagick 6.9.11 and libwebp 1.2.4, blending on or off).
 *
 * A browser only returns pixels through a canvas, which premultiplies: alpha 0 comes back black (measured
 * 56 bits from the reference on a lossless WebP with a transparent disc, 58 on an animated lossy one).
 * - Lossy (VP8): the colour is a VP8 bitstream with no alpha in it; alpha is a separate ALPH chunk. The
 *   browser is given a plain WebP of the VP8 chunk alone, opaque, and decodes it as libwebp does (0 bits).
 *   That plain WebP also leaves out EXIF and ICC, which the reference ignores.
 * - Lossless (VP8L): alpha is coded with the colour in one stream, so it cannot be taken out; decoded by
 *   our own decoder (webp-lossless.ts), exact by specification. Weighed and not taken:
 *   - WebCodecs ImageDecoder (premultiplyAlpha 'none'): not in extension service workers, only in windows
 *     and dedicated workers (Chrome would need the offscreen document), and not in Firefox 128;
 *   - createImageBitmap(premultiplyAlpha 'none') read back through WebGL readPixels: exact, but Chrome gives
 *     no WebGL where there is no GPU (SwiftShader is refused since M139), so a second path would be needed;
 *   - a libwebp build (@jsquash/webp, @cwasm/webp and the like): WebAssembly, which Chrome's default MV3
 *     extension CSP ("script-src 'self'; object-src 'self'") disables, so 'wasm-unsafe-eval' would have to
 *     be added to the manifest (Firefox MV2 only reports it); and ~100 KB or more, against ~500 lines here.
 */
import { MediaError } from '../media-error';
import { declaredSize, riffChunks, webpBitstreamSize, type Raster, type RiffChunk } from './image-headers';
import { decodeVp8l } from './webp-lossless';

/** Decodes a still WebP with no alpha (here: a plain VP8 one) in the browser. */
export type DecodeOpaqueWebp = (webp: Uint8Array) => Promise<Raster>;

export async function decodeWebp(bytes: Uint8Array, decodeOpaque: DecodeOpaqueWebp): Promise<Raster> {
  const chunks = riffChunks(bytes);
  if (chunks[0]?.type !== 'VP8X') return decodeBitstream(bytes, chunks, declaredSize(bytes, 'webp'), decodeOpaque);

  // Extended format: a still image, or an animation's first frame at its offset, on the canvas.
  const canvas = declaredSize(bytes, 'webp');
  const frame = chunks.find((chunk) => chunk.type === 'ANMF');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u24 = (at: number) => v.getUint32(at, true) & 0xffffff;
  const [x, y] = frame ? [2 * u24(frame.start + 8), 2 * u24(frame.start + 11)] : [0, 0];
  const room = { width: canvas.width - x, height: canvas.height - y };
  const frameChunks = frame ? riffChunks(bytes, frame.start + 8 + 16, frame.end) : chunks;
  const image = await decodeBitstream(bytes, frameChunks, room, decodeOpaque);
  if (image.width > room.width || image.height > room.height) throw corrupt('its image lies outside its canvas');
  const pixels = new Uint8Array(canvas.width * canvas.height * 3); // black where no frame is: as the reference
  for (let row = 0; row < image.height; row++) {
    for (let column = 0; column < image.width; column++) {
      const [from, to] = [(row * image.width + column) * image.channels, ((y + row) * canvas.width + x + column) * 3];
      for (let c = 0; c < 3; c++) pixels[to + c] = image.pixels[from + c]!;
    }
  }
  return { ...canvas, channels: 3, pixels };
}

/**
 * One image's bitstream among `chunks`: VP8L decoded here, VP8 by the browser (without its ALPH). Its
 * declared size is checked against `room` first, so that a small canvas cannot hide a decode bomb.
 */
async function decodeBitstream(
  bytes: Uint8Array,
  chunks: RiffChunk[],
  room: { width: number; height: number },
  decodeOpaque: DecodeOpaqueWebp,
): Promise<Raster> {
  const bitstream = chunks.find((chunk) => chunk.type === 'VP8L' || chunk.type === 'VP8 ');
  if (!bitstream) throw corrupt(`no image data (chunks: ${chunks.map((chunk) => chunk.type).join(', ') || 'none'})`);
  const declared = webpBitstreamSize(bytes, bitstream.start);
  if (declared.width > room.width || declared.height > room.height) {
    throw corrupt(`its image (${declared.width}×${declared.height}) lies outside its canvas`);
  }
  if (bitstream.type === 'VP8 ') return decodeOpaque(plainWebp(bytes.subarray(bitstream.start, bitstream.end)));
  const { width, height, argb } = decodeVp8l(bytes.subarray(bitstream.start + 8, bitstream.end));
  const pixels = new Uint8Array(width * height * 3);
  for (let i = 0, to = 0; i < argb.length; i++, to += 3) {
    const pixel = argb[i]!;
    pixels[to] = pixel >>> 16;
    pixels[to + 1] = pixel >>> 8;
    pixels[to + 2] = pixel;
  }
  return { width, height, channels: 3, pixels };
}

/** A simple-format WebP ("RIFF", size, "WEBP", then the one chunk) of a VP8 chunk. */
export function plainWebp(vp8Chunk: Uint8Array): Uint8Array {
  const padded = vp8Chunk.length + (vp8Chunk.length & 1);
  const out = new Uint8Array(12 + padded);
  out.set([...'RIFF'].map((c) => c.charCodeAt(0)));
  new DataView(out.buffer).setUint32(4, 4 + padded, true);
  out.set([...'WEBP'].map((c) => c.charCodeAt(0)), 8);
  out.set(vp8Chunk, 12);
  return out;
}

function corrupt(why: string): MediaError {
  return new MediaError(`corrupt or truncated WEBP image: ${why}`);
}

