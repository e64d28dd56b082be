import { blueskyAdapter } from './bluesky';
import { facebookAdapter } from './facebook';
import { instagramAdapter } from './instagram';
import { mastodonAdapter } from './mastodon';
import { redditAdapter } from './reddit';
import { telegramAdapter } from './telegram';
import { tiktokAdapter } from './tiktok';
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
]
  .map(mediaFromItsHosts)
  .map(neverThrowing);

/**
 * Media only from the platform's own media hosts (those the manifest lists for it): the background
 * fetches every medium of a report, so a `<video src>` or `<img src>` the page planted must not send
 * it to another host (an intranet address, a tracker). Platforms without a fixed list (Mastodon:
 * every instance has its own) keep https media only.
 */
function mediaFromItsHosts(adapter: PlatformAdapter): PlatformAdapter {
  const hosts = adapter.mediaHosts.map(hostOfPattern);
  const allowed = (raw: string) => {
    const url = new URL(raw);
    return url.protocol === 'https:' && (hosts.length === 0 || hosts.some((host) => hostMatches(host, url.hostname)));
  };
  return {
    ...adapter,
    extract(post, pageUrl) {
      const read = adapter.extract(post, pageUrl);
      if (!read) return read;
      const media = read.media
        .filter((medium) => allowed(medium.sourceUrl))
        .map(({ thumbnailUrl, ...medium }) => (thumbnailUrl && allowed(thumbnailUrl) ? { ...medium, thumbnailUrl } : medium));
      return { ...read, media };
    },
  };
}

/**
 * The page decides what an adapter reads, so no adapter call may throw into the content script:
 * one post that makes `buttonSlot` throw would otherwise stop every post of the batch from getting
 * its button, on every later batch too. A call that throws answers "nothing here" instead.
 */
function neverThrowing(adapter: PlatformAdapter): PlatformAdapter {
  const safely =
    <A extends unknown[], R>(call: (...args: A) => R, fallback: R) =>
    (...args: A): R => {
      try {
        return call(...args);
      } catch {
        return fallback;
      }
    };
  const { extract, buttonSlot, postKey, detect } = adapter;
  return {
    ...adapter,
    extract: safely(extract, null),
    buttonSlot: safely(buttonSlot, null),
    ...(postKey ? { postKey: safely(postKey, null) } : {}),
    ...(detect ? { detect: safely(detect, false) } : {}),
  };
}

/** The adapter whose `matches` cover `hostname`; adapters found by markup (`matches: []`) never are. */
export function adapterForHost(hostname: string): PlatformAdapter | undefined {
  const host = hostname.toLowerCase();
  return adapters.find((adapter) => adapter.matches.some((pattern) => hostMatches(hostOfPattern(pattern), host)));
}

/**
 * The adapter for the page the content script runs in: by host first, then, on a host no adapter
 * lists, the first adapter whose `detect` recognises the document's markup (a Mastodon instance).
 */
export function adapterForPage(location: Pick<Location, 'hostname'>, doc: Document): PlatformAdapter | undefined {
  return (
    adapterForHost(location.hostname) ??
    adapters.find((adapter) => adapter.detect?.(doc) === true)
  );
}

/** `*://x.com/*` → `x.com`; `https://*.example.com/*` → `*.example.com` */
function hostOfPattern(pattern: string): string {
  return pattern.replace(/^[^:]+:\/\//, '').replace(/\/.*$/, '').toLowerCase();
}

/** Match-pattern host semantics: `*.example.com` is example.com and its subdomains; a bare `*` is not used here. */
function hostMatches(patternHost: string, host: string): boolean {
  if (patternHost.startsWith('*.')) {
    const domain = patternHost.slice(2);
    return host === domain || host.endsWith(`.${domain}`);
  }
  return patternHost === host;
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
