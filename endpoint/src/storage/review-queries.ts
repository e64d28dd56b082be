import { hammingDistance, PDQ_MATCH_DISTANCE, type EndpointStatus, type Platform, type TcoCategory } from '../shared.ts';
import { serialKey, type Driver, type Param } from './driver.ts';
import { parseReviewCursor, reviewCursor } from './review-cursor.ts';
import { HAS_VPDQ, reportsSameVideoByVpdq } from './vpdq-search.ts';

/**
 * The review workspace's reads (issue 19): the queue's search and filters, groups of reports that
 * are the same item (same URL, same media by PDQ, same video by TMK or by vPDQ), and an item's media and
 * removal-check history. Every list is bounded by a LIMIT and read by keyset where it pages.
 */
export const workspaceIndexes = `
CREATE INDEX IF NOT EXISTS media_by_md5 ON media (md5) WHERE md5 IS NOT NULL;
CREATE INDEX IF NOT EXISTS media_by_sha256 ON media (sha256) WHERE sha256 IS NOT NULL;
CREATE INDEX IF NOT EXISTS media_by_group ON media (group_id, report_id) WHERE group_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS tmk_by_report ON tmk_signatures (report_id, group_id);`;

/** Each removal check of a URL, not only the latest (url_checks keeps that one). */
export function urlCheckHistoryDdl(dialect: Driver['dialect']): string {
  return `
CREATE TABLE IF NOT EXISTS url_check_history (
  id ${serialKey(dialect)},
  url TEXT NOT NULL,
  checked_at TEXT NOT NULL,
  state TEXT NOT NULL,
  http_status INTEGER
);
CREATE INDEX IF NOT EXISTS url_check_history_by_url ON url_check_history (url, id);`;
}

/** One removal check's result (a CheckResult of types.ts). */
export async function recordCheckHistory(db: Driver, r: { url: string; checkedAt: string; state: string; httpStatus: number | null }): Promise<void> {
  await db.run('INSERT INTO url_check_history (url, checked_at, state, http_status) VALUES (?, ?, ?, ?)', [r.url, r.checkedAt, r.state, r.httpStatus]);
}

export interface ReportSummary {
  id: string;
  status: EndpointStatus;
  receivedAt: string;
  url: string;
  platform: Platform;
  categories: TcoCategory[];
  threatToLife: boolean;
}

export interface ReportPage {
  total: number;
  items: ReportSummary[];
  /** Cursors for the pages before and after this one, when there are any. */
  newer?: string;
  older?: string;
}

/** newest: threat to life, then the latest first; urgent: threat to life, then the longest waiting first. */
export type QueueSort = 'newest' | 'urgent';
export const queueSorts = ['urgent', 'newest'] as const satisfies readonly QueueSort[];

export interface QueueFilter {
  status?: EndpointStatus;
  platform?: Platform;
  category?: TcoCategory;
  threatToLife?: boolean;
  /** received_at in [since, until) */
  since?: string;
  until?: string;
  /** Words in the URL, author, entity, or anything the report says (its text, its explanation). */
  text?: string;
  /** Lower-case hex: MD5 (32) or SHA-256 (64) exact; a 64-digit hash is also a PDQ within distance 31. */
  hash?: string;
}

export interface QueueQuery extends QueueFilter {
  sort: QueueSort;
  limit: number;
  after?: string;
  before?: string;
}

/** A queue row with its groups: how many reports share its URL, and its media's and videos' groups (with their sizes). */
export interface QueueItem extends ReportSummary {
  author: string | null;
  sameUrl: number;
  groups: { kind: 'media' | 'tmk'; id: string; reports: number }[];
  /** It sent a vPDQ: its row links its vPDQ group, without a size (that group is found by a scan, too slow for every row). */
  vpdq: boolean;
}

/** vpdq's key is a report id: its group is found by reading stored vPDQ (vpdq-search.ts), not stored. */
export type GroupKind = 'url' | 'media' | 'tmk' | 'vpdq';
export const groupKinds = ['url', 'media', 'tmk', 'vpdq'] as const satisfies readonly GroupKind[];

export interface MediumRow {
  ref: string;
  kind: string;
  pdq: string | null;
  pdqQuality: number | null;
  md5: string | null;
  sha256: string | null;
  groupId: string | null;
}

export interface ReviewStore {
  queue(query: QueueQuery): Promise<Omit<ReportPage, 'items'> & { items: QueueItem[] }>;
  /** The reports of one group, threat to life first then newest, at most `limit`, and how many there are. */
  group(kind: GroupKind, key: string, limit: number): Promise<{ items: ReportSummary[]; total: number }>;
  mediaOf(reportId: string): Promise<MediumRow[]>;
  checkHistory(url: string, limit: number): Promise<{ checkedAt: string; state: string; httpStatus: number | null }[]>;
}

/** Reports a PDQ search (or a vPDQ group) names at most; media read per round trip while scanning. */
export const MAX_HASH_MATCHES = 500;
const PDQ_SCAN_CHUNK = 5000;

type SummaryRow = { id: string; status: EndpointStatus; received_at: string; url: string; platform: Platform; categories: string; threat_to_life: number; author: string | null };
const SUMMARY = 'r.id, r.status, r.received_at, r.url, r.platform, r.categories, r.threat_to_life, r.author';
const summary = (r: SummaryRow): ReportSummary & { author: string | null } => ({
  id: r.id, status: r.status, receivedAt: r.received_at, url: r.url, platform: r.platform,
  categories: r.categories.split(';').filter(Boolean) as TcoCategory[], threatToLife: r.threat_to_life === 1, author: r.author,
});
const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
/** A LIKE pattern matching `text` anywhere, its own `%`, `_` and `\` taken literally (lower-cased in SQL: filterClauses). */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Reports with a medium whose PDQ is within 31 bits of `pdq`, by the shared distance helper. PDQ
 * distance has no SQL index: the media are read in keyset chunks, so memory stays bounded.
 */
async function reportsNearPdq(db: Driver, pdq: string): Promise<string[]> {
  const ids = new Set<string>();
  for (let after = 0; ids.size < MAX_HASH_MATCHES;) {
    const rows = await db.all<{ id: number; report_id: string; pdq: string }>(
      'SELECT id, report_id, pdq FROM media WHERE id > ? AND pdq IS NOT NULL ORDER BY id LIMIT ?', [after, PDQ_SCAN_CHUNK]);
    for (const r of rows) if (hammingDistance(r.pdq, pdq) <= PDQ_MATCH_DISTANCE) ids.add(r.report_id);
    if (rows.length < PDQ_SCAN_CHUNK) break;
    after = Number(rows[rows.length - 1]!.id);
  }
  return [...ids].slice(0, MAX_HASH_MATCHES);
}

async function filterClauses(db: Driver, f: QueueFilter): Promise<{ clauses: string[]; params: Param[] }> {
  const clauses: string[] = [];
  const params: Param[] = [];
  const add = (clause: string, ...values: Param[]) => void (clauses.push(clause), params.push(...values));
  if (f.status) add('r.status = ?', f.status);
  if (f.platform) add('r.platform = ?', f.platform);
  if (f.category) add('r.categories LIKE ?', `%;${f.category};%`);
  if (f.threatToLife !== undefined) add('r.threat_to_life = ?', f.threatToLife ? 1 : 0);
  if (f.since) add('r.received_at >= ?', f.since);
  if (f.until) add('r.received_at < ?', f.until);
  if (f.text) {
    const like = containing(f.text);
    // The body is the report's JSON: a quote or a line break in its text is stored escaped (`\"`, `\n`), so the
    // term is looked for as JSON writes it. Both sides go through the database's own LOWER(): SQLite's folds
    // ASCII letters only, and a term lower-cased here by JavaScript's rules would then miss its own text (`Über`).
    const inBody = containing(JSON.stringify(f.text).slice(1, -1));
    add(`(${["r.url", "COALESCE(r.author, '')", "COALESCE(r.entity, '')"].map((c) => `LOWER(${c}) LIKE LOWER(?) ESCAPE '\\'`).join(' OR ')}
      OR LOWER(r.body) LIKE LOWER(?) ESCAPE '\\')`, like, like, like, inBody);
  }
  if (f.hash?.length === 32) add('r.id IN (SELECT report_id FROM media WHERE md5 = ?)', f.hash);
  if (f.hash?.length === 64) {
    const near = await reportsNearPdq(db, f.hash);
    add(`(r.id IN (SELECT report_id FROM media WHERE sha256 = ?)${near.length ? ` OR r.id IN (${marks(near.length)})` : ''})`, f.hash, ...near);
  }
  return { clauses, params };
}

/**
 * The queue's order and keyset: threat to life always first; then by time received, descending
 * (newest) or ascending (urgent: the longest waiting). `before` reads the other way; the caller reverses.
 */
function queueOrder(q: QueueQuery) {
  const backwards = !!q.before;
  const latestFirst = (q.sort === 'newest') !== backwards;
  const key = parseReviewCursor(q.before ?? q.after ?? '');
  const seek = key && {
    clause: `(r.threat_to_life ${backwards ? '>' : '<'} ? OR (r.threat_to_life = ? AND (r.received_at, r.id) ${latestFirst ? '<' : '>'} (?, ?)))`,
    params: [key[0], key[0], key[1], key[2]] as Param[],
  };
  const time = latestFirst ? 'DESC' : 'ASC';
  return { seek, order: `r.threat_to_life ${backwards ? 'ASC' : 'DESC'}, r.received_at ${time}, r.id ${time}`, reversed: !!(key && backwards) };
}

export const reviewStore = (db: Driver): ReviewStore => {
  /** Each item's groups, in a few indexed reads for the whole page. */
  async function withGroups(items: (ReportSummary & { author: string | null })[]): Promise<QueueItem[]> {
    if (!items.length) return [];
    const ids = items.map((i) => i.id);
    const urls = [...new Set(items.map((i) => i.url))];
    const urlCounts = new Map((await db.all<{ url: string; n: number }>(
      `SELECT url, COUNT(*) AS n FROM reports WHERE url IN (${marks(urls.length)}) GROUP BY url`, urls)).map((r) => [r.url, Number(r.n)]));
    const memberships = async (kind: 'media' | 'tmk', table: string) => {
      const rows = await db.all<{ report_id: string; group_id: string }>(
        `SELECT DISTINCT report_id, group_id FROM ${table} WHERE report_id IN (${marks(ids.length)}) AND group_id IS NOT NULL`, ids);
      const groupIds = [...new Set(rows.map((r) => r.group_id))];
      const sizes = new Map(groupIds.length ? (await db.all<{ group_id: string; n: number }>(
        `SELECT group_id, COUNT(DISTINCT report_id) AS n FROM ${table} WHERE group_id IN (${marks(groupIds.length)}) GROUP BY group_id`, groupIds))
        .map((r) => [r.group_id, Number(r.n)]) : []);
      return rows.map((r) => ({ reportId: r.report_id, kind, id: r.group_id, reports: sizes.get(r.group_id) ?? 1 }));
    };
    const groups = [...(await memberships('media', 'media')), ...(await memberships('tmk', 'tmk_signatures'))];
    const withVpdq = new Set((await db.all<{ id: string }>(
      `SELECT id FROM reports WHERE id IN (${marks(ids.length)}) AND body LIKE ?`, [...ids, HAS_VPDQ])).map((r) => r.id));
    return items.map((item) => ({
      ...item,
      sameUrl: urlCounts.get(item.url) ?? 1,
      vpdq: withVpdq.has(item.id),
      groups: groups.filter((g) => g.reportId === item.id && g.reports > 1).map(({ kind, id, reports }) => ({ kind, id, reports })),
    }));
  }

  return {
    async queue(q) {
      const { clauses, params } = await filterClauses(db, q);
      const where = (extra: string[]) => (extra.length ? `WHERE ${extra.join(' AND ')}` : '');
      const total = Number((await db.all<{ n: number }>(`SELECT COUNT(*) AS n FROM reports r ${where(clauses)}`, params))[0]?.n ?? 0);
      const { seek, order, reversed } = queueOrder(q);
      const rows = await db.all<SummaryRow>(
        `SELECT ${SUMMARY} FROM reports r ${where(seek ? [...clauses, seek.clause] : clauses)} ORDER BY ${order} LIMIT ?`,
        [...params, ...(seek?.params ?? []), q.limit + 1]);
      const more = rows.length > q.limit;
      const page = rows.slice(0, q.limit);
      if (reversed) page.reverse();
      const items = await withGroups(page.map(summary));
      // A page reached from a cursor has something on the side it came from.
      const hasNewer = q.before ? more : !!q.after;
      const hasOlder = q.before ? true : more;
      return {
        total,
        items,
        newer: hasNewer && items.length ? reviewCursor(items[0]!) : undefined,
        older: hasOlder && items.length ? reviewCursor(items[items.length - 1]!) : undefined,
      };
    },

    async group(kind, key, limit) {
      if (kind === 'vpdq') {
        const ids = await reportsSameVideoByVpdq(db, key, MAX_HASH_MATCHES);
        if (!ids.length) return { items: [], total: 0 };
        const rows = await db.all<SummaryRow>(
          `SELECT ${SUMMARY} FROM reports r WHERE r.id IN (${marks(ids.length)}) ORDER BY r.threat_to_life DESC, r.received_at DESC, r.id DESC LIMIT ?`, [...ids, limit]);
        return { items: rows.map(summary), total: ids.length };
      }
      const where = {
        url: 'r.url = ?',
        media: 'r.id IN (SELECT report_id FROM media WHERE group_id = ?)',
        tmk: 'r.id IN (SELECT report_id FROM tmk_signatures WHERE group_id = ?)',
      }[kind];
      const total = Number((await db.all<{ n: number }>(`SELECT COUNT(*) AS n FROM reports r WHERE ${where}`, [key]))[0]?.n ?? 0);
      const rows = await db.all<SummaryRow>(
        `SELECT ${SUMMARY} FROM reports r WHERE ${where} ORDER BY r.threat_to_life DESC, r.received_at DESC, r.id DESC LIMIT ?`, [key, limit]);
      return { items: rows.map(summary), total };
    },

    async mediaOf(reportId) {
      const rows = await db.all<{ ref: string; kind: string; pdq: string | null; pdq_quality: number | null; md5: string | null; sha256: string | null; group_id: string | null }>(
        'SELECT ref, kind, pdq, pdq_quality, md5, sha256, group_id FROM media WHERE report_id = ? ORDER BY id', [reportId]);
      return rows.map((r) => ({ ref: r.ref, kind: r.kind, pdq: r.pdq, pdqQuality: r.pdq_quality, md5: r.md5, sha256: r.sha256, groupId: r.group_id }));
    },

    async checkHistory(url, limit) {
      const rows = await db.all<{ checked_at: string; state: string; http_status: number | null }>(
        'SELECT checked_at, state, http_status FROM url_check_history WHERE url = ? ORDER BY id DESC LIMIT ?', [url, limit]);
      return rows.map((r) => ({ checkedAt: r.checked_at, state: r.state, httpStatus: r.http_status }));
    },
  };
};
