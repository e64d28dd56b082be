/** JPEG, lossy WebP, GIF, AVIF: the browser's decoder, read back unpremultiplied (why: decode-image.ts). */
import { MediaError } from '../media-error';
import type { ImageFormat, Raster } from './image-headers';

/** `input` as rewritten by image-rewrite.ts; 4 channels, alpha to be ignored. */
export async function decodeWithBrowser(input: Uint8Array, format: ImageFormat): Promise<Raster> {
  let bitmap: ImageBitmap;
  try {
    // colorSpaceConversion 'none': ImageMagick ignores ICC profiles too.
    bitmap = await createImageBitmap(new Blob([input as Uint8Array<ArrayBuffer>]), {
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
    });
  } catch {
    throw new MediaError(`corrupt or truncated ${format.toUpperCase()} image: the browser could not decode it`);
  }
  try {
    const { width, height } = bitmap;
    const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
    if (!context) throw new MediaError('no 2D canvas to read the decoded pixels from');
    context.drawImage(bitmap, 0, 0);
    return { width, height, channels: 4, pixels: context.getImageData(0, 0, width, height).data };
  } finally {
    bitmap.close();
  }
}
