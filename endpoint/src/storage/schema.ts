import { serialKey, type Driver } from './driver.ts';
import { auditDdl } from './audit.ts';
import { forwardingsDdl } from './forwardings.ts';
import { tmkDdl } from './tmk.ts';
import { urlCheckHistoryDdl, workspaceIndexes } from './review-queries.ts';

/**
 * One schema for both databases. Times are RFC 3339 UTC text (`toISOString()`), which sorts as
 * text; booleans are 0/1. The two dialect differences are spelled out below.
 */
function ddl(dialect: Driver['dialect']): string {
  const serial = serialKey(dialect);
  // The export groups rows by URL in ORDER BY order: byte order, whatever the server's locale.
  const key = dialect === 'sqlite' ? 'TEXT' : 'TEXT COLLATE "C"';
  // Not written to PostgreSQL's log: no disk flush per request, and a crash only empties it.
  const unlogged = dialect === 'sqlite' ? '' : 'UNLOGGED';
  return `
CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  secret_sha256 TEXT NOT NULL UNIQUE,
  reviewer INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS reports (
  id TEXT PRIMARY KEY,
  token_id TEXT NOT NULL REFERENCES tokens(id),
  body_sha256 TEXT NOT NULL,
  received_at TEXT NOT NULL,
  status TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  note TEXT,
  outcome TEXT,
  url ${key} NOT NULL,
  platform TEXT NOT NULL,
  categories TEXT NOT NULL,
  threat_to_life INTEGER NOT NULL,
  entity TEXT,
  post_id TEXT,
  author TEXT,
  posted_at TEXT,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reports_by_url ON reports (url, id);
CREATE INDEX IF NOT EXISTS reports_by_received ON reports (received_at);
CREATE INDEX IF NOT EXISTS reports_for_review ON reports (threat_to_life, received_at, id);
CREATE INDEX IF NOT EXISTS reports_for_review_by_status ON reports (status, threat_to_life, received_at, id);
CREATE TABLE IF NOT EXISTS media (
  id ${serial},
  report_id TEXT NOT NULL REFERENCES reports(id),
  ref TEXT NOT NULL,
  kind TEXT NOT NULL,
  pdq TEXT,
  pdq_quality INTEGER,
  md5 TEXT,
  sha256 TEXT,
  group_id TEXT
);
CREATE INDEX IF NOT EXISTS media_by_report ON media (report_id);
CREATE TABLE IF NOT EXISTS hash_list (
  seq ${serial},
  algorithm TEXT NOT NULL,
  value TEXT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  UNIQUE (algorithm, value)
);
-- Which reports vouch for each entry: an entry whose reports were all withdrawn or rejected is
-- listed as deleted. A database from before this table gets its sources from the stored reports
-- once, at the next start (Storage.backfillHashSources).
CREATE TABLE IF NOT EXISTS hash_sources (
  algorithm TEXT NOT NULL,
  value TEXT NOT NULL,
  report_id TEXT NOT NULL REFERENCES reports(id),
  PRIMARY KEY (algorithm, value, report_id)
);
-- One-time jobs done on this database (e.g. 'hash_sources_backfilled').
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
-- Hash-list entries each token asked for, per UTC day (FLAGPOST_HASH_QUOTA_PER_DAY), in a few
-- shards: one row per token and day was locked by each report until its commit, so one token's
-- reports committed one at a time. (hash_quota, the one-row table before it, is no longer read.)
CREATE TABLE IF NOT EXISTS hash_quota_shards (
  token_id TEXT NOT NULL,
  day TEXT NOT NULL,
  shard INTEGER NOT NULL,
  used INTEGER NOT NULL,
  PRIMARY KEY (token_id, day, shard)
);
-- Hash-list keys whose state may have changed, for the next publish (sql-storage.ts publishHashes).
CREATE TABLE IF NOT EXISTS hash_dirty (
  algorithm TEXT NOT NULL,
  value TEXT NOT NULL
);
-- Token buckets of the rate limits when several processes share the database (http/rate-limit.ts).
-- A bucket lost in a crash only gives its client a fresh burst.
CREATE ${unlogged} TABLE IF NOT EXISTS rate_buckets (
  key TEXT PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  at BIGINT NOT NULL,
  ok INTEGER NOT NULL
);
-- Reviewer sessions: the SHA-256 of the cookie's id (review/sessions.ts).
CREATE TABLE IF NOT EXISTS review_sessions (
  id_sha256 TEXT PRIMARY KEY,
  token_id TEXT NOT NULL,
  csrf TEXT NOT NULL,
  expires BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS url_checks (
  url ${key} PRIMARY KEY,
  platform TEXT NOT NULL,
  state TEXT NOT NULL,
  http_status INTEGER,
  checks INTEGER NOT NULL,
  last_checked_at TEXT,
  removed_at TEXT,
  next_check_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS url_checks_due ON url_checks (next_check_at);
`;
}

/** Columns added after a database may have been made: added where missing. */
const ADDED_COLUMNS = [
  { table: 'hash_list', column: 'deleted', type: 'INTEGER NOT NULL DEFAULT 0' },
  // Order of grouping passes (sql-storage.ts groupMedia); NULL: waiting for one, 0: not grouped.
  // Media from before it wait for the first pass, which keeps the groups they have.
  { table: 'media', column: 'group_seq', type: 'BIGINT' },
  // reporter, reviewer or admin (issue 19); tokens from before it get theirs from `reviewer` below.
  { table: 'tokens', column: 'role', type: 'TEXT' },
  // Report 1.2: 'account' for a report of a whole account; every report before it was of a post.
  { table: 'reports', column: 'target_kind', type: "TEXT NOT NULL DEFAULT 'post'" },
  // The accounts page's create form that made the token, if any (routes/review-accounts.ts); unique below.
  { table: 'tokens', column: 'form_nonce', type: 'TEXT' },
];

async function addColumns(driver: Driver): Promise<void> {
  for (const { table, column, type } of ADDED_COLUMNS) {
    if (driver.dialect === 'postgres') {
      await driver.exec(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column} ${type}`);
      continue;
    }
    const columns = await driver.all<{ name: string }>(`SELECT name FROM pragma_table_info('${table}')`);
    if (!columns.some((c) => c.name === column)) await driver.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
  }
}

/** Any constant: processes started together on one PostgreSQL database migrate one at a time. */
const MIGRATION_LOCK = 0x466c6169;

export async function migrate(driver: Driver): Promise<void> {
  await driver.transaction(async (tx) => {
    // CREATE TABLE IF NOT EXISTS run concurrently can still fail on PostgreSQL's catalog.
    if (tx.dialect === 'postgres') await tx.all('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
    // The tables first (a new database), then what older ones lack, then the indexes on them.
    await tx.exec(ddl(tx.dialect));
    await tx.exec(tmkDdl(tx.dialect));
    await tx.exec(auditDdl(tx.dialect));
    await tx.exec(forwardingsDdl(tx.dialect));
    await tx.exec(urlCheckHistoryDdl(tx.dialect));
    await addColumns(tx);
    await tx.exec(`UPDATE tokens SET role = CASE WHEN reviewer = 1 THEN 'reviewer' ELSE 'reporter' END WHERE role IS NULL`);
    await tx.exec(`CREATE INDEX IF NOT EXISTS media_by_group_seq ON media (group_seq);
CREATE INDEX IF NOT EXISTS media_ungrouped ON media (id) WHERE group_seq IS NULL`);
    await tx.exec(workspaceIndexes);
    // One token per create form, whichever process gets a re-post; NULLs (CLI, API, older forms) never clash.
    await tx.exec('CREATE UNIQUE INDEX IF NOT EXISTS tokens_by_form_nonce ON tokens (form_nonce)');
    // Read only when a report was retracted, which now names its entries itself (StatusUpdate.hashEntries):
    // four index entries a report fewer at intake.
    await tx.exec('DROP INDEX IF EXISTS hash_sources_by_report');
  });
}
