/**
 * Image bytes → the 8-bit pixels the PDQ reference hashes. The reference (`pdq-photo-hasher`) decodes with
 * ImageMagick: EXIF orientation ignored, alpha dropped keeping the colour stored under transparent pixels,
 * an animation's first frame, grey images as one channel (../shared/fixtures/pdq/README.md).
 *
 * WHY THIS PATH. Measured in Chromium 156's extension service worker, against `expected-cpp.tsv` (41 images,
 * 38 with quality ≥ 80) and against the reference (ImageMagick 6.9.11, libwebp 1.2.4, libheif 1.15.1) on
 * generated benign images (tests/fixtures/images):
 * - createImageBitmap + OffscreenCanvas 2D getImageData: 0 bits on every opaque fixture (the browser's JPEG,
 *   WebP, PNG and AVIF decoders give ImageMagick's pixels), but 202 bits on pdq_blue_transparent.png, 56 on
 *   a lossless WebP with a transparent disc: a 2D canvas stores premultiplied alpha, so alpha-0 pixels come
 *   back black. And `imageOrientation: 'none'` now rotates by EXIF like 'from-image' (a 1600×1004 JPEG
 *   tagged Orientation=6 decodes 1004×1600), for JPEG and for PNG's eXIf chunk.
 * - WebGL2 readPixels, UNPACK_PREMULTIPLY_ALPHA false: 0 bits, alpha included, but only because headless
 *   Chromium runs WebGL on SwiftShader; since M139 Chrome refuses WebGL where it would have used SwiftShader
 *   (no usable GPU), and MAX_TEXTURE_SIZE was 8192. It would still need a fallback: two paths, not one.
 * - WebCodecs ImageDecoder: `undefined` in extension service workers (windows and dedicated workers only),
 *   and not in Firefox 128.
 * So the browser decodes, but is shown only what the reference sees, in a copy of the bytes (image-rewrite.ts):
 * JPEG with its EXIF Orientation set to 1, GIF with transparency switched off, AVIF with its alpha item
 * untyped, lossy WebP as its VP8 bitstream alone. What interleaves alpha with the colour is decoded here,
 * both formats exactly specified: PNG (decode-png.ts) and lossless WebP (decode-webp.ts, webp-lossless.ts).
 * Result: 0 bits on all 41 fixtures and on every generated WebP and AVIF, alpha or not, still or animated.
 * Not covered: 16-bit PNGs take the high byte (what ImageMagick's 16-bit PNM becomes in the reference's
 * 8-bit CImg was not measured); an AVIF whose colour is stored premultiplied ('prem'); animated AVIF.
 * The same code runs in Firefox's MV2 background page (OffscreenCanvas, DecompressionStream: Firefox ≥ 113).
 *
 * Limits are checked before any decoding: the byte size, then width × height from the file's header, so a
 * decode bomb (a 380 KB PNG declaring 20000×20000, which createImageBitmap spent 17 s on) is refused at once.
 */
import { MediaError } from '../media-error';
import { decodeWithBrowser } from './decode-browser';
import { decodePng } from './decode-png';
import { decodeWebp } from './decode-webp';
import { declaredSize, sniffFormat, type DecodedImage, type ImageFormat, type Raster } from './image-headers';
import { browserInput } from './image-rewrite';

export type { ImageFormat };

export interface ImageLimits {
  maxBytes: number;
  /** width × height as the file's header declares it. */
  maxPixels: number;
}

export const defaultImageLimits: ImageLimits = { maxBytes: 25 * 1024 * 1024, maxPixels: 50_000_000 };

export type { DecodedImage, Raster };

type Pixels = Pick<DecodedImage, 'channels' | 'pixels'>;

export async function decodeImage(bytes: Uint8Array, limits = defaultImageLimits): Promise<DecodedImage> {
  if (bytes.byteLength > limits.maxBytes) {
    throw new MediaError(`image too large: ${megabytes(bytes.byteLength)} (the limit is ${megabytes(limits.maxBytes)})`);
  }
  const format = sniffFormat(bytes);
  if (!format) throw new MediaError(`not a PNG, JPEG, GIF, WebP or AVIF image: it starts with ${printable(bytes)}`);
  const { width, height } = declaredSize(bytes, format);
  if (width * height > limits.maxPixels) {
    const limit = `${limits.maxPixels / 1e6} megapixels`;
    throw new MediaError(`image too large: ${width}×${height} pixels (the limit is ${limit}); not decoded`);
  }
  const decoded =
    format === 'png'
      ? await decodePng(bytes)
      : format === 'webp'
        ? await decodeWebp(bytes, (opaque) => decodeWithBrowser(opaque, format))
        : await decodeWithBrowser(browserInput(bytes, format), format);
  return { format, ...decoded, ...greyIfGrey(decoded) };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** ImageMagick writes an image whose pixels are all grey as a 1-channel PGM; luma then is the grey value. */
function greyIfGrey({ channels, pixels }: Pixels): Pixels {
  if (channels === 1) return { channels, pixels };
  for (let i = 0; i < pixels.length; i += channels) {
    if (pixels[i] !== pixels[i + 1] || pixels[i] !== pixels[i + 2]) return { channels, pixels };
  }
  const grey = new Uint8Array(pixels.length / channels);
  for (let i = 0; i < grey.length; i++) grey[i] = pixels[i * channels]!;
  return { channels: 1, pixels: grey };
}

function printable(b: Uint8Array): string {
  return JSON.stringify(String.fromCharCode(...b.subarray(0, 16)).replace(/[^\x20-\x7e]/g, '.'));
}

function megabytes(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
