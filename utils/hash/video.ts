/**
 * vPDQ of a fetchable video file (Telegram preview videos, X GIF mp4s, Mastodon attachments), on the device.
 *
 * Decode path: WebCodecs (VideoDecoder) fed by a demuxer (video-demux.ts: our MP4 reader, mediabunny), NOT a <video>
 * element. The reference (vpdq/cpp) numbers frames by decoder output, in presentation order, and keeps
 * frameNumber % int(fps) == 0. WebCodecs hands us every decoded frame exactly once, and each chunk carries
 * its frame number as its timestamp, so numbering is exact by construction — B-frames, edit lists and all.
 * A <video> element can only be seeked by time (frame-exact only for constant-rate video, each seek
 * re-decodes from a keyframe) or played with requestVideoFrameCallback (which may skip frames). WebCodecs
 * also gives the raw Y/U/V planes, so we convert to RGB exactly as the reference's libswscale does
 * (video-vpdq.ts) instead of letting the browser apply its own matrix (BT.709 for HD) and chroma filter.
 * Debian's Chromium decodes H.264, VP8, VP9 and AV1 (VideoDecoder.isConfigSupported and the fixtures).
 *
 * Where: Chrome MV3's service worker has no VideoDecoder, so it hands the bytes to an offscreen document,
 * which decodes in a dedicated worker (reason WORKERS; video-offscreen.ts). Firefox MV2's background is a
 * page with VideoDecoder (Firefox 130+), so it decodes in place; older Firefox gets a clear error.
 */
import { browser } from 'wxt/browser';
import type { MediaHash } from '../schema/report';
import {
  checkVideo, defaultVideoLimits, hashVideoBytes, vpdqWanted, type VideoHashControl, type VideoHashes,
  type VideoHashOptions,
} from './video-decode';
import { hashInOffscreenDocument } from './video-offscreen';

export interface VideoHashResult {
  hashes: MediaHash[];
  width?: number;
  height?: number;
  durationS?: number;
  /** Why a hash asked for is missing while the others came (VideoHashes.tmkError): the caller records it on the medium. */
  error?: string;
}

/**
 * vPDQ at one frame per second (the reference's and python-threatexchange's default), and TMK+PDQF from the same
 * decoded frames when `options.tmk` (TMK alone with `vpdq: false`). Throws an Error with a
 * plain message on a limit, an unsupported file or a decoding failure; the caller records it on the medium.
 */
export async function videoHashes(
  bytes: Uint8Array,
  options: Partial<VideoHashOptions> = {},
  control: VideoHashControl = {},
): Promise<VideoHashResult> {
  const settings: VideoHashOptions = { secondsPerHash: 1, limits: defaultVideoLimits, ...options };
  // Size, duration, frame count and codec come from the headers: refuse before any decoder starts.
  checkVideo(bytes, settings.limits);
  let result: VideoHashes;
  // Only a background page (MV2, Firefox) decodes in place; a service worker never can, so its bundle
  // leaves the demuxers (mediabunny, ~200 KB) out.
  const backgroundPage = import.meta.env.MANIFEST_VERSION === 2 || import.meta.env.FIREFOX;
  if (backgroundPage && typeof VideoDecoder === 'function') {
    result = await hashVideoBytes(bytes, settings, control);
  } else if (browser.offscreen) {
    result = await hashInOffscreenDocument(bytes, settings, control);
  } else {
    throw new Error('this browser cannot decode video here (no WebCodecs)');
  }
  const { frames, tmk, tmkError, ...size } = result;
  // Each hash only when asked for (VideoHashOptions.vpdq, .tmk); TMK the whole .tmk, base64, as the report carries it.
  const hashes: MediaHash[] = vpdqWanted(settings) ? [{ algorithm: 'vpdq', frames }] : [];
  if (tmk !== undefined) hashes.push({ algorithm: 'tmk', value: tmk });
  return { hashes, ...size, ...(tmkError !== undefined ? { error: tmkError } : {}) };
}
