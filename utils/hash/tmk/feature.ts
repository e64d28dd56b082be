/**
 * The PDQF frame feature (tmk/cpp/hashing/bufferhashers.cpp PDQFloatFrameBufferHasher): float luma
 * 0.299R + 0.587G + 0.114B of the 64×64 RGB frame ffmpeg produced, then the PDQ 16×16 DCT of it, unquantised
 * (pdqFloat256FromFloatLuma; at 64×64 the blur is skipped). 256 floats, row-major. The PDQ code is shared
 * with the image hash (utils/hash/pdq.ts), so it is the same float arithmetic bit for bit.
 */
import { PdqHasher, type PdqChannels, type PdqPixels } from '../pdq';
import { TMK_FEATURE_DIM, TMK_FRAME_DIM } from './params';

let shared: PdqHasher | undefined;

/**
 * PDQF feature of one frame. `rgb` is packed 8-bit pixels (3 = RGB, 4 = RGBA; alpha ignored), normally
 * 64×64 as TMK scales them; another size is blurred and decimated to 64×64 as PDQ does for images, which
 * the reference never does for video (kept so a caller can feature an unscaled frame, e.g. in tests).
 */
export function pdqfFeature(
  rgb: PdqPixels,
  width = TMK_FRAME_DIM,
  height = TMK_FRAME_DIM,
  channels: PdqChannels = 3,
): Float32Array {
  // squash: false — PDQ's 512×512 pre-squash belongs to the photo CLI, not to the frame hasher. No quality
  // metric: the reference's frame hasher computes it and drops it.
  return (shared ??= new PdqHasher()).float256Into(rgb, width, height, channels, new Float32Array(TMK_FEATURE_DIM), { squash: false });
}
