/**
 * An adapter as the content script and the registry use it: the page decides what an adapter reads,
 * so its calls never throw and its media stay on the platform's own hosts. Each platform's own
 * content script wraps its adapter here without loading the registry (and every other adapter).
 */
import { hostMatches, hostOfPattern } from './hosts';
import type { PlatformAdapter } from './types';

export function guarded(adapter: PlatformAdapter): PlatformAdapter {
  return neverThrowing(mediaFromItsHosts(adapter));
}

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
    ...(adapter.readAccount
      ? {
          readAccount(doc, pageUrl) {
            const read = adapter.readAccount!(doc, pageUrl);
            if (!read) return read;
            // The avatar and banner are hashed as the report's media: from the platform's media hosts only, as above.
            const { avatarUrl, bannerUrl, ...account } = read.account;
            return {
              ...read,
              account: {
                ...account,
                ...(avatarUrl && allowed(avatarUrl) ? { avatarUrl } : {}),
                ...(bannerUrl && allowed(bannerUrl) ? { bannerUrl } : {}),
              },
            };
          },
        }
      : {}),
  };
}

/**
 * The page decides what an adapter reads, so no adapter call may throw into the content script:
 * one post that makes `buttonSlot` throw would otherwise stop every post of the batch from getting
 * its button, on every later batch too. A call that throws answers "nothing here" instead.
 */
function neverThrowing(adapter: PlatformAdapter): PlatformAdapter {
  // Two fixed arguments rather than a rest parameter: buttonSlot and postKey run for every post of the feed.
  const safely =
    <A, B, R>(call: (a: A, b: B) => R, fallback: R) =>
    (a: A, b?: B): R => {
      try {
        return call(a, b as B);
      } catch {
        return fallback;
      }
    };
  const { extract, buttonSlot, postKey, permalink, detect, readAccount } = adapter;
  return {
    ...adapter,
    extract: safely(extract, null),
    buttonSlot: safely(buttonSlot, null),
    ...(postKey ? { postKey: safely(postKey, null) } : {}),
    ...(permalink ? { permalink: safely(permalink, null) } : {}),
    ...(detect ? { detect: safely(detect, false) } : {}),
    ...(readAccount ? { readAccount: safely(readAccount, null) } : {}),
  };
}
