/**
 * Before hashing: media whose stream the page could not name (`locate`) get their stream's URL, or an
 * `error` saying plainly why not. Everything else passes through as the content script read it.
 */
import { fetchMedia } from '../pipeline/fetch-media';
import { STEP_TIMEOUT_MS } from '../pipeline/prepare-bounds';
import type { HashableMedium } from '../domain';
import { TIKTOK_NEEDS_COOKIES } from '../platforms/tiktok';
import type { ExtractedMedia, ExtractedPost } from '../platforms/types';
import type { MediaEntry } from '../schema/report';
import { finestStoryboardLevel, storyboardSpecIn } from '../platforms/youtube-storyboard';
import { withoutStream } from '../platforms/unnamed-video';

export const STREAM_NOT_LOADED = withoutStream(
  "the page's player has not loaded this video's stream (play the video, then report it again)",
);

export const NO_STORYBOARD = 'YouTube gave no storyboard for this video without cookies: only its thumbnail was hashed';

export interface LocateDeps {
  /** The manifests the reporting tab's page requested (utils/background/stream-sniffer.ts), oldest first. */
  manifests: () => Promise<string[]>;
  /** The public watch page of a YouTube video, as text (fetched without cookies); `fetchWatchPage` by default. */
  watchPage?: (videoId: string) => Promise<string>;
}

/** The watch page carries the player response, storyboard spec included; a few MB at most. */
const YOUTUBE_ORIGIN = 'https://www.youtube.com';

export async function fetchWatchPage(videoId: string): Promise<string> {
  // YouTube's own page, not a media host: allowed by naming its origin, so a redirect elsewhere is still checked.
  const scope = { pageOrigin: YOUTUBE_ORIGIN };
  const { bytes } = await fetchMedia(`${YOUTUBE_ORIGIN}/watch?v=${videoId}`, { maxBytes: 8 * 1024 * 1024, timeoutMs: STEP_TIMEOUT_MS.locate }, { scope });
  return new TextDecoder().decode(bytes);
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

/** The storyboard's finest timed level, from the page's spec or else the public watch page's. */
async function locateStoryboard(medium: ExtractedMedia, videoId: string, spec: string | undefined, deps: LocateDeps): Promise<HashableMedium> {
  let text = spec;
  let reason = '';
  if (!text) {
    try {
      text = storyboardSpecIn(await (deps.watchPage ?? fetchWatchPage)(videoId), videoId);
    } catch (error) {
      reason = ` (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  const level = text ? finestStoryboardLevel(text) : null;
  // The spec must be this video's: a page could plant another's.
  const sheet = level?.sheets[0];
  if (!level || !sheet || !new URL(sheet).pathname.startsWith(`/sb/${videoId}/`)) return { ...medium, error: `${NO_STORYBOARD}${reason}` };
  return { ...medium, sourceUrl: sheet, storyboard: level };
}

export async function locateStreams(media: ExtractedMedia[], deps: LocateDeps): Promise<HashableMedium[]> {
  // Read once, and only when a medium needs it.
  let manifests: Promise<string[]> | undefined;
  const loaded = () => (manifests ??= deps.manifests().catch(() => []));
  return Promise.all(
    media.map(async (medium): Promise<HashableMedium> => {
      const { locate, ...rest } = medium;
      if (!locate || rest.error) return rest;
      if (locate.from === 'tab-requests') {
        const found = manifestUnder(rest.sourceUrl, await loaded());
        return found ? { ...rest, sourceUrl: found } : { ...rest, error: STREAM_NOT_LOADED };
      }
      return locateStoryboard(rest, locate.videoId, locate.spec, deps);
    }),
  );
}

/**
 * After hashing: a video a platform's CDN refused (HTTP 403) because the request carried none of the
 * site's cookies, explained for the reporter. TikTok's web CDN wants `tt_chain_token`; the background
 * never sends cookies, so the refusal is expected, and the cover (hashed as the poster) stands in.
 */
export function explainRefusal(platform: ExtractedPost['platform'], entry: MediaEntry): MediaEntry {
  const cookieBound = platform === 'tiktok' && entry.kind === 'video' && /\bHTTP 403\b/.test(entry.error ?? '');
  return cookieBound ? { ...entry, error: TIKTOK_NEEDS_COOKIES } : entry;
}
