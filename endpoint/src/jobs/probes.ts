import type { Platform } from '../shared.ts';

/**
 * How to ask a platform whether a post still exists, without logging in and without running its
 * JavaScript. Only these hosts are ever fetched: reported URLs come from strangers, and fetching
 * any URL they name would let them point this server at the operator's own network (SSRF).
 * The patterns are heuristics for the "not available" pages platforms serve with status 200;
 * a 404 or 410 needs no pattern.
 */
export interface Probe {
  hosts: readonly string[];
  /** What to fetch for a post URL (default: the URL itself). */
  probeUrl?: (url: URL) => string;
  unavailable: readonly RegExp[];
  /**
   * The paths of the platform's login pages. A visitor without cookies sent there (a redirect)
   * learns nothing about the post: a login wall, `unknown`, whatever the login page answers (a
   * 200 with a form would otherwise read as online and undo a removal).
   */
  loginWall?: readonly RegExp[];
}

export const probes: Partial<Record<Platform, Probe>> = {
  // x.com answers 200 with the same script-only shell for live and deleted posts; its oEmbed API
  // answers 404 for a post that was deleted or whose account was suspended.
  x: {
    hosts: ['x.com', 'twitter.com', 'www.x.com', 'www.twitter.com', 'mobile.twitter.com', 'publish.twitter.com'],
    probeUrl: (url) => `https://publish.twitter.com/oembed?omit_script=1&url=${encodeURIComponent(url.href)}`,
    unavailable: [],
  },
  youtube: {
    hosts: ['www.youtube.com', 'youtube.com', 'm.youtube.com', 'youtu.be'],
    probeUrl: (url) => `https://www.youtube.com/oembed?format=json&url=${encodeURIComponent(url.href)}`,
    unavailable: [],
  },
  // Both send logged-out visitors to a login form (…/login/?next=…), and Facebook to a checkpoint.
  facebook: {
    hosts: ['www.facebook.com', 'facebook.com', 'm.facebook.com'],
    unavailable: [/This content isn.t available/i, /content isn.t available right now/i],
    loginWall: [/^\/(login|login\.php|checkpoint)(\/|$)/],
  },
  instagram: {
    hosts: ['www.instagram.com', 'instagram.com'],
    unavailable: [/Sorry, this page isn.t available/i],
    loginWall: [/^\/accounts\/login(\/|$)/],
  },
  tiktok: { hosts: ['www.tiktok.com', 'tiktok.com'], unavailable: [/Video currently unavailable/i, /Couldn.t find this account/i] },
  telegram: { hosts: ['t.me', 'telegram.me'], unavailable: [/tgme_widget_message_error/, /Post not found/i] },
  reddit: {
    hosts: ['www.reddit.com', 'reddit.com', 'old.reddit.com'],
    unavailable: [/Sorry, this post (was|has been) (removed|deleted)/i, /This community has been banned/i],
  },
};

/**
 * Whether the checker may request `url` for this probe: https on its default port, to one of the
 * probe's hosts. Checked for the first request and for every redirect hop. The host alone is not
 * enough: `https://t.me:22/` or an allowed host on any other port would reach whatever listens there.
 */
export function allowedUrl(probe: Probe, url: URL): boolean {
  return url.protocol === 'https:' && url.port === '' && probe.hosts.includes(url.hostname);
}

/** Whether `url` is one of the probe's login pages (its path; the query names where to go after). */
export function loginWall(probe: Probe, url: URL): boolean {
  return probe.loginWall?.some((pattern) => pattern.test(url.pathname)) ?? false;
}

/** The probe for a reported URL, or undefined when it is not one we may fetch (see allowedUrl). */
export function probeFor(platform: Platform, url: string, extraHosts: readonly string[] = []): { probe: Probe; fetchUrl: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  // Own keys only: a platform id is any lowercase word, and `constructor` is one.
  const known = Object.hasOwn(probes, platform) ? probes[platform] : undefined;
  const probe: Probe | undefined = known?.hosts.includes(parsed.hostname)
    ? known
    : extraHosts.includes(parsed.hostname)
      ? { hosts: extraHosts, unavailable: [] }
      : undefined;
  if (!probe || !allowedUrl(probe, parsed)) return undefined;
  return { probe, fetchUrl: probe.probeUrl ? probe.probeUrl(parsed) : parsed.href };
}
