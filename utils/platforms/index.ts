import { blueskyAdapter } from './bluesky';
import { facebookAdapter } from './facebook';
import { instagramAdapter } from './instagram';
import { mastodonAdapter } from './mastodon';
import { redditAdapter } from './reddit';
import { telegramAdapter } from './telegram';
import { tiktokAdapter } from './tiktok';
import { guarded } from './guarded';
import { hostMatches, hostOfPattern } from './hosts';
import type { PlatformAdapter } from './types';
import { xAdapter } from './x';
import { youtubeAdapter } from './youtube';

/** Every supported platform. Adding one is a new adapter file and one line here. */
export const adapters: readonly PlatformAdapter[] = [
  xAdapter,
  youtubeAdapter,
  tiktokAdapter,
  telegramAdapter,
  redditAdapter,
  blueskyAdapter,
  facebookAdapter,
  instagramAdapter,
  mastodonAdapter,
].map(guarded);

/** The adapter whose `matches` cover `hostname`; adapters found by markup (`matches: []`) never are. */
export function adapterForHost(hostname: string): PlatformAdapter | undefined {
  const host = hostname.toLowerCase();
  return adapters.find((adapter) => adapter.matches.some((pattern) => hostMatches(hostOfPattern(pattern), host)));
}

export const contentScriptMatches = adapters.flatMap((adapter) => adapter.matches);
/**
 * Where a content script may be registered at runtime once the user grants the host (Mastodon
 * instances): these belong in the manifest's optional host permissions, never in the required ones.
 */
export const optionalContentScriptMatches = [...new Set(adapters.flatMap((adapter) => adapter.optionalMatches ?? []))];
/** Declared at install: the supported sites and their media hosts, and nothing else. */
export const supportedHostPermissions = [
  ...new Set(adapters.flatMap((adapter) => [...adapter.matches, ...adapter.mediaHosts])),
];

/** The stream manifests the background observes the pages' players request (see PlatformAdapter.streamRequests). */
export const streamRequestPatterns = adapters.flatMap((adapter) => adapter.streamRequests ?? []);
/** The pages of those platforms: loading a new one starts a tab's list of manifests over. */
export const streamPageMatches = adapters.flatMap((adapter) => (adapter.streamRequests?.length ? adapter.matches : []));

/** Whether `url` is an https URL on one of the adapters' media hosts (what the background may fetch for a page). */
export function isMediaUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  const host = parsed.hostname.toLowerCase();
  return adapters.some((adapter) => adapter.mediaHosts.some((pattern) => hostMatches(hostOfPattern(pattern), host)));
}
