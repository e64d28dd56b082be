/**
 * What the browser's decoder is shown: a copy of the bytes without what it would apply and the reference
 * ignores (EXIF orientation; transparency, which a canvas premultiplies away with the colour under it).
 * Each rewrite keeps every length, so nothing else in the file moves. Lossy WebP is rewritten in
 * decode-webp.ts; PNG and lossless WebP never reach the browser.
 */
import { ascii, avifProperties, gifBlocks, jpegSegments, type ImageFormat } from './image-headers';

export function browserInput(bytes: Uint8Array, format: ImageFormat): Uint8Array {
  if (format === 'jpeg') return withoutExifOrientation(bytes);
  if (format === 'gif') return opaqueGif(bytes);
  if (format === 'avif') return opaqueAvif(bytes);
  return bytes;
}

/** A copy of a JPEG with every EXIF Orientation set to 1 ("as stored"): browsers rotate by it, the reference does not. */
function withoutExifOrientation(jpeg: Uint8Array): Uint8Array {
  const copy = jpeg.slice();
  const v = new DataView(copy.buffer);
  try {
    for (const { marker, start, end } of jpegSegments(copy)) {
      if (marker !== 0xe1 || ascii(copy, start, 6) !== 'Exif\0\0') continue;
      const tiff = start + 6;
      const little = v.getUint16(tiff) === 0x4949; // "II"
      const ifd0 = tiff + v.getUint32(tiff + 4, little);
      const entries = ifd0 + 2;
      const entriesEnd = entries + 12 * v.getUint16(ifd0, little);
      if (entriesEnd > end) continue;
      for (let entry = entries; entry < entriesEnd; entry += 12) {
        if (v.getUint16(entry, little) === 0x0112) v.setUint16(entry + 8, 1, little);
      }
    }
  } catch {
    // EXIF too broken to read: the browser cannot read an orientation from it either.
  }
  return copy;
}

/** A copy of a GIF with the transparency flag of every graphic control extension cleared. */
function opaqueGif(gif: Uint8Array): Uint8Array {
  const copy = gif.slice();
  for (const at of gifBlocks(copy)) {
    if (copy[at] === 0x21 && copy[at + 1] === 0xf9 && copy[at + 2] === 4) copy[at + 3] = copy[at + 3]! & ~1;
  }
  return copy;
}

/** The auxiliary-image types that make an AVIF item the alpha plane of another (AVIF §4, HEIF's HEVC form). */
const ALPHA_URNS = ['urn:mpeg:mpegB:cicp:systems:auxiliary:alpha', 'urn:mpeg:hevc:2015:auxid:1'];

/**
 * A copy of an AVIF whose alpha item is no longer typed as alpha: AVIF stores alpha as a separate AV1 image,
 * tied to the colour image by an `auxC` property naming its type. With one letter of that name changed
 * ("urn:" → "xrn:"), decoders see an auxiliary image of an unknown kind and ignore it, so the browser
 * decodes the colour image alone, opaque. Measured in Chromium on an AVIF with a transparent disc (4:4:4 and
 * 4:2:0): 58 bits from the reference with its alpha, 0 with it untyped. Same length, so no box moves.
 */
function opaqueAvif(avif: Uint8Array): Uint8Array {
  const copy = avif.slice();
  try {
    for (const at of avifProperties(copy, 'auxC')) {
      const end = copy.indexOf(0, at);
      if (ALPHA_URNS.includes(ascii(copy, at, end - at))) copy[at] = 'x'.charCodeAt(0);
    }
  } catch {
    // Boxes too broken to walk: the browser's decoder will say so.
  }
  return copy;
}
