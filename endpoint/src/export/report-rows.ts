import type { Report } from '../shared.ts';
import type { ReportDetails } from '../storage/feeds.ts';
import type { ExportReport } from '../storage/types.ts';
import { threatExchangeType, type ThreatExchangeType } from './indicators.ts';

/** One medium of a report: where it was and its hashes under ThreatExchange's indicator names. */
export interface MediumRow {
  ref: string;
  kind: string;
  url: string;
  media_group: string;
  hashes: { type: ThreatExchangeType; value: string; quality?: number }[];
}

/** One report in full (the long form): what the reporter saw and said, and what became of it. */
export interface ReportRow {
  report_id: string;
  received_at: string;
  status: string;
  outcome: string;
  note: string;
  url: string;
  page_url: string;
  platform: string;
  post_id: string;
  author: string;
  posted_at: string;
  text: string;
  explanation: string;
  entity: string;
  categories: string[];
  threat_to_life: boolean;
  quoted_urls: string[];
  removal_status: string;
  removed_at: string;
  /** Report 1.2: 'account' for a report of a whole account (its handle is `author`), else 'post'. */
  target_kind: string;
  /** Report 1.2: the posts of a reported account attached by reference. */
  recent_post_urls: string[];
  /** Report 1.2: the post's outbound links (their destinations). */
  out_links: string[];
  media: MediumRow[];
}

/** What the row may lack of a stored body: a body that is not a whole report still gives its row's columns. */
type StoredBody = { target?: Partial<Report['target']>; classification?: Partial<Report['classification']>; media?: Report['media'] };

/** The report's stored body, its row and its media's groups (in the body's order, as stored) as one row. */
export function reportRow(report: ExportReport, details: ReportDetails): ReportRow {
  const body = JSON.parse(details.body) as StoredBody;
  return {
    report_id: report.id,
    received_at: report.receivedAt,
    status: report.status,
    outcome: details.outcome ?? '',
    note: details.note ?? '',
    url: report.url,
    page_url: body.target?.pageUrl ?? '',
    platform: report.platform,
    post_id: report.postId ?? '',
    author: report.author ?? '',
    posted_at: report.postedAt ?? '',
    text: body.target?.text ?? '',
    explanation: body.classification?.explanation ?? '',
    entity: report.entity ?? '',
    categories: report.categories,
    threat_to_life: report.threatToLife,
    quoted_urls: (body.target?.quoted ?? []).map((q) => q.url),
    removal_status: report.removal.state,
    removed_at: report.removal.removedAt ?? '',
    target_kind: body.target?.kind ?? 'post',
    recent_post_urls: (body.target?.account?.recentPosts ?? []).map((p) => p.url),
    out_links: (body.target?.outLinks ?? []).map((link) => link.url),
    media: (body.media ?? []).map((medium, i) => ({
      ref: medium.ref,
      kind: medium.kind,
      url: medium.sourceUrl,
      media_group: report.media[i]?.groupId ?? '',
      hashes: medium.hashes.flatMap((hash) => {
        if (!('value' in hash)) return [];
        const type = threatExchangeType(hash.algorithm, [medium.kind]);
        return type ? [{ type, value: hash.value, ...(hash.algorithm === 'pdq' ? { quality: hash.quality } : {}) }] : [];
      }),
    })),
  };
}

const reportColumns = [
  'report_id', 'received_at', 'status', 'outcome', 'note', 'url', 'page_url', 'platform', 'post_id', 'author', 'posted_at', 'text',
  'explanation', 'entity', 'categories', 'threat_to_life', 'quoted_urls', 'removal_status', 'removed_at',
  'target_kind', 'recent_post_urls', 'out_links',
] as const satisfies readonly (keyof ReportRow)[];
const indicatorColumns: readonly ThreatExchangeType[] = ['HASH_PDQ', 'HASH_MD5', 'HASH_VIDEO_MD5', 'HASH_SHA256'];

/** The CSV's columns: the report's, then one medium's (a report has a line per medium, or one line without media). */
export const reportCsvColumns = [
  ...reportColumns, 'medium_ref', 'medium_kind', 'medium_url', 'media_group', ...indicatorColumns, 'pdq_quality',
] as const;
export type ReportCsvLine = Record<(typeof reportCsvColumns)[number], string | boolean | string[] | number>;

export function reportCsvLines(row: ReportRow): ReportCsvLine[] {
  const own = Object.fromEntries(reportColumns.map((c) => [c, row[c]])) as Pick<ReportRow, (typeof reportColumns)[number]>;
  const media = row.media.length ? row.media : [undefined];
  return media.map((medium) => {
    const hash = (type: ThreatExchangeType) => medium?.hashes.find((h) => h.type === type);
    return {
      ...own,
      medium_ref: medium?.ref ?? '',
      medium_kind: medium?.kind ?? '',
      medium_url: medium?.url ?? '',
      media_group: medium?.media_group ?? '',
      ...Object.fromEntries(indicatorColumns.map((type) => [type, hash(type)?.value ?? ''])) as Record<ThreatExchangeType, string>,
      pdq_quality: hash('HASH_PDQ')?.quality ?? '',
    };
  });
}
