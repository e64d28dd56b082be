import type { EndpointStatus } from '../shared.ts';
import type { ExportReport, RemovalState } from '../storage/types.ts';

/** One row per reported URL: what a researcher's spreadsheet holds. */
export interface UrlRow {
  url: string;
  platform: string;
  post_id: string;
  author: string;
  posted_at: string;
  reports: number;
  first_reported_at: string;
  last_reported_at: string;
  categories: string[];
  threat_to_life: boolean;
  entities: string[];
  status: EndpointStatus;
  statuses: string[];
  removal_status: RemovalState;
  removed_at: string;
  last_checked_at: string;
  hashes: string[];
  media_groups: string[];
  report_ids: string[];
}

export const columns: readonly (keyof UrlRow)[] = [
  'url', 'platform', 'post_id', 'author', 'posted_at', 'reports', 'first_reported_at', 'last_reported_at', 'categories',
  'threat_to_life', 'entities', 'status', 'statuses', 'removal_status', 'removed_at', 'last_checked_at', 'hashes',
  'media_groups', 'report_ids',
];

/** How far along a URL is: its most advanced report wins; withdrawn only when every report was. */
const rank: Record<EndpointStatus, number> = { withdrawn: 0, received: 1, under_review: 2, forwarded: 3, rejected: 4, actioned: 5 };

/** How reports of one URL are ordered: by receipt, then id (the comparison of String#localeCompare, made once). */
const collator = new Intl.Collator();
const byReceipt = (a: ExportReport, b: ExportReport) => collator.compare(a.receivedAt, b.receivedAt) || collator.compare(a.id, b.id);

/**
 * The reports of one URL (all of them, as filtered) folded into its row; lists are in order of
 * receipt. One pass over the reports, no copies: an export folds every report in the collection
 * (most URLs have one), and this was a good part of its time per row.
 */
export function urlRow(group: readonly ExportReport[]): UrlRow {
  const reports = group.length > 1 ? [...group].sort(byReceipt) : group;
  const first = reports[0]!;
  // The most recent report's value, where one has it (the post may have been edited or its author renamed).
  let postId = '';
  let author = '';
  let postedAt = '';
  let threatToLife = false;
  const categories = new Set<string>();
  const entities = new Set<string>();
  const counts = new Map<EndpointStatus, number>();
  const hashes = new Set<string>();
  const mediaGroups = new Set<string>();
  const reportIds: string[] = [];
  for (const r of reports) {
    if (r.postId) postId = r.postId;
    if (r.author) author = r.author;
    if (r.postedAt) postedAt = r.postedAt;
    if (r.threatToLife) threatToLife = true;
    for (const category of r.categories) categories.add(category);
    const entity = r.entity?.trim();
    if (entity) entities.add(entity);
    counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    for (const m of r.media) {
      if (m.pdq) hashes.add(`pdq:${m.pdq}`);
      if (m.md5) hashes.add(`md5:${m.md5}`);
      if (m.sha256) hashes.add(`sha256:${m.sha256}`);
    }
    for (const m of r.media) if (m.groupId) mediaGroups.add(m.groupId);
    reportIds.push(r.id);
  }
  const byRank = counts.size > 1 ? [...counts.keys()].sort((a, b) => rank[a] - rank[b]) : [...counts.keys()];
  return {
    url: first.url,
    platform: first.platform,
    post_id: postId,
    author,
    posted_at: postedAt,
    reports: reports.length,
    first_reported_at: first.receivedAt,
    last_reported_at: reports[reports.length - 1]!.receivedAt,
    categories: [...categories].sort(),
    threat_to_life: threatToLife,
    entities: [...entities],
    status: byRank[byRank.length - 1]!,
    statuses: byRank.map((s) => `${s}:${counts.get(s)}`),
    removal_status: first.removal.state,
    removed_at: first.removal.removedAt ?? '',
    last_checked_at: first.removal.lastCheckedAt ?? '',
    hashes: [...hashes],
    media_groups: [...mediaGroups],
    report_ids: reportIds,
  };
}
