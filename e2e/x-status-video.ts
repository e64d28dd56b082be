/**
 * An X status page with a video, as the e2e tests and the video bench serve it: the verge capture with a poster
 * that names a media id, its playlists at video.twimg.com, and (as X's player would) the page's own request for
 * the master playlist, then a variant, so the extension's stream sniffer sees them.
 */
import { readDomFixture } from '../test-support/dom-fixtures';
import type { Routes } from './harness';
import { headerOf, serveFromFolder } from '../test-support/serve-files';

// X: the poster names media id 1869999999999999999; the player asks for a master playlist with a random name.
export const X_STATUS = 'https://x.com/verge/status/957383241714970624';
export const X_MEDIA = 'https://video.twimg.com/amplify_video/1869999999999999999';
export const X_PLAYLIST = `${X_MEDIA}/pl/Xy12AbCdEfGhIjKl.m3u8?tag=16`;
export const X_POSTER = 'https://pbs.twimg.com/amplify_video_thumb/1869999999999999999/img/AbCdEfGh.jpg';

/**
 * Serves `folder` at `prefix`, its playlist (`entry`) also at the URL the page names. As the platforms'
 * video CDNs do, for their own pages' players: cross-origin reads allowed.
 */
export function stream(playlistUrl: string, folder: string, entry: string): Routes {
  const prefix = playlistUrl.slice(0, playlistUrl.split('?')[0]!.lastIndexOf('/') + 1);
  return (url, request) => {
    const served =
      url === playlistUrl
        ? serveFromFolder(prefix, folder, `${prefix}${entry}`)
        : serveFromFolder(prefix, folder, url, headerOf(request.headers, 'range'));
    return served && { ...served, headers: { ...served.headers, 'access-control-allow-origin': '*' } };
  };
}

/** The verge status page with a video poster that names a media id, and (as X's player would) a request for its playlist. */
export function xStatusPage(playerRequests: boolean): string {
  const captured = readDomFixture('x/x_status_video_verge_capture-2025-12.html').replace(
    'https://pbs.twimg.com/media/DRg1OMRVwAEuwTK.jpg',
    X_POSTER,
  );
  // The player's requests, from the page (its own scripts are emptied in the capture): master, then a variant.
  const player = `<script>fetch(${JSON.stringify(X_PLAYLIST)}).then(() => fetch(${JSON.stringify(`${X_MEDIA}/pl/avc1/480x720/Zz98YyXx.m3u8`)}))
    .finally(() => document.documentElement.dataset.played = '1');</script>`;
  return captured.replace('</body>', `${playerRequests ? player : ''}</body>`);
}
