/** Where one medium of a report stands while its hashes are computed: the rules the dialog, the drafts and the queue share. */
import type { MediaEntry } from '../schema/report';

/** The `error` of a medium whose hashing the user stopped: one wording, the decoder's. */
export { CANCELLED as HASHING_CANCELLED } from '../hash/video-decode';

/** How the `error` of a medium the URL policy kept from being fetched begins (utils/pipeline/url-policy.ts). */
export const NOT_FETCHED = 'not fetched:';

/** A medium the browser stopped hashing this many times (the worker was stopped mid-hash) is given up. */
export const MAX_HASHING_STARTS = 3;
export const HASHING_GAVE_UP = `hashing stopped: the browser interrupted it ${MAX_HASHING_STARTS} times`;

/** Done: hashed (an exact hash is always first) or failed with its `error`. Neither: still being hashed. */
export function isSettled(entry: MediaEntry): boolean {
  return entry.hashes.length > 0 || entry.error !== undefined;
}

/** The entry a medium has before any hash: what the report carries while it is being hashed. */
export function unhashedEntry({ kind, sourceUrl }: Pick<MediaEntry, 'kind' | 'sourceUrl'>, index: number): MediaEntry {
  return { ref: `m${index + 1}`, kind, sourceUrl, hashes: [] };
}

/** `media` with the entry at `index` replaced, unless that one is settled already (a late result never overwrites). */
export function withSettled(media: MediaEntry[], index: number, entry: MediaEntry): MediaEntry[] | undefined {
  const current = media[index];
  if (!current || isSettled(current)) return undefined;
  // The ref is the report's own: a medium hashed again alone would otherwise come back as m1.
  return media.map((medium, i) => (i === index ? { ...entry, ref: current.ref } : medium));
}
