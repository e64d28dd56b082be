/**
 * Before a report's media are fetched: which may be fetched at once (the platforms' declared media hosts),
 * which only once the user has seen their URLs and agreed (the page's own origin, other public hosts),
 * and which never (a local or private address that is not the page's own). See utils/pipeline/url-policy.ts.
 */
import type { HashableMedium } from '../domain';
import { NOT_FETCHED } from '../pipeline/media-state';
import type { FetchScope } from '../domain';
import { urlVerdict } from '../pipeline/url-policy';

/** The `error` of a medium sent before the user agreed to fetch it. */
export const NOT_AGREED = `${NOT_FETCHED} the reporter did not agree to fetch it`;

export interface MediaConsent {
  /** The media, a refused one with its `error` (never fetched). */
  located: HashableMedium[];
  /** What hashing may fetch once it starts. */
  scope: FetchScope;
  /** The URLs the user must see and agree to before anything is fetched; empty: hashing starts at once. */
  confirmFetch: string[];
}

/** Every URL hashing a medium fetches first: a storyboard's sheets, else its own URL. */
function urlsOf(medium: HashableMedium): string[] {
  return medium.storyboard ? medium.storyboard.sheets : [medium.sourceUrl];
}

export function mediaConsent(media: HashableMedium[], pageOrigin: string | undefined): MediaConsent {
  const agreed: FetchScope = { ...(pageOrigin ? { pageOrigin } : {}), publicHosts: true };
  const confirmFetch: string[] = [];
  const located = media.map((medium) => {
    if (medium.error) return medium;
    const urls = urlsOf(medium);
    const refused = urls.map((url) => urlVerdict(url, agreed)).find((verdict) => !verdict.allowed);
    if (refused && !refused.allowed) return { ...medium, error: `${NOT_FETCHED} ${refused.reason}` };
    confirmFetch.push(...urls.filter((url) => !urlVerdict(url).allowed));
    return medium;
  });
  // Nothing to agree to: the platforms' hosts only, as before any agreement.
  return { located, scope: confirmFetch.length ? agreed : {}, confirmFetch };
}
