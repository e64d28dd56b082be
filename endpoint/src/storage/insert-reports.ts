import type { MediaEntry, MediaHash } from '../shared.ts';
import type { Driver, Param } from './driver.ts';
import { insertTmkSignatures } from './tmk.ts';
import type { InsertResult, NewReport } from './types.ts';

/** Parameters per statement at most: under SQLite's limit (32,766), and a batch's rows of a table are one statement. */
const MAX_PARAMS = 16_000;

/** The quota's count is spread over this many rows per token and day (see quotaShard). */
const QUOTA_SHARDS = 64;

/** A batch's quota row: any spread will do, and report ids are already random. */
function quotaShard(reportId: string): number {
  return parseInt(reportId.replace(/[^0-9a-f]/gi, '').slice(-4) || '0', 16) % QUOTA_SHARDS;
}

/** `;a;b;` lets `LIKE '%;a;%'` find one category the same way in both databases. */
const categoriesColumn = (list: readonly string[]) => `;${list.join(';')};`;

function hashValue(medium: MediaEntry, algorithm: 'md5' | 'sha256'): string | null {
  const hash = medium.hashes.find((h): h is Extract<MediaHash, { algorithm: typeof algorithm }> => h.algorithm === algorithm);
  return hash?.value ?? null;
}

/**
 * `INSERT INTO … VALUES (…), (…) <suffix>` for many rows, as few statements as the parameter limit
 * allows (a report has up to 50 media and 151 hash-list entries). Returns the rows of `RETURNING`.
 */
export async function insertRows<T>(tx: Driver, head: string, rows: Param[][], suffix = ''): Promise<T[]> {
  if (!rows.length) return [];
  const width = rows[0]!.length;
  const tuple = `(${Array.from({ length: width }, () => '?').join(', ')})`;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / width));
  const out: T[] = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    out.push(...(await tx.all<T>(`${head} VALUES ${chunk.map(() => tuple).join(', ')} ${suffix}`, chunk.flat())));
  }
  return out;
}

/** What a batch writes, table by table, the same for both databases. */
function rowsOf(batch: readonly NewReport[]) {
  // Key order (reports by id): two batches sharing a key (a client retrying on two processes) then
  // wait for each other in one order and never deadlock.
  const byId = [...batch].sort((a, b) => (a.report.id < b.report.id ? -1 : 1));
  return {
    byId,
    reports: byId.map(({ report, tokenId, bodySha256, receivedAt }) => {
      const { target, classification } = report;
      return {
        id: report.id, token_id: tokenId, body_sha256: bodySha256, received_at: receivedAt, url: target.url, platform: target.platform,
        categories: categoriesColumn(classification.tco), threat_to_life: classification.threatToLife ? 1 : 0,
        entity: classification.entity ?? null, post_id: target.postId ?? null, author: target.account?.handle ?? target.author?.handle ?? null,
        posted_at: target.postedAt ?? null,
        // Report 1.2: an account report says so; every older report is of a post.
        target_kind: target.kind ?? 'post',
      };
    }),
    // group_seq NULL: waiting for the next grouping pass (MediaGroups.sync); 0: never grouped.
    media: byId.flatMap(({ report, groupableRefs }) => report.media.map((medium) => {
      const pdq = medium.hashes.find((h) => h.algorithm === 'pdq');
      return {
        report_id: report.id, ref: medium.ref, kind: medium.kind, pdq: pdq?.value ?? null, pdq_quality: pdq?.quality ?? null,
        md5: hashValue(medium, 'md5'), sha256: hashValue(medium, 'sha256'), group_seq: pdq && groupableRefs.has(medium.ref) ? null : 0,
      };
    })),
    // In batch order (report id, then the entry's place in its report): the order the quota counts them in.
    hashes: byId.flatMap(({ report, tokenId, receivedAt, hashes, hashQuotaPerDay }) => hashes.map((h) => ({
      algorithm: h.algorithm, value: h.value, report_id: report.id, token_id: tokenId, day: receivedAt.slice(0, 10), quota: hashQuotaPerDay ?? null,
    }))),
    // TMK+PDQF signatures (storage/tmk.ts), waiting for a TMK grouping pass; in batch order, so ids
    // (the order a pass groups them in) follow it. Bytes as base64 for PostgreSQL's JSON input.
    tmk: byId.flatMap(({ report, tmk }) => (tmk ?? []).map((t) => ({
      report_id: report.id, position: t.position, ref: t.ref, sha256: t.sha256,
      level1: t.level1.toString('base64'), signature: t.bytes.toString('base64'),
    }))),
    /** The batch's quota row (see withinQuota). */
    shard: quotaShard(byId[0]!.report.id),
  };
}

type Existing = { id: string; token_id: string; body_sha256: string; received_at: string };

/** The batch's answers, in its order: created, or what was stored first under that id. */
async function answers(db: Driver, batch: readonly NewReport[], inserted: ReadonlySet<string>): Promise<InsertResult[]> {
  // Someone (maybe a concurrent request) stored these ids first: answer with what they stored.
  const taken = batch.filter((n) => !inserted.has(n.report.id)).map((n) => n.report.id);
  const existing = new Map<string, Existing>();
  if (taken.length) {
    const rows = await db.all<Existing>(`SELECT id, token_id, body_sha256, received_at FROM reports WHERE id IN (${taken.map(() => '?').join(', ')})`, taken);
    for (const r of rows) existing.set(r.id, r);
  }
  return batch.map(({ report }): InsertResult => {
    if (inserted.has(report.id)) return { created: true };
    const row = existing.get(report.id);
    if (!row) throw new Error('report vanished between insert and read');
    return { created: false, existing: { tokenId: row.token_id, bodySha256: row.body_sha256, receivedAt: row.received_at } };
  });
}

/**
 * The whole batch in one statement: on PostgreSQL, each statement is a round trip, and under load
 * each round trip waits for the database's process to be scheduled; one autocommitted statement is
 * one round trip, commit included, and as atomic as a transaction. Its text never changes (the
 * rows go as JSON), so it is prepared once per connection (QueryOptions.reuse). Data-modifying WITH clauses are
 * PostgreSQL's; SQLite (one in-process writer, no round trips) runs `insertReports` instead. The
 * quota rule is the same: a token's entries count in batch order, and one past its day's quota
 * is not listed (`ord`, `used`).
 */
const ONE_STATEMENT = `
WITH input AS (
  SELECT * FROM json_to_recordset(CAST(? AS json)) AS x(id text, token_id text, body_sha256 text, received_at text, url text,
    platform text, categories text, threat_to_life integer, entity text, post_id text, author text, posted_at text,
    target_kind text, body json)
), ins AS (
  INSERT INTO reports (id, token_id, body_sha256, received_at, status, updated_at, url, platform, categories, threat_to_life,
    entity, post_id, author, posted_at, body, target_kind)
  SELECT id, token_id, body_sha256, received_at, 'received', received_at, url, platform, categories, threat_to_life,
    entity, post_id, author, posted_at, CAST(body AS text), target_kind FROM input ORDER BY id
  ON CONFLICT (id) DO NOTHING RETURNING id
), media_rows AS (
  INSERT INTO media (report_id, ref, kind, pdq, pdq_quality, md5, sha256, group_seq)
  SELECT m.report_id, m.ref, m.kind, m.pdq, m.pdq_quality, m.md5, m.sha256, m.group_seq
  FROM ROWS FROM (json_to_recordset(CAST(? AS json)) AS (report_id text, ref text, kind text, pdq text, pdq_quality integer,
    md5 text, sha256 text, group_seq bigint)) WITH ORDINALITY AS m(report_id, ref, kind, pdq, pdq_quality, md5, sha256, group_seq, n)
  JOIN ins ON ins.id = m.report_id ORDER BY m.n
), tmk_rows AS (
  INSERT INTO tmk_signatures (report_id, position, ref, sha256, level1, signature)
  SELECT t.report_id, t.position, t.ref, t.sha256, decode(t.level1, 'base64'), decode(t.signature, 'base64')
  FROM ROWS FROM (json_to_recordset(CAST(? AS json)) AS (report_id text, position integer, ref text, sha256 text, level1 text,
    signature text)) WITH ORDINALITY AS t(report_id, position, ref, sha256, level1, signature, n)
  JOIN ins ON ins.id = t.report_id ORDER BY t.n
), url_rows AS (
  INSERT INTO url_checks (url, platform, state, checks, next_check_at)
  SELECT DISTINCT ON (i.url) i.url, i.platform, 'pending', 0, i.received_at FROM input i JOIN ins ON ins.id = i.id ORDER BY i.url
  ON CONFLICT (url) DO NOTHING
), hashes AS (
  SELECT h.algorithm, h.value, h.report_id, h.token_id, h.day, h.quota,
    ROW_NUMBER() OVER (PARTITION BY h.token_id, h.day ORDER BY h.n) AS ord
  FROM ROWS FROM (json_to_recordset(CAST(? AS json)) AS (algorithm text, value text, report_id text, token_id text, day text,
    quota bigint)) WITH ORDINALITY AS h(algorithm, value, report_id, token_id, day, quota, n)
  JOIN ins ON ins.id = h.report_id
), used AS (
  SELECT q.token_id, q.day, SUM(q.used) AS used FROM hash_quota_shards q
  WHERE (q.token_id, q.day) IN (SELECT token_id, day FROM hashes WHERE quota IS NOT NULL) GROUP BY q.token_id, q.day
), counted AS (
  INSERT INTO hash_quota_shards (token_id, day, shard, used)
  SELECT token_id, day, CAST(? AS integer), COUNT(*) FROM hashes WHERE quota IS NOT NULL GROUP BY token_id, day ORDER BY token_id, day
  ON CONFLICT (token_id, day, shard) DO UPDATE SET used = hash_quota_shards.used + excluded.used
), listed AS (
  SELECT h.algorithm, h.value, h.report_id FROM hashes h LEFT JOIN used u ON u.token_id = h.token_id AND u.day = h.day
  WHERE h.quota IS NULL OR COALESCE(u.used, 0) + h.ord <= h.quota
), sources AS (
  INSERT INTO hash_sources (algorithm, value, report_id) SELECT algorithm, value, report_id FROM listed
), dirty AS (
  INSERT INTO hash_dirty (algorithm, value) SELECT algorithm, value FROM listed
)
SELECT id FROM ins`;

/**
 * Stores a batch of reports (the group commit of batches.ts), atomically; results in the batch's
 * order. The ids must be distinct (a repeated id waits for the next batch). Each report, alone or
 * in a batch, is stored as before: its row (or, if its id exists, what was stored under it), its
 * media, its TMK+PDQF signatures, its URL for the removal check, and its hash-list entries within
 * its token's quota.
 * PostgreSQL: one statement outside any transaction. SQLite: `db` may be a transaction's.
 */
export async function insertReports(db: Driver, batch: readonly NewReport[]): Promise<InsertResult[]> {
  const rows = rowsOf(batch);
  if (db.dialect === 'postgres') {
    // The body as JSON inside the rows' JSON, not as a string in it: not escaped a second time here
    // and unescaped there. A `json` value's text is kept as written: the column gets the very text
    // of JSON.stringify(report).
    const reports = rows.reports.map((r, i) => ({ ...r, body: rows.byId[i]!.report }));
    const inserted = await db.all<{ id: string }>(ONE_STATEMENT,
      [JSON.stringify(reports), JSON.stringify(rows.media), JSON.stringify(rows.tmk), JSON.stringify(rows.hashes), rows.shard], { reuse: true });
    // A new statement, a new snapshot: it sees an id a concurrent request committed meanwhile.
    return answers(db, batch, new Set(inserted.map((r) => r.id)));
  }
  return db.transaction(async (tx) => {
    const columns = Object.keys(rows.reports[0]!);
    const inserted = new Set((await insertRows<{ id: string }>(tx,
      `INSERT INTO reports (${columns.join(', ')}, body, status, updated_at)`,
      rows.reports.map((r, i) => [...Object.values(r), JSON.stringify(rows.byId[i]!.report), 'received', r.received_at]),
      'ON CONFLICT (id) DO NOTHING RETURNING id')).map((r) => r.id));
    const created = <T extends { report_id: string }>(list: T[]) => list.filter((r) => inserted.has(r.report_id));
    const media = created(rows.media);
    if (media.length) {
      await insertRows(tx, `INSERT INTO media (${Object.keys(media[0]!).join(', ')})`, media.map((m) => Object.values(m)));
    }
    // The signatures in the same transaction: a report that got its 201 has them.
    for (const { report, tmk } of rows.byId) if (tmk?.length && inserted.has(report.id)) await insertTmkSignatures(tx, report.id, tmk);
    const urls = new Map(rows.reports.filter((r) => inserted.has(r.id)).map((r) => [r.url, [r.url, r.platform, 'pending', 0, r.received_at]]));
    await insertRows(tx, 'INSERT INTO url_checks (url, platform, state, checks, next_check_at)',
      [...urls.keys()].sort().map((url) => urls.get(url)!), 'ON CONFLICT (url) DO NOTHING');
    const listed = await withinQuota(tx, created(rows.hashes), rows.shard);
    await insertRows(tx, 'INSERT INTO hash_sources (algorithm, value, report_id)', listed.map((h) => [h.algorithm, h.value, h.report_id]));
    // No lock and no sequence number here: publishHashes (sql-storage.ts) lists them in commit order.
    await insertRows(tx, 'INSERT INTO hash_dirty (algorithm, value)', listed.map((h) => [h.algorithm, h.value]));
    return answers(tx, batch, inserted);
  });
}

type HashRow = ReturnType<typeof rowsOf>['hashes'][number];

/**
 * The hash-list entries of the created reports that are listed. A token adds at most its quota of
 * entries a (UTC) day; past it a report is kept and its hashes are not listed (the first ones are,
 * up to the quota). One quota row per token and day for the whole batch, picked among a few
 * shards: a row stays locked until the commit, and one row per token made that token's reports
 * commit one at a time. Batches committing at the same moment may each see the others' counts a
 * little late, so the quota can be overshot by what is in flight, never more.
 */
async function withinQuota(tx: Driver, hashes: HashRow[], shard: number): Promise<HashRow[]> {
  const counted = new Map<string, HashRow[]>();
  for (const h of hashes) if (h.quota !== null) counted.set(`${h.token_id}\n${h.day}`, [...(counted.get(`${h.token_id}\n${h.day}`) ?? []), h]);
  if (!counted.size) return hashes;
  const keys = [...counted.keys()].sort().map((key) => key.split('\n') as [string, string]);
  const where = keys.map(() => '(token_id = ? AND day = ?)').join(' OR ');
  const used = new Map((await tx.all<{ token_id: string; day: string; used: number }>(
    `SELECT token_id, day, SUM(used) AS used FROM hash_quota_shards WHERE ${where} GROUP BY token_id, day`, keys.flat()))
    .map((u) => [`${u.token_id}\n${u.day}`, Number(u.used)]));
  await insertRows(tx, 'INSERT INTO hash_quota_shards (token_id, day, shard, used)',
    keys.map(([tokenId, day]) => [tokenId, day, shard, counted.get(`${tokenId}\n${day}`)!.length]),
    'ON CONFLICT (token_id, day, shard) DO UPDATE SET used = hash_quota_shards.used + excluded.used');
  const ord = new Map<string, number>();
  return hashes.filter((h) => {
    if (h.quota === null) return true;
    const key = `${h.token_id}\n${h.day}`;
    ord.set(key, (ord.get(key) ?? 0) + 1);
    return (used.get(key) ?? 0) + ord.get(key)! <= h.quota;
  });
}
