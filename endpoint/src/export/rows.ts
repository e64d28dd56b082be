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

const unique = <T>(values: Iterable<T>) => [...new Set(values)];
/** The most recent report's value, where one has it (the post may have been edited or its author renamed). */
const latest = (reports: ExportReport[], pick: (r: ExportReport) => string | null) => reports.map(pick).findLast((v) => v) ?? '';

/** The reports of one URL (all of them, as filtered) folded into its row; lists are in order of receipt. */
export function urlRow(group: ExportReport[]): UrlRow {
  const reports = [...group].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id));
  const first = reports[0]!;
  const received = reports.map((r) => r.receivedAt);
  const counts = new Map<EndpointStatus, number>();
  for (const r of reports) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const byRank = [...counts.keys()].sort((a, b) => rank[a] - rank[b]);
  const media = reports.flatMap((r) => r.media);
  return {
    url: first.url,
    platform: first.platform,
    post_id: latest(reports, (r) => r.postId),
    author: latest(reports, (r) => r.author),
    posted_at: latest(reports, (r) => r.postedAt),
    reports: reports.length,
    first_reported_at: received[0]!,
    last_reported_at: received[received.length - 1]!,
    categories: unique(reports.flatMap((r) => r.categories)).sort(),
    threat_to_life: reports.some((r) => r.threatToLife),
    entities: unique(reports.map((r) => r.entity?.trim()).filter((e): e is string => !!e)),
    status: byRank[byRank.length - 1]!,
    statuses: byRank.map((s) => `${s}:${counts.get(s)}`),
    removal_status: first.removal.state,
    removed_at: first.removal.removedAt ?? '',
    last_checked_at: first.removal.lastCheckedAt ?? '',
    hashes: unique(media.flatMap((m) => [
      ...(m.pdq ? [`pdq:${m.pdq}`] : []),
      ...(m.md5 ? [`md5:${m.md5}`] : []),
      ...(m.sha256 ? [`sha256:${m.sha256}`] : []),
    ])),
    media_groups: unique(media.map((m) => m.groupId).filter((g): g is string => !!g)),
    report_ids: reports.map((r) => r.id),
  };
}
