import { MAX_URL_LENGTH, z } from '../shared.ts';
import type { Storage } from '../storage/types.ts';

/** Where to resume (the `checkpoint` of an earlier page: the last URL it held) and how many a page. */
export const UrlFeedQuery = z.strictObject({
  after: z.string().max(MAX_URL_LENGTH).default(''),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
export type UrlFeedQuery = z.infer<typeof UrlFeedQuery>;

/** TCAP's URL record: ACT while the content is up (or not yet seen gone), INA once the re-check found it removed. */
export interface TcapUrlRecord {
  url: string;
  platform: string;
  terrorist_group: string | null;
  url_status: 'ACT' | 'INA';
  status_tested_on: string | null;
  created_on: string;
  removed_on: string | null;
}

/**
 * One page of the reported URLs that a live report still names (a URL whose every report was
 * withdrawn or rejected is left out), in URL order, with the removal re-check's findings.
 */
export async function tcapUrlPage(storage: Storage, query: UrlFeedQuery, pageUrl: (after: string) => string) {
  const rows = await storage.feeds.liveUrls(query.after, query.limit);
  const results = rows.map((r): TcapUrlRecord => ({
    url: r.url,
    platform: r.platform,
    terrorist_group: r.entity,
    url_status: r.state === 'removed' ? 'INA' : 'ACT',
    status_tested_on: r.lastCheckedAt,
    created_on: r.firstReportedAt,
    removed_on: r.removedAt,
  }));
  const checkpoint = rows.length ? rows[rows.length - 1]!.url : query.after;
  return { next: rows.length === query.limit ? pageUrl(checkpoint) : null, checkpoint, results };
}
