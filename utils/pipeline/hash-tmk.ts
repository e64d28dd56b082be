/**
 * TMK+PDQF of one video by the extension's own fetch → decode path (`npm run hash -- --tmk`): the same fetch as
 * a report's video (a file, an HLS playlist or a DASH manifest) and the same decode, TMK alone (no vPDQ: only
 * the frames TMK takes are decoded, VideoHashOptions.vpdq). A report's video gets the same .tmk through
 * hashMedia, beside its vPDQ, when its endpoint takes it.
 */
import { videoHashes } from '../hash/video';
import { fetchLimitsFor } from './hash-media';
import { fetchVideo } from './fetch-video';

export type VideoTmkResult =
  /** The .tmk file, base64 (it leaves the service worker as JSON). */
  | { tmk: string }
  | { error: string };

export async function videoTmk(sourceUrl: string): Promise<VideoTmkResult> {
  try {
    const fetched = await fetchVideo(sourceUrl, fetchLimitsFor('video'));
    const result = await videoHashes(fetched.bytes, { tmk: true, vpdq: false });
    const tmk = result.hashes.find((hash) => hash.algorithm === 'tmk');
    if (tmk?.algorithm !== 'tmk') return { error: 'no TMK signature came back' };
    return { tmk: tmk.value };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
