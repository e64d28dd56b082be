import type { EndpointStatus, Platform, TcoCategory } from '../shared.ts';
import type { Driver, Param } from './driver.ts';
import type { ExportFilter, ExportReport, RemovalState } from './types.ts';

/**
 * One page of the export, read by the endpoint's storage (sql-storage.ts) and by the export's
 * worker thread (export/export-worker.ts) on its own connection: so this module needs nothing
 * but a driver's `all`.
 */

/** A URL's removal check as one string, `state removed_at last_checked_at` (a word and two RFC 3339 times: never a space), empty where absent. */
const EXPORT_REMOVAL = "c.state || ' ' || COALESCE(c.removed_at, '') || ' ' || COALESCE(c.last_checked_at, '')";

function removalOf(text: string | null): ExportReport['removal'] {
  if (!text) return { state: 'pending', removedAt: null, lastCheckedAt: null };
  const [state, removedAt, lastCheckedAt] = text.split(' ');
  return { state: state as RemovalState, removedAt: removedAt || null, lastCheckedAt: lastCheckedAt || null };
}

/** A medium as one string, `pdq md5 sha256 group` (hex and `g<id>`: never a space or a `;`), empty where absent. */
const EXPORT_MEDIUM = "COALESCE(m.pdq, '') || ' ' || COALESCE(m.md5, '') || ' ' || COALESCE(m.sha256, '') || ' ' || COALESCE(m.group_id, '')";

/**
 * One page of the export. The keyset `(url, id) > (?, ?)` is a row-value comparison, which both
 * databases answer by seeking in the `reports_by_url (url, id)` index: each page costs its own rows.
 * The equivalent `url > ? OR (url = ? AND id > ?)` is a filter PostgreSQL applies to every row
 * from the start of the index, so a whole export read the collection quadratically.
 */
export function exportQuery(filter: ExportFilter, after: { url: string; id: string } | null, limit: number) {
  const clauses: string[] = [];
  const params: Param[] = [];
  const add = (clause: string, ...values: Param[]) => {
    clauses.push(clause);
    params.push(...values);
  };
  if (after) add('(r.url, r.id) > (?, ?)', after.url, after.id);
  if (filter.since) add('r.received_at >= ?', filter.since);
  if (filter.until) add('r.received_at < ?', filter.until);
  if (filter.platform) add('r.platform = ?', filter.platform);
  if (filter.category) add('r.categories LIKE ?', `%;${filter.category};%`);
  if (filter.status) add('r.status = ?', filter.status);
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  return {
    // The URL's removal status (one lookup: its three columns as one text) and the report's media by
    // index lookups from each row of the page (subqueries), in one statement. Joins let PostgreSQL's
    // planner merge-join url_checks from its first row, and hash-join the whole media table, on
    // every page: quadratic again, whatever the keyset.
    sql: `SELECT r.id, r.url, r.platform, r.status, r.received_at, r.categories, r.threat_to_life, r.entity, r.post_id,
           r.author, r.posted_at, (SELECT ${EXPORT_REMOVAL} FROM url_checks c WHERE c.url = r.url) AS removal,
           (SELECT string_agg(${EXPORT_MEDIUM}, ';' ORDER BY m.id) FROM media m WHERE m.report_id = r.id) AS media
         FROM reports r ${where} ORDER BY r.url, r.id LIMIT ?`,
    params: [...params, limit],
  };
}

type PageRow = {
  id: string; url: string; platform: Platform; status: EndpointStatus; received_at: string; categories: string;
  threat_to_life: number; entity: string | null; post_id: string | null; author: string | null; posted_at: string | null;
  removal: string | null; media: string | null;
};

/** Reports ordered by (url, id) after `after`, at most `limit`, with their media and their URL's removal check. */
export async function readExportPage(
  db: Pick<Driver, 'all'>, filter: ExportFilter, after: { url: string; id: string } | null, limit: number,
): Promise<ExportReport[]> {
  const { sql, params } = exportQuery(filter, after, limit);
  const rows = await db.all<PageRow>(sql, params);
  return rows.map((r): ExportReport => ({
    id: r.id, url: r.url, platform: r.platform, status: r.status, receivedAt: r.received_at,
    categories: r.categories.split(';').filter(Boolean) as TcoCategory[], threatToLife: r.threat_to_life === 1, entity: r.entity,
    postId: r.post_id, author: r.author, postedAt: r.posted_at,
    removal: removalOf(r.removal),
    media: r.media ? r.media.split(';').map((m) => {
      const [pdq, md5, sha256, groupId] = m.split(' ');
      return { pdq: pdq || null, md5: md5 || null, sha256: sha256 || null, groupId: groupId || null };
    }) : [],
  }));
}
