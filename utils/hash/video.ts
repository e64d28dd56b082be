/** vPDQ of a fetchable video file. Placeholder until video decoding lands: no frame hashes yet. */
import type { MediaHash } from '../schema/report';

export interface VideoHashResult {
  hashes: MediaHash[];
  width?: number;
  height?: number;
  durationS?: number;
}

export async function videoHashes(_bytes: Uint8Array): Promise<VideoHashResult> {
  return { hashes: [] };
}
