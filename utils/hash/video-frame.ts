/**
 * One decoded VideoFrame → one vPDQ frame: the visible picture's planes, converted to RGB as the reference's
 * libswscale does (video-vpdq.ts), hashed at the native size.
 */
import { VpdqFrameHasher, type VpdqFrame, type YuvPlanes } from './video-vpdq';

/** Hashes the visible picture. 8-bit 4:2:0 is converted exactly as the reference does; anything else via a canvas. */
export async function hashFrame(hasher: VpdqFrameHasher, frame: VideoFrame, n: number, frameRate: number): Promise<VpdqFrame> {
  const planes = await copyYuvPlanes(frame);
  if (planes) return hasher.hashYuv(planes, n, frameRate);
  const { width, height } = visibleSize(frame);
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2D canvas to read the video frame');
  context.drawImage(frame, 0, 0, width, height);
  return hasher.hashRgb(context.getImageData(0, 0, width, height).data, width, height, 4, n, frameRate);
}

/**
 * One buffer that frame after frame is copied into, for a caller that is done with a frame's planes before it
 * copies the next (TMK reads 15 frames a second). A fresh multi-megabyte buffer per frame costs more than the
 * copy: the new pages are zeroed and faulted in, then unmapped again by the garbage collector.
 */
export class ReusedFrameBuffer {
  private bytes = new Uint8Array(0);

  /** `size` bytes, the previous contents lost. */
  take(size: number): Uint8Array {
    if (this.bytes.byteLength < size) this.bytes = new Uint8Array(size);
    return this.bytes.subarray(0, size);
  }
}

/**
 * The visible picture's 8-bit 4:2:0 planes (I420, I420A, NV12), copied out of the frame; undefined for any
 * other layout (the caller then draws the frame on a canvas). Shared by vPDQ and TMK (video-tmk.ts). With
 * `into`, the planes live in that buffer until its next use.
 */
export async function copyYuvPlanes(frame: VideoFrame, into?: ReusedFrameBuffer): Promise<YuvPlanes | undefined> {
  const format = frame.format;
  if (format !== 'I420' && format !== 'I420A' && format !== 'NV12') return undefined;
  const { width, height } = visibleSize(frame);
  const size = frame.allocationSize();
  const data = into ? into.take(size) : new Uint8Array(size);
  const [y, uv, v] = await frame.copyTo(data);
  const nv12 = format === 'NV12';
  return {
    width,
    height,
    y: data.subarray(y!.offset),
    yStride: y!.stride,
    u: data,
    v: data,
    uvStride: uv!.stride,
    uvStep: nv12 ? 2 : 1,
    uOffset: uv!.offset,
    vOffset: nv12 ? uv!.offset + 1 : v!.offset,
    fullRange: frame.colorSpace.fullRange === true,
  };
}

/** The picture without the codec's padding (e.g. 1080 of 1088 coded rows): what the reference hashes. */
export function visibleSize(frame: VideoFrame) {
  return { width: frame.visibleRect?.width ?? frame.codedWidth, height: frame.visibleRect?.height ?? frame.codedHeight };
}
