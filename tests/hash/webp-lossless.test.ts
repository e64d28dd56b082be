/**
 * Our VP8L decoder against libwebp: the SHA-256 of each image's RGBA pixels as `dwebp -pam` (libwebp 1.2.4,
 * Debian 12) wrote them. The images (tests/fixtures/images/README.md) use between them every transform
 * (predictor, cross-colour, subtract-green, colour indexing packed 8, 4, 2 and 1 to a pixel), the colour cache,
 * meta prefix codes, simple and normal prefix codes, and colour kept under alpha 0.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodeVp8l } from '../../utils/hash/webp-lossless';
import { MediaError } from '../../utils/media-error';

const IMAGES = path.resolve(__dirname, '../fixtures/images');
/** The VP8L chunk's payload of a simple-format lossless WebP ("RIFF" size "WEBP" "VP8L" size payload). */
const vp8lOf = (file: string) => {
  const webp = readFileSync(path.join(IMAGES, file));
  expect(webp.toString('latin1', 12, 16)).toBe('VP8L');
  return new Uint8Array(webp.subarray(20, 20 + webp.readUInt32LE(16)));
};
const rgba = (argb: Uint32Array) => {
  const out = Buffer.alloc(argb.length * 4);
  argb.forEach((pixel, i) => out.writeUInt32BE(((pixel << 8) | (pixel >>> 24)) >>> 0, i * 4));
  return out;
};

describe('decodeVp8l gives the pixels dwebp gives', () => {
  test.each([
    ['lossless-alpha.webp', 128, 128, '654c78403229f1b512601a26b22773665afc106521965b4b03579e6caa5cbbef'],
    ['pal2.webp', 48, 40, '46f52a6aa871eb8e744ae44fd8be66a198bd1c42334866afbc57572d091dc955'],
    ['pal4.webp', 48, 40, '83f0ffa7cb263d53812075ae4b41c2bef3701db3cb5b956c3e90c2f0ecef92c2'],
    ['pal16.webp', 48, 40, '6779a5e791b7055493227089d3a4a84c3e4005ddb513a6c21dce73cc181f22e3'],
    ['pal200.webp', 48, 40, '5386425846277f7c3b81194b98e23804fa0cff21c88cee7e946df0987fa1b126'],
    ['two.webp', 33, 17, '563858eee26ceddbb66d4660a55ded138989dbf9451f6d41ac08c2fcb4c21286'],
  ])('%s', (file, width, height, sha256) => {
    const image = decodeVp8l(vp8lOf(file));
    expect([image.width, image.height]).toEqual([width, height]);
    expect(createHash('sha256').update(rgba(image.argb)).digest('hex')).toBe(sha256);
  });

  test('a truncated or corrupt stream is a MediaError, not a hang or a wrong picture', () => {
    const data = vp8lOf('lossless-alpha.webp');
    for (const cut of [3, 40, 1000, data.length - 200]) {
      expect(() => decodeVp8l(data.subarray(0, cut)), `cut at ${cut}`).toThrow(MediaError);
    }
    expect(() => decodeVp8l(new Uint8Array([0x2e, 0, 0, 0, 0]))).toThrow('corrupt or truncated WEBP image: bad lossless header');
  });
});
