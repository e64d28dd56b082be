import type { EndpointStatus, MediaEntry, MediaHash, Platform, Report, TcoCategory } from '../shared.ts';
import type { Driver, Param } from './driver.ts';
import { migrate } from './schema.ts';
import type {
  ExportFilter, ExportReport, InsertResult, PdqMedia, RemovalState, ReportState, ReportSummary, Storage, TokenRecord, UrlCheck,
} from './types.ts';

/** Any constant: PostgreSQL's advisory lock that keeps hash-list sequence numbers committing in order. */
const HASH_LIST_LOCK = 0x466c6167;

/** Every change to hash_list takes it (SQLite has one writer anyway). */
async function lockHashList(tx: Driver): Promise<void> {
  if (tx.dialect === 'postgres') await tx.all('SELECT pg_advisory_xact_lock(?)', [HASH_LIST_LOCK]);
}

/** meta key: hash_sources holds the sources of every entry, old ones included. */
const BACKFILLED = 'hash_sources_backfilled';

/** A report in these statuses no longer vouches for its hashes. */
const RETRACTED: readonly EndpointStatus[] = ['withdrawn', 'rejected'];

/**
 * The report was withdrawn or rejected: each of its hashes that no other live report vouches for
 * is listed again, as a deletion, under a new sequence number (clients syncing from their cursor
 * see it). Under the hash-list lock, so a report adding the same hash concurrently either is seen
 * here or, committing after, lists the hash again.
 */
async function retractHashes(tx: Driver, reportId: string): Promise<void> {
  await lockHashList(tx);
  const orphans = await tx.all<{ algorithm: string; value: string }>(
    `SELECT s.algorithm, s.value FROM hash_sources s WHERE s.report_id = ? AND NOT EXISTS (
       SELECT 1 FROM hash_sources o JOIN reports r ON r.id = o.report_id
       WHERE o.algorithm = s.algorithm AND o.value = s.value AND o.report_id <> s.report_id
         AND r.status NOT IN (${RETRACTED.map(() => '?').join(', ')}))`,
    [reportId, ...RETRACTED]);
  if (!orphans.length) return;
  const values = orphans.map(() => '(?, ?)').join(', ');
  const pairs = orphans.flatMap((h) => [h.algorithm, h.value]);
  await tx.run(`DELETE FROM hash_list WHERE (algorithm, value) IN (VALUES ${values})`, pairs);
  await tx.run(`INSERT INTO hash_list (algorithm, value, deleted) VALUES ${orphans.map(() => '(?, ?, 1)').join(', ')}`, pairs);
}

type TokenRow = { id: string; name: string; reviewer: number; created_at: string; revoked_at: string | null };
const token = (row: TokenRow): TokenRecord => ({
  id: row.id, name: row.name, reviewer: row.reviewer === 1, createdAt: row.created_at, revokedAt: row.revoked_at,
});

type StateRow = { id: string; token_id: string; status: EndpointStatus; received_at: string; updated_at: string; note: string | null; outcome: string | null };
const state = (row: StateRow): ReportState => ({
  id: row.id, tokenId: row.token_id, status: row.status, receivedAt: row.received_at, updatedAt: row.updated_at, note: row.note, outcome: row.outcome,
});

type CheckRow = { url: string; platform: Platform; state: RemovalState; http_status: number | null; checks: number; last_checked_at: string | null; removed_at: string | null };
const check = (row: CheckRow): UrlCheck => ({
  url: row.url, platform: row.platform, state: row.state, httpStatus: row.http_status, checks: row.checks,
  lastCheckedAt: row.last_checked_at, removedAt: row.removed_at,
});

/** `;a;b;` lets `LIKE '%;a;%'` find one category the same way in both databases. */
const categoriesColumn = (list: readonly string[]) => `;${list.join(';')};`;
const categoriesOf = (column: string) => column.split(';').filter(Boolean) as TcoCategory[];

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

export async function sqlStorage(db: Driver): Promise<Storage> {
  await migrate(db);
  const one = async <T>(sql: string, params: Param[]) => (await db.all<T>(sql, params))[0];

  return {
    dialect: db.dialect,
    close: () => db.close(),
    ping: () => db.ping(),

    async createToken(t) {
      await db.run('INSERT INTO tokens (id, name, secret_sha256, reviewer, created_at) VALUES (?, ?, ?, ?, ?)',
        [t.id, t.name, t.secretSha256, t.reviewer ? 1 : 0, t.createdAt]);
    },
    async tokenBySecret(secretSha256) {
      const row = await one<TokenRow>('SELECT * FROM tokens WHERE secret_sha256 = ?', [secretSha256]);
      return row && token(row);
    },
    async tokenById(id) {
      const row = await one<TokenRow>('SELECT * FROM tokens WHERE id = ?', [id]);
      return row && token(row);
    },
    async listTokens() {
      return (await db.all<TokenRow>('SELECT * FROM tokens ORDER BY created_at, id')).map(token);
    },
    async revokeToken(id, at) {
      return (await db.run('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [at, id])) > 0;
    },

    insertReport({ report, tokenId, bodySha256, receivedAt, hashes, hashQuotaPerDay, assignGroups }) {
      return db.transaction(async (tx): Promise<InsertResult> => {
        const { target, classification } = report;
        const inserted = await tx.all(
          `INSERT INTO reports (id, token_id, body_sha256, received_at, status, updated_at, url, platform, categories,
             threat_to_life, entity, post_id, author, posted_at, body)
           VALUES (?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id`,
          [report.id, tokenId, bodySha256, receivedAt, receivedAt, target.url, target.platform,
            categoriesColumn(classification.tco), classification.threatToLife ? 1 : 0, classification.entity ?? null,
            target.postId ?? null, target.author?.handle ?? null, target.postedAt ?? null, JSON.stringify(report)],
        );
        if (!inserted.length) {
          // Someone (maybe a concurrent request) stored this id first: report what they stored.
          const [row] = await tx.all<{ token_id: string; body_sha256: string; received_at: string }>(
            'SELECT token_id, body_sha256, received_at FROM reports WHERE id = ?', [report.id]);
          if (!row) throw new Error('report vanished between insert and read');
          return { created: false, existing: { tokenId: row.token_id, bodySha256: row.body_sha256, receivedAt: row.received_at } };
        }
        const pdqMedia: PdqMedia[] = [];
        for (const medium of report.media) {
          const pdq = medium.hashes.find((h) => h.algorithm === 'pdq');
          const [row] = await tx.all<{ id: number }>(
            'INSERT INTO media (report_id, ref, kind, pdq, pdq_quality, md5, sha256) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
            [report.id, medium.ref, medium.kind, pdq?.value ?? null, pdq?.quality ?? null, hashValue(medium, 'md5'), hashValue(medium, 'sha256')],
          );
          if (row && pdq) pdqMedia.push({ mediaId: row.id, ref: medium.ref, pdq: pdq.value, quality: pdq.quality, groupId: null });
        }
        for (const g of assignGroups(pdqMedia)) await tx.run('UPDATE media SET group_id = ? WHERE id = ?', [g.groupId, g.mediaId]);
        await tx.run(
          `INSERT INTO url_checks (url, platform, state, checks, next_check_at) VALUES (?, ?, 'pending', 0, ?) ON CONFLICT (url) DO NOTHING`,
          [target.url, target.platform, receivedAt],
        );
        // A token adds at most `hashQuotaPerDay` entries a (UTC) day; past it the report is kept and
        // its hashes are not listed. One counter row per token and day: O(1), and atomic under concurrency.
        let listed = hashes;
        if (hashQuotaPerDay !== undefined && hashes.length) {
          const [row] = await tx.all<{ used: number }>(
            `INSERT INTO hash_quota (token_id, day, used) VALUES (?, ?, ?)
             ON CONFLICT (token_id, day) DO UPDATE SET used = hash_quota.used + excluded.used RETURNING used`,
            [tokenId, receivedAt.slice(0, 10), hashes.length]);
          const over = (row?.used ?? 0) - hashQuotaPerDay;
          if (over > 0) listed = hashes.slice(0, Math.max(0, hashes.length - over));
        }
        if (listed.length) {
          await tx.run(`INSERT INTO hash_sources (algorithm, value, report_id) VALUES ${listed.map(() => '(?, ?, ?)').join(', ')}`,
            listed.flatMap((h) => [h.algorithm, h.value, report.id]));
        }
        // Last, so the lock is held only until the commit right after it.
        await lockHashList(tx);
        if (listed.length) {
          const values = listed.map(() => '(?, ?)').join(', ');
          const pairs = listed.flatMap((h) => [h.algorithm, h.value]);
          // An entry listed as deleted comes back under a new sequence number, so clients see it again.
          await tx.run(`DELETE FROM hash_list WHERE deleted = 1 AND (algorithm, value) IN (VALUES ${values})`, pairs);
          await tx.run(`INSERT INTO hash_list (algorithm, value) VALUES ${values} ON CONFLICT (algorithm, value) DO NOTHING`, pairs);
        }
        return { created: true };
      });
    },
    async reportState(id) {
      const row = await one<StateRow>(
        'SELECT id, token_id, status, received_at, updated_at, note, outcome FROM reports WHERE id = ?', [id]);
      return row && state(row);
    },
    async reportBody(id) {
      return (await one<{ body: string }>('SELECT body FROM reports WHERE id = ?', [id]))?.body;
    },
    updateStatus(u) {
      return db.transaction(async (tx) => {
        const changed = await tx.run(
          `UPDATE reports SET status = ?, updated_at = ?, note = COALESCE(?, note), outcome = COALESCE(?, outcome)
           WHERE id = ? AND status = ?`,
          [u.status, u.at, u.note ?? null, u.outcome ?? null, u.id, u.expected],
        );
        if (changed && RETRACTED.includes(u.status) && !RETRACTED.includes(u.expected)) await retractHashes(tx, u.id);
        return changed > 0;
      });
    },
    async listReports({ status, limit, after, before }) {
      const statusWhere = status ? 'WHERE status = ?' : '';
      const statusParams = status ? [status] : [];
      const total = (await one<{ n: number }>(`SELECT COUNT(*) AS n FROM reports ${statusWhere}`, statusParams))?.n ?? 0;
      const { sql, params, reversed } = reviewListQuery({ status, limit: limit + 1, after, before });
      const rows = await db.all<ReviewRow>(sql, params);
      const more = rows.length > limit;
      const page = rows.slice(0, limit);
      if (reversed) page.reverse();
      const items = page.map((r): ReportSummary => ({
        id: r.id, status: r.status, receivedAt: r.received_at, url: r.url, platform: r.platform,
        categories: categoriesOf(r.categories), threatToLife: r.threat_to_life === 1,
      }));
      // A page reached from a cursor has something on the side it came from.
      const hasNewer = before ? more : !!after;
      const hasOlder = before ? true : more;
      return {
        total,
        items,
        newer: hasNewer && items.length ? reviewCursor(items[0]!) : undefined,
        older: hasOlder && items.length ? reviewCursor(items[items.length - 1]!) : undefined,
      };
    },

    async hashesAfter(seq, limit, { deletions = false } = {}) {
      const rows = await db.all<{ seq: number; algorithm: string; value: string; deleted: number }>(
        `SELECT seq, algorithm, value, deleted FROM hash_list WHERE seq > ? ${deletions ? '' : 'AND deleted = 0'} ORDER BY seq LIMIT ?`,
        [seq, limit]);
      return rows.map((r) => ({ seq: r.seq, algorithm: r.algorithm, value: r.value, deleted: r.deleted === 1 }));
    },
    async backfillHashSources(entriesOf) {
      if (await one('SELECT value FROM meta WHERE key = ?', [BACKFILLED])) return 0;
      let read = 0;
      for (let after = ''; ;) {
        const page = await db.all<{ id: string; body: string }>('SELECT id, body FROM reports WHERE id > ? ORDER BY id LIMIT 500', [after]);
        if (!page.length) break;
        await db.transaction(async (tx) => {
          for (const { id, body } of page) {
            // Only entries the list holds: a source vouches for what was listed, nothing more.
            for (const { algorithm, value } of entriesOf(JSON.parse(body) as Report)) {
              await tx.run(
                `INSERT INTO hash_sources (algorithm, value, report_id) SELECT ?, ?, ?
                 WHERE EXISTS (SELECT 1 FROM hash_list WHERE algorithm = ? AND value = ? AND deleted = 0)
                 ON CONFLICT (algorithm, value, report_id) DO NOTHING`,
                [algorithm, value, id, algorithm, value]);
            }
          }
        });
        read += page.length;
        after = page[page.length - 1]!.id;
      }
      await db.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [BACKFILLED, new Date().toISOString()]);
      return read;
    },
    async pdqMedia() {
      const rows = await db.all<{ id: number; pdq: string; pdq_quality: number; group_id: string | null }>(
        'SELECT id, pdq, pdq_quality, group_id FROM media WHERE pdq IS NOT NULL ORDER BY id');
      return rows.map((r) => ({ mediaId: r.id, pdq: r.pdq, quality: r.pdq_quality, groupId: r.group_id }));
    },
    async setMediaGroups(groups) {
      if (!groups.length) return;
      await db.transaction(async (tx) => {
        for (const g of groups) await tx.run('UPDATE media SET group_id = ? WHERE id = ?', [g.groupId, g.mediaId]);
      });
    },

    async exportReports(filter, after, limit) {
      const { sql, params } = exportQuery(filter, after, limit);
      const rows = await db.all<{
        id: string; url: string; platform: Platform; status: EndpointStatus; received_at: string; categories: string;
        threat_to_life: number; entity: string | null; post_id: string | null; author: string | null; posted_at: string | null;
        state: RemovalState | null; removed_at: string | null; last_checked_at: string | null;
      }>(sql, params);
      const mediaOf = new Map<string, ExportReport['media']>();
      if (rows.length) {
        const media = await db.all<{ report_id: string; pdq: string | null; md5: string | null; sha256: string | null; group_id: string | null }>(
          `SELECT report_id, pdq, md5, sha256, group_id FROM media WHERE report_id IN (${placeholders(rows.length)}) ORDER BY id`,
          rows.map((r) => r.id));
        for (const m of media) {
          const list = mediaOf.get(m.report_id) ?? [];
          list.push({ pdq: m.pdq, md5: m.md5, sha256: m.sha256, groupId: m.group_id });
          mediaOf.set(m.report_id, list);
        }
      }
      return rows.map((r): ExportReport => ({
        id: r.id, url: r.url, platform: r.platform, status: r.status, receivedAt: r.received_at,
        categories: categoriesOf(r.categories), threatToLife: r.threat_to_life === 1, entity: r.entity,
        postId: r.post_id, author: r.author, postedAt: r.posted_at,
        removal: { state: r.state ?? 'pending', removedAt: r.removed_at, lastCheckedAt: r.last_checked_at },
        media: mediaOf.get(r.id) ?? [],
      }));
    },

    async dueUrlChecks(now, limit) {
      const rows = await db.all<CheckRow>(
        `SELECT url, platform, state, http_status, checks, last_checked_at, removed_at FROM url_checks
         WHERE next_check_at <= ? ORDER BY next_check_at, url LIMIT ?`, [now, limit]);
      return rows.map(check);
    },
    async recordUrlCheck(r) {
      // removed_at: when it was first seen gone; cleared if the content comes back.
      await db.run(
        `UPDATE url_checks SET state = ?, http_status = ?, checks = checks + 1, last_checked_at = ?, next_check_at = ?,
           removed_at = CASE WHEN ? = 'removed' THEN COALESCE(removed_at, ?) WHEN ? = 'online' THEN NULL ELSE removed_at END
         WHERE url = ?`,
        [r.state, r.httpStatus, r.checkedAt, r.nextCheckAt, r.state, r.checkedAt, r.state, r.url],
      );
    },
    async urlCheck(url) {
      const row = await one<CheckRow>(
        'SELECT url, platform, state, http_status, checks, last_checked_at, removed_at FROM url_checks WHERE url = ?', [url]);
      return row && check(row);
    },
  };
}

function hashValue(medium: MediaEntry, algorithm: 'md5' | 'sha256'): string | null {
  const hash = medium.hashes.find((h): h is Extract<MediaHash, { algorithm: typeof algorithm }> => h.algorithm === algorithm);
  return hash?.value ?? null;
}

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
    sql: `SELECT r.id, r.url, r.platform, r.status, r.received_at, r.categories, r.threat_to_life, r.entity, r.post_id,
           r.author, r.posted_at, c.state, c.removed_at, c.last_checked_at
         FROM reports r LEFT JOIN url_checks c ON c.url = r.url ${where} ORDER BY r.url, r.id LIMIT ?`,
    params: [...params, limit],
  };
}

type ReviewRow = { id: string; status: EndpointStatus; received_at: string; url: string; platform: Platform; categories: string; threat_to_life: number };

/** Where a reviewer's list page ends: threat to life, time received, id (the list's order). */
export function reviewCursor(item: Pick<ReportSummary, 'threatToLife' | 'receivedAt' | 'id'>): string {
  return `${item.threatToLife ? 1 : 0}_${item.receivedAt}_${item.id}`;
}

export function parseReviewCursor(cursor: string): [number, string, string] | undefined {
  const match = /^([01])_(\d{4}-\d\d-\d\dT[\d:.]+Z)_([0-9a-f-]{36})$/.exec(cursor);
  return match ? [Number(match[1]), match[2]!, match[3]!] : undefined;
}

/**
 * The reviewers' list, threat to life first, then newest, by keyset: a row-value comparison on the
 * list's own order, which the `reports_for_review` indexes answer by seeking. OFFSET would read and
 * throw away every row before the page. `before` reads backwards (ascending) and the caller reverses.
 */
export function reviewListQuery(q: { status?: EndpointStatus; limit: number; after?: string; before?: string }) {
  const clauses: string[] = [];
  const params: Param[] = [];
  if (q.status) clauses.push('status = ?'), params.push(q.status);
  const cursor = q.before ?? q.after;
  const key = cursor ? parseReviewCursor(cursor) : undefined;
  if (key) clauses.push(`(threat_to_life, received_at, id) ${q.before ? '>' : '<'} (?, ?, ?)`), params.push(...key);
  const direction = key && q.before ? 'ASC' : 'DESC';
  return {
    sql: `SELECT id, status, received_at, url, platform, categories, threat_to_life FROM reports
          ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
          ORDER BY threat_to_life ${direction}, received_at ${direction}, id ${direction} LIMIT ?`,
    params: [...params, q.limit],
    reversed: !!(key && q.before),
  };
}
