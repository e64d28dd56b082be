/**
 * The image decoder without a browser: our PNG decoder (every colour type, bit depth, interlacing and row
 * filter, against the pixels the PNG was built from), the limits (refused from the header, before any
 * decoding: there is no createImageBitmap here, so reaching the decoder would fail differently), and what
 * the browser is shown for JPEG, WebP, GIF and AVIF; lossless WebP, decoded here, against PNG. Real decoding
 * is covered in e2e/hash-images.e2e.ts.
 */
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeImage, defaultImageLimits, type Raster } from '../../utils/hash/decode-image';
import { decodeWebp, plainWebp } from '../../utils/hash/decode-webp';
import { browserInput } from '../../utils/hash/image-rewrite';
import { MediaError } from '../../utils/media-error';
import {
  anmf,
  exifOrientationSegment,
  makePng,
  PNG_SAMPLES,
  pngChunk,
  pngDecodeBomb,
  riff,
  spliceIntoJpeg,
  vp8x,
  webpChunk,
  webpChunks,
  type PngSpec,
} from '../../test-support/test-images';

const bytes = (b: Buffer) => new Uint8Array(b);
const image = (file: string) => bytes(readFileSync(path.resolve(__dirname, '../fixtures/images', file)));
/** Deterministic, varied, never grey (R ≠ G), so RGB images stay 3 channels. */
const noise = (x: number, y: number, c: number) => (x * 37 + y * 101 + c * 59 + ((x * y) % 13) * 17) & 0xffff;

describe('our PNG decoder gives the stored samples', () => {
  const cases: Array<[string, Omit<PngSpec, 'width' | 'height' | 'sample'>]> = [];
  for (const interlace of [false, true]) {
    for (const depth of [1, 2, 4, 8, 16] as const) cases.push([`grey ${depth}-bit`, { colourType: 0, depth, interlace }]);
    for (const depth of [1, 2, 4, 8] as const) cases.push([`palette ${depth}-bit`, { colourType: 3, depth, interlace }]);
    for (const depth of [8, 16] as const) {
      cases.push([`RGB ${depth}-bit`, { colourType: 2, depth, interlace }]);
      cases.push([`grey+alpha ${depth}-bit`, { colourType: 4, depth, interlace }]);
      cases.push([`RGBA ${depth}-bit`, { colourType: 6, depth, interlace }]);
    }
  }
  test.each(cases)('%s (interlaced: %o)', async (_name, { colourType, depth, interlace }) => {
    const [width, height] = [19, 11]; // odd sizes leave Adam7 passes partly empty
    const max = 2 ** depth - 1;
    const palette = Uint8Array.from({ length: 3 * 2 ** Math.min(depth, 8) }, (_, i) => (i * 97 + 13) & 0xff);
    // Alpha is 0 on half the pixels: the colour under it must survive.
    const sample = (x: number, y: number, c: number) =>
      c === PNG_SAMPLES[colourType] - 1 && (colourType === 4 || colourType === 6) ? ((x + y) % 2) * max : noise(x, y, c) % (max + 1);
    const png = makePng({ width, height, colourType, depth, interlace, sample, ...(colourType === 3 ? { palette } : {}) });

    const image = await decodeImage(bytes(png));
    const grey = colourType === 0 || colourType === 4;
    expect(image).toMatchObject({ format: 'png', width, height, channels: grey ? 1 : 3 });
    const expected: number[] = [];
    const to8 = (v: number) => (depth === 16 ? v >> 8 : (v * 255) / max);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (grey) expected.push(to8(sample(x, y, 0)));
        else if (colourType === 3) expected.push(...palette.subarray(3 * sample(x, y, 0), 3 * sample(x, y, 0) + 3));
        else expected.push(to8(sample(x, y, 0)), to8(sample(x, y, 1)), to8(sample(x, y, 2)));
      }
    }
    expect([...image.pixels]).toEqual(expected);
  });

  test('an RGB image whose pixels are all grey comes out as 1 channel, as ImageMagick writes it', async () => {
    const png = makePng({ width: 8, height: 8, colourType: 2, depth: 8, sample: (x, y) => x * 8 + y });
    const image = await decodeImage(bytes(png));
    expect(image.channels).toBe(1);
    expect([...image.pixels]).toEqual(Array.from({ length: 64 }, (_, i) => (i % 8) * 8 + Math.floor(i / 8)));
  });
});

describe('refusals', () => {
  const refusal = (input: Uint8Array, limits = defaultImageLimits) =>
    decodeImage(input, limits).then(() => 'decoded', (error: unknown) => (error instanceof MediaError ? error.message : `not a MediaError: ${error}`));

  test('a PNG declaring 20000×20000 is refused from its header, at once', async () => {
    const bomb = pngDecodeBomb(20_000, 20_000);
    expect(bomb.length).toBeLessThan(100_000);
    const started = performance.now();
    expect(await refusal(bytes(bomb))).toBe('image too large: 20000×20000 pixels (the limit is 50 megapixels); not decoded');
    expect(performance.now() - started).toBeLessThan(100);
  });

  test('JPEG, GIF and WebP bombs are refused from their headers too', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc2, 0, 11, 8, 0x4e, 0x20, 0x4e, 0x20, 3, 1, 0x22, 0]);
    const gif = Buffer.from('GIF89a\x10\x00\x10\x00\x00\x00\x00\x2c\x00\x00\x00\x00\x20\x4e\x20\x4e\x00', 'latin1');
    const webp = Buffer.alloc(30);
    webp.write('RIFF', 0);
    webp.writeUInt32LE(22, 4);
    webp.write('WEBPVP8X', 8);
    webp.writeUInt32LE(10, 16);
    webp.writeUIntLE(19_999, 24, 3);
    webp.writeUIntLE(19_999, 27, 3);
    const avif = Buffer.from(image('opaque.avif'));
    avif.writeUInt32BE(20_000, avif.indexOf('ispe') + 8);
    avif.writeUInt32BE(20_000, avif.indexOf('ispe') + 12);
    for (const [name, file] of [['JPEG', jpeg], ['GIF', gif], ['WebP', webp], ['AVIF', avif]] as const) {
      expect(await refusal(bytes(file)), name).toMatch(/^image too large: 20000×20000 pixels/);
    }
  });

  test('too many bytes is refused before anything is read', async () => {
    const limits = { maxBytes: 1024 * 1024, maxPixels: 1e6 };
    expect(await refusal(new Uint8Array(2 * 1024 * 1024), limits)).toBe('image too large: 2.0 MB (the limit is 1.0 MB)');
  });

  test('a file that is not an image says what it starts with', async () => {
    const html = Buffer.from('<!doctype html><title>Not found</title>');
    expect(await refusal(bytes(html))).toBe('not a PNG, JPEG, GIF, WebP or AVIF image: it starts with "<!doctype html><"');
  });

  test('a truncated or corrupt PNG says so', async () => {
    const png = makePng({ width: 40, height: 30, colourType: 2, depth: 8, sample: noise });
    expect(await refusal(bytes(png.subarray(0, png.length - 40)))).toMatch(/^corrupt or truncated PNG image: /);
    expect(await refusal(bytes(png.subarray(0, 20)))).toMatch(/^corrupt or truncated PNG image: no readable size/);
    const iend = png.subarray(png.length - 12);
    const junk = Buffer.concat([png.subarray(0, 33), pngChunk('IDAT', Buffer.from('not zlib data')), iend]);
    expect(await refusal(bytes(junk))).toBe('corrupt or truncated PNG image: its compressed data does not inflate');
  });
});

describe('what the browser is shown', () => {
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xda, 0, 2, 0xff, 0xd9]);

  test.each(['II', 'MM'] as const)('a JPEG with EXIF Orientation 6 (%s) gets Orientation 1 and nothing else changes', (order) => {
    const tagged = spliceIntoJpeg(jpeg, exifOrientationSegment(6, order));
    const shown = Buffer.from(browserInput(bytes(tagged), 'jpeg'));
    expect(shown.equals(spliceIntoJpeg(jpeg, exifOrientationSegment(1, order)))).toBe(true);
    expect(tagged.equals(spliceIntoJpeg(jpeg, exifOrientationSegment(6, order))), 'the input is not modified').toBe(true);
  });

  test('a GIF has the transparency flag of every graphic control extension cleared', () => {
    const gce = (flags: number) => Buffer.from([0x21, 0xf9, 4, flags, 0, 0, 7, 0]);
    const frame = Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4c, 0x01, 0]);
    const gif = (flags: number) =>
      Buffer.concat([Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00', 'latin1'), Buffer.alloc(6), gce(flags), frame, gce(flags), frame, Buffer.from([0x3b])]);
    expect(Buffer.from(browserInput(bytes(gif(0x05)), 'gif')).equals(gif(0x04))).toBe(true);
  });
});

describe('WebP: lossless decoded here, lossy handed to the browser without its alpha', () => {
  const vp8lChunk = (file: string) => webpChunks(readFileSync(path.resolve(__dirname, '../fixtures/images', file)), 'VP8L');
  const notCalled = () => Promise.reject(new Error('the browser was asked'));

  test('a lossless WebP with colour under alpha 0 gives the colour, as the PNG it was made from', async () => {
    // lossless-alpha.webp = `cwebp -lossless -exact` of an RGBA PNG: our PNG decoder's RGB of it is the truth.
    const webp = await decodeImage(image('lossless-alpha.webp'));
    const pixels = await decodeWebp(image('lossless-alpha.webp'), notCalled);
    expect(webp).toMatchObject({ format: 'webp', width: 128, height: 128, channels: 3 });
    expect(Buffer.from(pixels.pixels).equals(Buffer.from(webp.pixels))).toBe(true);
    // A disc at alpha 0 (centre 64,70): the colour is there, not black.
    const centre = (70 * 128 + 64) * 3;
    expect([...webp.pixels.subarray(centre, centre + 3)]).not.toEqual([0, 0, 0]);
  });

  test('a lossy WebP with alpha: the browser is shown a plain WebP of its VP8 chunk alone (no ALPH, EXIF, ICC)', async () => {
    const file = Buffer.from(image('lossy-alpha.webp')); // VP8X, ALPH, VP8
    const at = file.indexOf('VP8 ');
    const vp8 = file.subarray(at, at + 8 + file.readUInt32LE(at + 4));
    const withMore = riff(vp8x(0x18, 128, 128), webpChunk('ICCP', Buffer.from('a profile')), Buffer.from(file.subarray(30, at)), vp8, webpChunk('EXIF', Buffer.from('odd')));
    const shown: Buffer[] = [];
    const raster: Raster = { width: 128, height: 128, channels: 4, pixels: new Uint8Array(128 * 128 * 4).fill(7) };
    const decoded = await decodeWebp(bytes(withMore), async (webp) => (shown.push(Buffer.from(webp)), raster));
    expect(shown).toEqual([riff(vp8)]);
    expect(Buffer.from(plainWebp(bytes(vp8))).equals(riff(vp8))).toBe(true);
    expect(decoded).toEqual({ width: 128, height: 128, channels: 3, pixels: new Uint8Array(128 * 128 * 3).fill(7) });
  });

  test('an animation: its first frame, as stored, at its offset on a black canvas', async () => {
    const still = await decodeImage(image('pal4.webp')); // 48×40
    const animated = riff(vp8x(0x12, 60, 50), webpChunk('ANIM', Buffer.alloc(6)), anmf(4, 6, 48, 40, vp8lChunk('pal4.webp')), anmf(0, 0, 2, 2, vp8lChunk('two.webp')));
    const decoded = await decodeWebp(bytes(animated), notCalled);
    expect(decoded).toMatchObject({ width: 60, height: 50, channels: 3 });
    for (const [x, y] of [[0, 0], [3, 5], [59, 49], [52, 46]]) {
      expect([...decoded.pixels.subarray((y! * 60 + x!) * 3, (y! * 60 + x!) * 3 + 3)], `outside the frame, ${x},${y}`).toEqual([0, 0, 0]);
    }
    for (let y = 0; y < 40; y++) {
      const row = decoded.pixels.subarray(((y + 6) * 60 + 4) * 3, ((y + 6) * 60 + 4 + 48) * 3);
      expect(Buffer.from(row).equals(Buffer.from(still.pixels.subarray(y * 48 * 3, (y + 1) * 48 * 3))), `row ${y}`).toBe(true);
    }
    expect(await decodeWebp(bytes(riff(vp8x(0x12, 40, 40), anmf(0, 0, 48, 40, vp8lChunk('pal4.webp')))), notCalled).catch((e: Error) => e.message)).toBe(
      'corrupt or truncated WEBP image: its image (48×40) lies outside its canvas',
    );
  });

  test('a lossless bitstream larger than a small canvas is refused before it is decoded (no bomb behind VP8X)', async () => {
    const bomb = vp8lChunk('lossless-alpha.webp');
    bomb.writeUInt32LE((bomb.readUInt32LE(9) & ~0xfffffff) | 16383 | (16383 << 14), 9); // 16384×16384
    const message = await decodeWebp(bytes(riff(vp8x(0, 9, 9), bomb)), notCalled).catch((e: Error) => e.message);
    expect(message).toBe('corrupt or truncated WEBP image: its image (16384×16384) lies outside its canvas');
  });

  test('a WebP cut short or without image data says so', async () => {
    const webp = image('lossless-alpha.webp');
    await expect(decodeImage(webp.subarray(0, 5000))).rejects.toThrow('corrupt or truncated WEBP image: its "VP8L" chunk is cut short');
    await expect(decodeWebp(bytes(riff(vp8x(0, 9, 9), webpChunk('EXIF', Buffer.from('x')))), notCalled)).rejects.toThrow(
      'corrupt or truncated WEBP image: no image data (chunks: VP8X, EXIF)',
    );
  });
});

describe('AVIF: the browser is shown the colour image alone', () => {
  test("the alpha item's auxC type gets one letter changed, and nothing else", () => {
    const avif = image('alpha.avif');
    const urn = Buffer.from('urn:mpeg:mpegB:cicp:systems:auxiliary:alpha');
    const at = Buffer.from(avif).indexOf(urn);
    expect(at).toBeGreaterThan(0);
    const shown = Buffer.from(browserInput(avif, 'avif'));
    expect(shown.length).toBe(avif.length);
    expect(shown.subarray(at, at + urn.length).toString()).toBe('xrn:mpeg:mpegB:cicp:systems:auxiliary:alpha');
    shown[at] = avif[at]!;
    expect(shown.equals(avif)).toBe(true);
    expect(Buffer.from(browserInput(image('opaque.avif'), 'avif')).equals(image('opaque.avif')), 'no alpha: unchanged').toBe(true);
  });

  test('its size comes from the ispe property', async () => {
    const limits = { maxBytes: 1e6, maxPixels: 128 * 128 - 1 };
    await expect(decodeImage(image('alpha.avif'), limits)).rejects.toThrow('image too large: 128×128 pixels');
  });
});
