/**
 * The endpoint's list of what was reported (`GET {base}/v1/hashes?since=CURSOR`), kept in
 * storage.local with its cursor so a sync only asks for what is new or retracted. Bounded: the newest
 * MAX_ITEMS entries are kept, and one sync reads at most MAX_PAGES pages.
 */
import { storage } from 'wxt/utils/storage';
import { EndpointInfo } from '../endpoint/info';
import { requestEndpoint, type Endpoint } from '../endpoint/request';
import { z } from '../schema/zod';
import type { HashListItem } from './reported-index';

/** ~75 bytes each in storage: 50 000 stay well under storage.local's 10 MB. */
export const MAX_ITEMS = 50_000;
/** Items per page: a page of 500 stays under the 64 KB answer bound of requestEndpoint. */
export const PAGE_SIZE = 500;
export const MAX_PAGES = 100;

export interface StoredHashList {
  /** The endpoint the list came from; another endpoint starts from scratch. */
  base: string;
  cursor: string;
  /** `algorithm:value`, oldest first: compact for storage. */
  items: string[];
  syncedAt: number;
}

export const hashListItem = storage.defineItem<StoredHashList | null>('local:reportedHashList', { fallback: null });

/** The envelope only: an item is checked on its own, so that one malformed entry cannot stall every sync at its cursor. */
const Page = z.object({
  items: z.array(z.unknown()).max(5000),
  next: z.string().regex(/^[0-9]{1,30}$/),
});
/** `deleted`: the endpoint no longer vouches for the entry (its reports were withdrawn or rejected). */
const Item = z.object({ algorithm: z.string().max(40), value: z.string().max(200), deleted: z.literal(true).optional() });

/** A sync that outlived a "Delete all local data" or its endpoint's replacement: it stops without writing. */
export const SYNC_OUTDATED = 'hash list: local data deleted or endpoint changed during the sync';

export function itemsOf(list: StoredHashList | null): HashListItem[] {
  return (list?.items ?? []).map((entry) => {
    const colon = entry.indexOf(':');
    return { algorithm: entry.slice(0, colon), value: entry.slice(colon + 1) };
  });
}

/**
 * Brings the stored list up to date with `endpoint`: nothing when the endpoint has no hash list
 * (the stored one is dropped), pages from the stored cursor until an empty page otherwise. A failure
 * keeps what was stored and throws, so the next alarm tries again. `current()` false (the user deleted
 * all local data, or set another endpoint, meanwhile): nothing is written back.
 */
export async function syncHashList(
  endpoint: Endpoint, now = Date.now(), current: () => boolean | Promise<boolean> = () => true,
): Promise<StoredHashList | null> {
  const save = async (list: StoredHashList | null) => {
    if (!(await current())) throw new Error(SYNC_OUTDATED);
    await hashListItem.setValue(list);
  };
  const info = await requestEndpoint(endpoint, '/v1');
  if ('failure' in info) throw new Error(`hash list: ${info.failure.key}`);
  const parsed = EndpointInfo.safeParse(info.json);
  if (!info.response.ok || !parsed.success) throw new Error(`hash list: GET /v1 answered ${info.response.status}`);
  if (!parsed.data.hashList) {
    await save(null);
    return null;
  }
  const stored = await hashListItem.getValue();
  const list: StoredHashList = stored?.base === endpoint.base ? { ...stored } : { base: endpoint.base, cursor: '0', items: [], syncedAt: 0 };
  /** The list, oldest first: a Set keeps insertion order, and an entry deleted then listed again moves to the end. */
  const known = new Set(list.items);
  let skipped = 0;
  // Deletions only when updating a list: from scratch, the endpoint leaves out what it no longer lists anyway.
  const deletions = list.cursor === '0' ? '' : '&deletions=1';
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await requestEndpoint(endpoint, `/v1/hashes?since=${encodeURIComponent(list.cursor)}&limit=${PAGE_SIZE}${deletions}`);
    if ('failure' in answer) throw new Error(`hash list: ${answer.failure.key}`);
    const body = Page.safeParse(answer.json);
    if (!answer.response.ok || !body.success) throw new Error(`hash list: GET /v1/hashes answered ${answer.response.status}`);
    for (const raw of body.data.items) {
      const item = Item.safeParse(raw);
      if (!item.success) {
        skipped++;
        continue;
      }
      const entry = `${item.data.algorithm}:${item.data.value.toLowerCase()}`;
      if (item.data.deleted) known.delete(entry);
      else known.add(entry);
    }
    const done = body.data.items.length === 0 || body.data.next === list.cursor;
    list.cursor = body.data.next;
    if (done) break;
  }
  if (skipped) console.warn(`Flagpost: hash list: ${skipped} invalid entries from ${endpoint.base} skipped`);
  list.items = [...known].slice(-MAX_ITEMS);
  list.syncedAt = now;
  await save(list);
  return list;
}
