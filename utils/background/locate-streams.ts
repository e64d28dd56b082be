/**
 * Before hashing: media whose stream the page could not name (`locate`) get their stream's URL, or an
 * `error` saying plainly why not. Everything else passes through as the content script read it.
 */
import type { ExtractedMedia } from '../platforms/types';

export const STREAM_NOT_LOADED =
  "the page's player has not loaded this video's stream (play the video, then report it again): only the poster frame was hashed";

export interface LocateDeps {
  /** The manifests the reporting tab's page requested (utils/background/stream-sniffer.ts), oldest first. */
  manifests: () => Promise<string[]>;
}

/**
 * The manifest the page loaded under `folder` (the stream's folder, which names its media id). A
 * player asks for the master playlist first, then a variant below it (X: `…/pl/<name>.m3u8`, then
 * `…/pl/avc1/1280x720/<name>.m3u8`): the shortest path is the master, and the hasher picks its
 * rendition from there. Among equals, the latest.
 */
export function manifestUnder(folder: string, manifests: readonly string[]): string | undefined {
  const base = new URL(folder);
  let best: { url: string; length: number } | undefined;
  for (const raw of manifests) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    if (url.protocol !== 'https:' || url.hostname !== base.hostname || !url.pathname.startsWith(base.pathname)) continue;
    if (!best || url.pathname.length <= best.length) best = { url: url.href, length: url.pathname.length };
  }
  return best?.url;
}

export async function locateStreams(media: ExtractedMedia[], deps: LocateDeps): Promise<ExtractedMedia[]> {
  // Read once, and only when a medium needs it.
  let manifests: Promise<string[]> | undefined;
  const loaded = () => (manifests ??= deps.manifests().catch(() => []));
  return Promise.all(
    media.map(async (medium): Promise<ExtractedMedia> => {
      const { locate, ...rest } = medium;
      if (!locate || rest.error) return rest;
      if (locate.from === 'tab-requests') {
        const found = manifestUnder(rest.sourceUrl, await loaded());
        return found ? { ...rest, sourceUrl: found } : { ...rest, error: STREAM_NOT_LOADED };
      }
      return { ...rest, error: 'storyboards are not hashed yet' };
    }),
  );
}
