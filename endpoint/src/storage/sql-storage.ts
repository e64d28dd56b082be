import type { EndpointStatus, Platform, Report, TcoCategory } from '../shared.ts';
import type { Driver, Param, QueryOptions } from './driver.ts';
import { Batches, KeyedBatches } from './batches.ts';
import { feedStore } from './feeds.ts';
import { insertReports, insertRows } from './insert-reports.ts';
import { migrate } from './schema.ts';
import { tmkStore } from './tmk.ts';
import { auditStore, insertAudit } from './audit.ts';
import { measureStore } from './measures.ts';
import { forwardingStore } from './forwardings.ts';
import { isDatabaseUnavailable } from './unavailable.ts';
import { readExportPage } from './export-page.ts';
import { takeStatement, tokenAndTakeStatement } from './rate-buckets.ts';
import { parseReviewCursor, reviewCursor } from './review-cursor.ts';
import { recordCheckHistory, reviewStore } from './review-queries.ts';
import {
  RETRACTED,
  type ExportFilter, type ExportReport, type InsertResult, type NewReport, type PdqMedia, type RemovalState, type ReportState,
  type ReportSummary, type Storage, type TokenRecord, type TokenRole, type UrlCheck,
} from './types.ts';

export { parseReviewCursor, reviewCursor };

/**
 * Any constants: PostgreSQL advisory locks, each held by one short transaction at a time across
 * every process on the database (SQLite has one writer anyway). Intake takes neither: it only
 * appends rows that these transactions then publish in order.
 */
const HASH_LIST_LOCK = 0x466c6167;
const MEDIA_GROUPS_LOCK = 0x466c6168;

async function advisoryLock(tx: Driver, key: number): Promise<void> {
  if (tx.dialect === 'postgres') await tx.all('SELECT pg_advisory_xact_lock(?)', [key]);
}

/**
 * Reports written in one transaction at most, and PostgreSQL transactions of reports in flight at
 * once (of the pool's connections). Two, not four: with four, 32 requests in flight made batches of
 * about three, a statement each; two gave larger batches, less CPU per report on both sides and no
 * worse latency (docs/benchmarks.md, issue 15's second pass).
 */
const MAX_BATCH_REPORTS = 64;
const POSTGRES_BATCH_SLOTS = 2;

/** meta key: hash_sources holds the sources of every entry, old ones included. */
const BACKFILLED = 'hash_sources_backfilled';

/** Rows per statement when publishing or grouping: far below both databases' parameter limits. */
const PUBLISH_CHUNK = 400;

/**
 * Moves changed hash-list keys (hash_dirty) into hash_list, under the hash-list lock so that
 * sequence numbers commit in the order they are given: a client syncing from its cursor never
 * skips one that commits late. Each key's state is read from the source of truth (a live report
 * vouches for it, or none does), not from the order the changes came in, so concurrent adds and
 * withdrawals of one hash converge whatever order they committed in. A change committed after
 * this transaction's DELETE stays in hash_dirty for the next one.
 *
 * Why not take this lock in the intake transaction, as before: held until COMMIT, it made every
 * report's commit (its WAL flush) wait for the previous one, across all processes.
 */
async function publishHashes(tx: Driver): Promise<void> {
  await advisoryLock(tx, HASH_LIST_LOCK);
  const dirty = await tx.all<{ algorithm: string; value: string }>('DELETE FROM hash_dirty RETURNING algorithm, value');
  const keys = [...new Map(dirty.map((d) => [`${d.algorithm}:${d.value}`, d])).values()];
  for (let i = 0; i < keys.length; i += PUBLISH_CHUNK) {
    const chunk = keys.slice(i, i + PUBLISH_CHUNK);
    const values = chunk.map(() => '(?, ?)').join(', ');
    const pairs = chunk.flatMap((k) => [k.algorithm, k.value]);
    const live = new Set((await tx.all<{ algorithm: string; value: string }>(
      `SELECT DISTINCT s.algorithm, s.value FROM hash_sources s JOIN reports r ON r.id = s.report_id
       WHERE (s.algorithm, s.value) IN (VALUES ${values}) AND r.status NOT IN (${placeholders(RETRACTED.length)})`,
      [...pairs, ...RETRACTED])).map((k) => `${k.algorithm}:${k.value}`));
    const listed = new Map((await tx.all<{ algorithm: string; value: string; deleted: number }>(
      `SELECT algorithm, value, deleted FROM hash_list WHERE (algorithm, value) IN (VALUES ${values})`, pairs))
      .map((k) => [`${k.algorithm}:${k.value}`, k.deleted]));
    // Listed again under a new sequence number when its state changed, so syncing clients see it;
    // a key never listed and vouched for by nobody stays unlisted.
    const changed = chunk
      .map((k) => ({ ...k, deleted: live.has(`${k.algorithm}:${k.value}`) ? 0 : 1, was: listed.get(`${k.algorithm}:${k.value}`) }))
      .filter((k) => (k.was === undefined ? k.deleted === 0 : k.was !== k.deleted));
    if (!changed.length) continue;
    const changedValues = changed.map(() => '(?, ?)').join(', ');
    const changedPairs = changed.flatMap((k) => [k.algorithm, k.value]);
    await tx.run(`DELETE FROM hash_list WHERE (algorithm, value) IN (VALUES ${changedValues})`, changedPairs);
    await tx.run(`INSERT INTO hash_list (algorithm, value, deleted) VALUES ${changed.map(() => '(?, ?, ?)').join(', ')}`,
      changed.flatMap((k) => [k.algorithm, k.value, k.deleted]));
  }
}

type TokenRow = { id: string; name: string; reviewer: number; role: TokenRole | null; created_at: string; revoked_at: string | null };
const token = (row: TokenRow): TokenRecord => ({
  id: row.id, name: row.name, reviewer: row.reviewer === 1, role: row.role ?? (row.reviewer === 1 ? 'reviewer' : 'reporter'),
  createdAt: row.created_at, revokedAt: row.revoked_at,
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

const categoriesOf = (column: string) => column.split(';').filter(Boolean) as TcoCategory[];

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

export async function sqlStorage(db: Driver): Promise<Storage> {
  await migrate(db);
  const one = async <T>(sql: string, params: Param[], options?: QueryOptions) => (await db.all<T>(sql, params, options))[0];
  // Reports arriving together are stored together (batches.ts). SQLite has one writer, whose driver
  // already commits queued transactions together; PostgreSQL writes a few batches at once.
  const intake = new Batches<NewReport, InsertResult>((batch) => insertReports(db, batch), {
    slots: db.dialect === 'postgres' ? POSTGRES_BATCH_SLOTS : 1,
    max: MAX_BATCH_REPORTS,
    key: (n) => n.report.id,
    retryAlone: (error) => !isDatabaseUnavailable(error),
  });
  // Every API request looks its token up: those arriving together with one token share one read.
  const tokenLookups = new KeyedBatches<void, TokenRecord | undefined>(async (secretSha256, requests) => {
    const row = await one<TokenRow>('SELECT * FROM tokens WHERE secret_sha256 = ?', [secretSha256], { reuse: true });
    return requests.map(() => row && token(row));
  });

  const takeRateTokens = async (key: string, count: number, perMinute: number, burst: number, nowMs: number) => {
    const { sql, params } = takeStatement(key, { count, perMinute, burst, nowMs });
    const row = await one<{ tokens: number; ok: number }>(sql, params, { reuse: true });
    return { granted: Number(row!.ok), tokens: Number(row!.tokens) };
  };

  return {
    dialect: db.dialect,
    location: db.location,
    tmk: tmkStore(db),
    feeds: feedStore(db),
    audit: auditStore(db),
    forwardings: forwardingStore(db),
    measures: measureStore(db),
    review: reviewStore(db),
    async close() {
      await intake.drained();
      await db.close();
    },
    ping: () => db.ping(),

    async createToken(t) {
      const inserted = await db.run(`INSERT INTO tokens (id, name, secret_sha256, reviewer, role, created_at, form_nonce) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (form_nonce) DO NOTHING`, [t.id, t.name, t.secretSha256, t.role === 'reporter' ? 0 : 1, t.role, t.createdAt, t.formNonce ?? null]);
      return inserted > 0;
    },
    tokenBySecret(secretSha256) {
      return tokenLookups.add(secretSha256, undefined);
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

    insertReport(report) {
      return intake.add(report);
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
        // Its hashes are looked at again: those no other live report vouches for are listed as deletions.
        if (changed && RETRACTED.includes(u.status) && !RETRACTED.includes(u.expected)) {
          if (!u.hashEntries) throw new Error('updateStatus: a retracting change needs the report\'s hashEntries');
          await insertRows(tx, 'INSERT INTO hash_dirty (algorithm, value)', u.hashEntries.map((h) => [h.algorithm, h.value]));
        }
        if (changed && u.actor) {
          const why = [u.note && `note: ${u.note}`, u.outcome && `outcome: ${u.outcome}`].filter(Boolean).join('\n');
          await insertAudit(tx, {
            reportId: u.id, at: u.at, actor: u.actor, action: u.status === u.expected ? 'note' : 'status',
            fromStatus: u.expected, toStatus: u.status, ...(why ? { detail: why } : {}),
          });
        }
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
      // Whatever was committed before this request is listed first; nothing to do is one cheap read.
      if (await one('SELECT 1 AS pending FROM hash_dirty LIMIT 1', [])) await db.transaction(publishHashes);
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
    groupMedia(afterSeq, assign) {
      return db.transaction(async (tx) => {
        await advisoryLock(tx, MEDIA_GROUPS_LOCK);
        // Grouped by other processes since this one last looked (group_seq is given under the lock,
        // so it grows in commit order and `> afterSeq` misses none), and the media waiting, in one read.
        const rows = await tx.all<{ id: number; pdq: string; pdq_quality: number; group_id: string | null; group_seq: number | null }>(
          `SELECT id, pdq, pdq_quality, group_id, group_seq FROM media
           WHERE group_seq > ? OR (group_seq IS NULL AND pdq IS NOT NULL) ORDER BY group_seq, id`, [afterSeq], { reuse: true });
        const known = rows.filter((r) => r.group_seq !== null);
        const pending = rows.filter((r) => r.group_seq === null);
        const toMedia = (r: { id: number; pdq: string; pdq_quality: number; group_id: string | null }): PdqMedia =>
          ({ mediaId: r.id, pdq: r.pdq, quality: r.pdq_quality, groupId: r.group_id });
        const groups = new Map(assign(known.map(toMedia), pending.map(toMedia)).map((g) => [g.mediaId, g.groupId]));
        // Every row numbered above afterSeq is in `known`: the last of them is the highest number.
        let seq = known.length ? known[known.length - 1]!.group_seq! : afterSeq;
        if (pending.length) {
          // One statement a chunk: the lock is held across as few round trips as possible.
          for (let i = 0; i < pending.length; i += PUBLISH_CHUNK) {
            const chunk = pending.slice(i, i + PUBLISH_CHUNK);
            await tx.run(
              // VALUES columns are column1… in both databases (SQLite takes no column aliases here).
              `UPDATE media SET group_id = COALESCE(v.column2, media.group_id), group_seq = v.column3
               FROM (VALUES ${chunk.map(() => '(CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS BIGINT))').join(', ')}) AS v
               WHERE media.id = v.column1`,
              chunk.flatMap((m) => [m.id, groups.get(m.id) ?? null, ++seq]));
          }
        }
        return seq;
      });
    },

    exportReports(filter, after, limit) {
      return readExportPage(db, filter, after, limit);
    },

    takeRateTokens,
    async tokenAndRateTokens(secretSha256, keyPrefix, count, perMinute, burst, nowMs) {
      const take = { count, perMinute, burst, nowMs };
      if (db.dialect === 'sqlite') {
        // One process, no round trips: the two reads apart, the same answer.
        const row = await one<TokenRow>('SELECT * FROM tokens WHERE secret_sha256 = ?', [secretSha256]);
        if (!row || row.revoked_at) return { token: row && token(row), granted: 0, tokens: 0 };
        return { token: token(row), ...(await takeRateTokens(`${keyPrefix}${row.id}`, count, perMinute, burst, nowMs)) };
      }
      const { sql, params } = tokenAndTakeStatement(secretSha256, keyPrefix, take);
      const row = await one<TokenRow & { bucket_tokens: number | null; bucket_ok: number | null }>(sql, params, { reuse: true });
      return { token: row && token(row), granted: Number(row?.bucket_ok ?? 0), tokens: Number(row?.bucket_tokens ?? 0) };
    },
    pruneRateBuckets(beforeMs) {
      return db.run('DELETE FROM rate_buckets WHERE at < ?', [beforeMs]);
    },
    async createSession(idSha256, s, nowMs) {
      // Logins are rare (and rate-limited): the expired sessions go then.
      await db.run('DELETE FROM review_sessions WHERE expires <= ?', [nowMs]);
      await db.run('INSERT INTO review_sessions (id_sha256, token_id, csrf, expires) VALUES (?, ?, ?, ?)', [idSha256, s.tokenId, s.csrf, s.expires]);
    },
    async session(idSha256, nowMs) {
      const row = await one<{ token_id: string; csrf: string; expires: number }>(
        'SELECT token_id, csrf, expires FROM review_sessions WHERE id_sha256 = ? AND expires > ?', [idSha256, nowMs]);
      return row && { tokenId: row.token_id, csrf: row.csrf, expires: Number(row.expires) };
    },
    async deleteSession(idSha256) {
      await db.run('DELETE FROM review_sessions WHERE id_sha256 = ?', [idSha256]);
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
      await recordCheckHistory(db, r);
    },
    async urlCheck(url) {
      const row = await one<CheckRow>(
        'SELECT url, platform, state, http_status, checks, last_checked_at, removed_at FROM url_checks WHERE url = ?', [url]);
      return row && check(row);
    },
  };
}

type ReviewRow = { id: string; status: EndpointStatus; received_at: string; url: string; platform: Platform; categories: string; threat_to_life: number };

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
