/** PDQ of image bytes, as `pdq-photo-hasher` computes it: decoded like ImageMagick, squashed to 512×512. */
import type { MediaHash } from '../schema/report';
import { decodeImage, type ImageLimits } from './decode-image';
import { pdqHash } from './pdq';
import { timed } from '../timing';

export interface ImageHashResult {
  hashes: MediaHash[];
  width: number;
  height: number;
}

export async function imageHashes(bytes: Uint8Array, limits?: ImageLimits): Promise<ImageHashResult> {
  const { pixels, width, height, channels } = await timed('decode', () => decodeImage(bytes, limits));
  // squash: images with a side over 512 go to 512×512 by nearest neighbour first, as the reference CLI does.
  const { hash, quality } = timed('pdq', () => pdqHash(pixels, width, height, channels, { squash: true }));
  return { hashes: [{ algorithm: 'pdq', value: hash, quality }], width, height };
}
