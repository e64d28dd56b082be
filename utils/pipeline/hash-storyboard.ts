/** A storyboard medium's step of the pipeline: its sheets fetched (no cookies) and hashed tile by tile. */
import { storyboardHash } from '../hash/storyboard';
import { CANCELLED, type VideoHashControl } from '../hash/video-decode';
import type { StoryboardLevel } from '../platforms/youtube-storyboard';
import type { MediaEntry } from '../schema/report';
import { MAX_MEDIUM_ERROR_LENGTH } from '../schema/limits';
import { MediaError } from '../media-error';
import { defaultFetchLimits, fetchMedia } from './fetch-media';
import { timed } from '../timing';
import { abortReason } from './prepare-bounds';
import type { FetchScope } from '../domain';

/** Progress is counted in tiles; aborting stops between sheets (and the sheet being fetched). */
export async function hashStoryboardEntry(entry: MediaEntry, level: StoryboardLevel, control: VideoHashControl = {}, scope: FetchScope = {}): Promise<void> {
  const { signal, onProgress } = control;
  try {
    const fetchSheet = async (url: string) => {
      if (signal?.aborted) throw new MediaError(CANCELLED);
      return (await fetchMedia(url, defaultFetchLimits, { signal, scope })).bytes;
    };
    const hash = await timed('storyboard', () => storyboardHash(level, fetchSheet, onProgress && ((done) => onProgress(done, level.count))));
    entry.hashes.push(hash);
    entry.width = level.width;
    entry.height = level.height;
    // The level hashed: its first sheet, and the size of one tile.
    entry.rendition = { url: level.sheets[0] ?? entry.sourceUrl, width: level.width, height: level.height };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = signal?.aborted ? abortReason(signal) : error instanceof MediaError ? `storyboard: ${reason}` : `storyboard hashing failed: ${reason}`;
    entry.error = message.slice(0, MAX_MEDIUM_ERROR_LENGTH);
  }
}
