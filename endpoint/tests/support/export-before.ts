import type { Driver, Param } from '../../src/storage/driver.ts';

/**
 * The URL export as it was before it was made faster (commit 44bea99): its page query, its row
 * folding and its CSV cells, copied verbatim and kept only as the reference that the export of
 * today must match byte for byte (tests/export-identical.test.ts). Not used by the endpoint.
 */

type Medium = { pdq: string | null; md5: string | null; sha256: string | null; groupId: string | null };
interface Row {
  id: string; url: string; platform: string; status: string; receivedAt: string; categories: string[]; threatToLife: boolean;
  entity: string | null; postId: string | null; author: string | null; postedAt: string | null;
  removal: { state: string; removedAt: string | null; lastCheckedAt: string | null }; media: Medium[];
}

const EXPORT_MEDIUM = "COALESCE(m.pdq, '') || ' ' || COALESCE(m.md5, '') || ' ' || COALESCE(m.sha256, '') || ' ' || COALESCE(m.group_id, '')";

function pageQuery(after: { url: string; id: string } | null, limit: number) {
  const params: Param[] = after ? [after.url, after.id] : [];
  return {
    sql: `SELECT r.id, r.url, r.platform, r.status, r.received_at, r.categories, r.threat_to_life, r.entity, r.post_id,
           r.author, r.posted_at, ${['state', 'removed_at', 'last_checked_at'].map((c) => `(SELECT c.${c} FROM url_checks c WHERE c.url = r.url) AS ${c}`).join(', ')},
           (SELECT string_agg(${EXPORT_MEDIUM}, ';' ORDER BY m.id) FROM media m WHERE m.report_id = r.id) AS media
         FROM reports r ${after ? 'WHERE (r.url, r.id) > (?, ?)' : ''} ORDER BY r.url, r.id LIMIT ?`,
    params: [...params, limit],
  };
}

async function page(db: Driver, after: { url: string; id: string } | null, limit: number): Promise<Row[]> {
  const { sql, params } = pageQuery(after, limit);
  const rows = await db.all<{
    id: string; url: string; platform: string; status: string; received_at: string; categories: string;
    threat_to_life: number; entity: string | null; post_id: string | null; author: string | null; posted_at: string | null;
    state: string | null; removed_at: string | null; last_checked_at: string | null; media: string | null;
  }>(sql, params);
  return rows.map((r): Row => ({
    id: r.id, url: r.url, platform: r.platform, status: r.status, receivedAt: r.received_at,
    categories: r.categories.split(';').filter(Boolean), threatToLife: r.threat_to_life === 1, entity: r.entity,
    postId: r.post_id, author: r.author, postedAt: r.posted_at,
    removal: { state: r.state ?? 'pending', removedAt: r.removed_at, lastCheckedAt: r.last_checked_at },
    media: r.media ? r.media.split(';').map((m) => {
      const [pdq, md5, sha256, groupId] = m.split(' ').map((v) => v || null);
      return { pdq: pdq ?? null, md5: md5 ?? null, sha256: sha256 ?? null, groupId: groupId ?? null };
    }) : [],
  }));
}

const columns = [
  'url', 'platform', 'post_id', 'author', 'posted_at', 'reports', 'first_reported_at', 'last_reported_at', 'categories',
  'threat_to_life', 'entities', 'status', 'statuses', 'removal_status', 'removed_at', 'last_checked_at', 'hashes',
  'media_groups', 'report_ids',
] as const;
const rank: Record<string, number> = { withdrawn: 0, received: 1, under_review: 2, forwarded: 3, rejected: 4, actioned: 5 };
const unique = <T>(values: Iterable<T>) => [...new Set(values)];
const latest = (reports: Row[], pick: (r: Row) => string | null) => reports.map(pick).findLast((v) => v) ?? '';

function urlRow(group: Row[]) {
  const reports = [...group].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id));
  const first = reports[0]!;
  const received = reports.map((r) => r.receivedAt);
  const counts = new Map<string, number>();
  for (const r of reports) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const byRank = [...counts.keys()].sort((a, b) => rank[a]! - rank[b]!);
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

const neutralise = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
function csvCell(value: string | number | boolean | string[]): string {
  const text = Array.isArray(value)
    ? value.flatMap((item) => item.split(';')).map(neutralise).join(';')
    : neutralise(String(value));
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole export (no filters), CSV or NDJSON, as the endpoint wrote it before. */
export async function exportBefore(db: Driver, format: 'csv' | 'ndjson'): Promise<string> {
  const size = db.dialect === 'postgres' ? 2_000 : 500;
  const line = (row: ReturnType<typeof urlRow>) =>
    format === 'csv' ? `${columns.map((c) => csvCell(row[c])).join(',')}\r\n` : `${JSON.stringify(row)}\n`;
  let out = format === 'csv' ? `\uFEFF${columns.join(',')}\r\n` : '';
  let group: Row[] = [];
  for (let after: { url: string; id: string } | null = null; ;) {
    const rows = await page(db, after, size);
    for (const report of rows) {
      if (group.length && group[0]!.url !== report.url) {
        out += line(urlRow(group));
        group = [];
      }
      group.push(report);
    }
    if (rows.length < size) break;
    after = { url: rows[rows.length - 1]!.url, id: rows[rows.length - 1]!.id };
  }
  if (group.length) out += line(urlRow(group));
  return out;
}
