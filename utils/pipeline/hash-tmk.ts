/**
 * TMK+PDQF of one video by the extension's own fetch → decode path (`npm run hash -- --tmk`): the same fetch as
 * a report's video (a file, an HLS playlist or a DASH manifest) and the same decode as its vPDQ, with the TMK
 * pass on. A report's video gets the same hash through hashMedia when its endpoint takes it.
 */
import { videoHashes } from '../hash/video';
import { fetchLimitsFor } from './hash-media';
import { fetchVideo } from './fetch-video';

export type VideoTmkResult =
  /** The .tmk file, base64 (it leaves the service worker as JSON); `frames`: vPDQ frames hashed alongside. */
  | { tmk: string; frames: number }
  | { error: string };

export async function videoTmk(sourceUrl: string): Promise<VideoTmkResult> {
  try {
    const fetched = await fetchVideo(sourceUrl, fetchLimitsFor('video'));
    const result = await videoHashes(fetched.bytes, { tmk: true });
    const vpdq = result.hashes.find((hash) => hash.algorithm === 'vpdq');
    const tmk = result.hashes.find((hash) => hash.algorithm === 'tmk');
    if (tmk?.algorithm !== 'tmk') return { error: 'no TMK signature came back' };
    return { tmk: tmk.value, frames: vpdq?.algorithm === 'vpdq' ? vpdq.frames.length : 0 };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
