import type { Driver } from './driver.ts';

/**
 * One schema for both databases. Times are RFC 3339 UTC text (`toISOString()`), which sorts as
 * text; booleans are 0/1. The two dialect differences are spelled out below.
 */
function ddl(dialect: Driver['dialect']): string {
  const serial = dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY';
  // The export groups rows by URL in ORDER BY order: byte order, whatever the server's locale.
  const key = dialect === 'sqlite' ? 'TEXT' : 'TEXT COLLATE "C"';
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
CREATE INDEX IF NOT EXISTS hash_sources_by_report ON hash_sources (report_id);
-- One-time jobs done on this database (e.g. 'hash_sources_backfilled').
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
-- Hash-list entries each token asked for, per UTC day (FLAGPOST_HASH_QUOTA_PER_DAY).
CREATE TABLE IF NOT EXISTS hash_quota (
  token_id TEXT NOT NULL,
  day TEXT NOT NULL,
  used INTEGER NOT NULL,
  PRIMARY KEY (token_id, day)
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
async function addColumns(driver: Driver): Promise<void> {
  if (driver.dialect === 'postgres') {
    await driver.exec('ALTER TABLE hash_list ADD COLUMN IF NOT EXISTS deleted INTEGER NOT NULL DEFAULT 0');
    return;
  }
  const columns = await driver.all<{ name: string }>("SELECT name FROM pragma_table_info('hash_list')");
  if (!columns.some((c) => c.name === 'deleted')) await driver.exec('ALTER TABLE hash_list ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0');
}

export async function migrate(driver: Driver): Promise<void> {
  // The table first (a new database), then what older ones lack, then indexes and the rest.
  await driver.exec(ddl(driver.dialect));
  await addColumns(driver);
}
