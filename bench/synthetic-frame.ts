import type { YuvPlanes } from '../utils/hash/video-vpdq';

/** A deterministic 4:2:0 frame with structure (gradients + texture), so PDQ's median is not degenerate. */
export function syntheticFrame(width: number, height: number): YuvPlanes {
  const cw = Math.ceil(width / 2);
  const y = Uint8Array.from({ length: width * height }, (_, i) => (((i % width) * 7) ^ (Math.floor(i / width) * 3)) & 0xff);
  const u = Uint8Array.from({ length: cw * Math.ceil(height / 2) }, (_, i) => 64 + ((i * 13) % 128));
  const v = Uint8Array.from({ length: u.length }, (_, i) => 192 - ((i * 5) % 128));
  return { width, height, y, yStride: width, u, v, uvStride: cw, uvStep: 1, uOffset: 0, vOffset: 0, fullRange: false };
}

