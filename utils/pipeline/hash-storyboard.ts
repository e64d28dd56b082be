/** A storyboard medium's step of the pipeline: its sheets fetched (no cookies) and hashed tile by tile. */
import { storyboardHash } from '../hash/storyboard';
import type { StoryboardLevel } from '../platforms/youtube-storyboard';
import type { MediaEntry } from '../schema/report';
import { defaultFetchLimits, fetchMedia, MediaError } from './fetch-media';
import { timed } from './timing';

export async function hashStoryboardEntry(entry: MediaEntry, level: StoryboardLevel): Promise<void> {
  try {
    const hash = await timed('storyboard', () => storyboardHash(level, async (url) => (await fetchMedia(url, defaultFetchLimits)).bytes));
    entry.hashes.push(hash);
    entry.width = level.width;
    entry.height = level.height;
    // The level hashed: its first sheet, and the size of one tile.
    entry.rendition = { url: level.sheets[0] ?? entry.sourceUrl, width: level.width, height: level.height };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    entry.error = (error instanceof MediaError ? `storyboard: ${reason}` : `storyboard hashing failed: ${reason}`).slice(0, 500);
  }
}
