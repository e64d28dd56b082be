/**
 * `storyboard_pdq`: a PDQ per tile of a video's storyboard (YouTube's seek-bar preview sheets), each with
 * its index and time. Not vPDQ: the tiles are small thumbnails the platform picked at its own interval,
 * not frames of the decoded video, so they are only comparable with hashes made the same way.
 */
import type { StoryboardLevel } from '../platforms/youtube-storyboard';
import type { MediaHash } from '../schema/report';
import { decodeImage, type DecodedImage } from './decode-image';
import { pdqHash } from './pdq';

type Frame = Extract<MediaHash, { algorithm: 'storyboard_pdq' }>['frames'][number];

/** One tile's pixels, cut out of a decoded sheet (tightly packed rows, the sheet's channels). */
export function cutTile(sheet: DecodedImage, x: number, y: number, width: number, height: number): Uint8Array {
  const { channels } = sheet;
  const tile = new Uint8Array(width * height * channels);
  const rowBytes = width * channels;
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * sheet.width + x) * channels;
    tile.set(sheet.pixels.subarray(from, from + rowBytes), row * rowBytes);
  }
  return tile;
}

/**
 * The frames of one sheet: tiles `first`… in reading order (left to right, top to bottom), as many as
 * the sheet holds and the level counts. A tile the sheet is too small for (a short last sheet) is not there.
 */
export function sheetFrames(sheet: DecodedImage, level: StoryboardLevel, first: number): Frame[] {
  const frames: Frame[] = [];
  const perSheet = level.cols * level.rows;
  for (let i = 0; i < perSheet && first + i < level.count; i++) {
    const x = (i % level.cols) * level.width;
    const y = Math.floor(i / level.cols) * level.height;
    if (x + level.width > sheet.width || y + level.height > sheet.height) break;
    const tile = cutTile(sheet, x, y, level.width, level.height);
    const { hash, quality } = pdqHash(tile, level.width, level.height, sheet.channels, { squash: false });
    const frame = first + i;
    frames.push({ frame, quality, value: hash, ts: (frame * level.intervalMs) / 1000 });
  }
  return frames;
}

/**
 * Every frame of the level's storyboard, sheet after sheet (one decoded sheet in memory at a time).
 * `fetchSheet` fetches one sheet's bytes; a sheet that fails fails the whole hash, with its reason.
 * `onFrames` hears how many frames are hashed after each sheet.
 */
export async function storyboardHash(
  level: StoryboardLevel,
  fetchSheet: (url: string) => Promise<Uint8Array>,
  onFrames?: (done: number) => void,
): Promise<Extract<MediaHash, { algorithm: 'storyboard_pdq' }>> {
  const frames: Frame[] = [];
  const perSheet = level.cols * level.rows;
  for (const [index, url] of level.sheets.entries()) {
    const sheet = await decodeImage(await fetchSheet(url));
    frames.push(...sheetFrames(sheet, level, index * perSheet));
    onFrames?.(frames.length);
  }
  return { algorithm: 'storyboard_pdq', frames };
}
