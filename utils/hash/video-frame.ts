/**
 * One decoded VideoFrame → one vPDQ frame: the visible picture's planes, converted to RGB as the reference's
 * libswscale does (video-vpdq.ts), hashed at the native size.
 */
import { VpdqFrameHasher, type VpdqFrame, type YuvPlanes } from './video-vpdq';

/**
 * Hashes the visible picture. 8-bit 4:2:0 is converted exactly as the reference does; anything else via a canvas.
 * With `buffer`, the planes are copied into it (or found there, if the TMK pass copied this frame already).
 */
export async function hashFrame(
  hasher: VpdqFrameHasher, frame: VideoFrame, n: number, frameRate: number, buffer?: ReusedFrameBuffer,
): Promise<VpdqFrame> {
  const planes = await copyYuvPlanes(frame, buffer);
  if (planes) return hasher.hashYuv(planes, n, frameRate);
  const { width, height } = visibleSize(frame);
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2D canvas to read the video frame');
  context.drawImage(frame, 0, 0, width, height);
  return hasher.hashRgb(context.getImageData(0, 0, width, height).data, width, height, 4, n, frameRate);
}

/**
 * One buffer that frame after frame is copied into, for callers that are done with a frame's planes before the
 * next is copied (the decode loop hashes one frame at a time: TMK's 15 a second, vPDQ's one). A fresh
 * multi-megabyte buffer per frame costs more than the copy: the new pages are zeroed and faulted in, then
 * unmapped again by the garbage collector. It remembers which frame it holds, so a frame that both TMK and vPDQ
 * read is copied out once.
 */
export class ReusedFrameBuffer {
  private bytes = new Uint8Array(0);
  private held: { frame: VideoFrame; planes: YuvPlanes } | undefined;

  /** `size` bytes, the previous contents lost. */
  take(size: number): Uint8Array {
    this.held = undefined;
    if (this.bytes.byteLength < size) this.bytes = new Uint8Array(size);
    return this.bytes.subarray(0, size);
  }

  /** The planes of `frame` if they are what the buffer holds now. */
  planesOf(frame: VideoFrame): YuvPlanes | undefined {
    return this.held?.frame === frame ? this.held.planes : undefined;
  }

  hold(frame: VideoFrame, planes: YuvPlanes): void {
    this.held = { frame, planes };
  }
}

/**
 * The visible picture's 8-bit 4:2:0 planes (I420, I420A, NV12), copied out of the frame; undefined for any
 * other layout (the caller then draws the frame on a canvas). Shared by vPDQ and TMK (video-tmk.ts). With
 * `into`, the planes live in that buffer until its next use.
 */
export async function copyYuvPlanes(frame: VideoFrame, into?: ReusedFrameBuffer): Promise<YuvPlanes | undefined> {
  const copied = into?.planesOf(frame);
  if (copied) return copied;
  const format = frame.format;
  if (format !== 'I420' && format !== 'I420A' && format !== 'NV12') return undefined;
  const { width, height } = visibleSize(frame);
  const size = frame.allocationSize();
  const data = into ? into.take(size) : new Uint8Array(size);
  const [y, uv, v] = await frame.copyTo(data);
  const nv12 = format === 'NV12';
  const planes: YuvPlanes = {
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
  into?.hold(frame, planes);
  return planes;
}

/** The picture without the codec's padding (e.g. 1080 of 1088 coded rows): what the reference hashes. */
export function visibleSize(frame: VideoFrame) {
  return { width: frame.visibleRect?.width ?? frame.codedWidth, height: frame.visibleRect?.height ?? frame.codedHeight };
}
