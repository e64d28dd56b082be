import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * Fills a migrated database with `count` reports at once, in SQL, for the scale bench and the
 * large-export test: far faster than posting them (minutes for 1,000,000, against hours through
 * HTTP), and the rows are those intake writes. Each report (id, status `received`,
 * one second apart from 2026-01-01) has its own URL on x.com and one image with PDQ, MD5 and
 * SHA-256, so the hash list gets 4 entries a report (its URL's SHA-256 and the three hashes),
 * each with its source and listed once. The image is left out of media grouping (`group_seq` 0):
 * grouping is measured apart (bench/pdq-lookup.ts). Hex values come from md5()/sha256() of the row
 * number on PostgreSQL and randomblob() on SQLite.
 */
export interface SeedTarget {
  databaseUrl?: string;
  sqlitePath?: string;
  /** An existing token (the reports' reporter). */
  tokenId: string;
  count: number;
}

/** The sources are written here: nothing for the endpoint's one-time backfill to read (the bodies are `{}`). */
const BACKFILLED = "INSERT INTO meta (key, value) VALUES ('hash_sources_backfilled', 'seeded') ON CONFLICT (key) DO NOTHING";

/** The rows to add, one a report: row number, id, hashes, URL, time received; made by each database's own functions. */
const SEED_TABLE = {
  postgres: (n: string) => `CREATE TEMP TABLE seed AS SELECT i, md5('r' || i) AS h, md5('p' || i) || md5('q' || i) AS pdq, md5('m' || i) AS md5,
     encode(sha256(('s' || i)::bytea), 'hex') AS sha256, encode(sha256(('https://x.com/seed/status/' || i)::bytea), 'hex') AS url_sha256,
     'https://x.com/seed/status/' || i AS url, to_char(timestamp '2026-01-01' + i * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
   FROM generate_series(1, ${n}) AS i`,
  sqlite: (n: string) => `CREATE TEMP TABLE seed AS WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ${n})
   SELECT i, lower(hex(randomblob(16))) AS h, lower(hex(randomblob(32))) AS pdq, lower(hex(randomblob(16))) AS md5,
     lower(hex(randomblob(32))) AS sha256, lower(hex(randomblob(32))) AS url_sha256, 'https://x.com/seed/status/' || i AS url,
     strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || i || ' seconds') AS at FROM k`,
};

/** Everything else, the same SQL for both databases. */
const statements = (dialect: keyof typeof SEED_TABLE, n: string, token: string) => [
  SEED_TABLE[dialect](n),
  // The ids look like the UUIDs (v4) clients send.
  `UPDATE seed SET h = substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8' || substr(h, 18, 3) || '-' || substr(h, 21, 12)`,
  `INSERT INTO reports (id, token_id, body_sha256, received_at, status, updated_at, url, platform, categories, threat_to_life, body)
   SELECT h, ${token}, md5, at, 'received', at, url, 'x', ';propaganda;', 0, '{}' FROM seed ORDER BY i`,
  `INSERT INTO media (report_id, ref, kind, pdq, pdq_quality, md5, sha256, group_seq)
   SELECT h, 'm1', 'image', pdq, 100, md5, sha256, 0 FROM seed ORDER BY i`,
  `INSERT INTO url_checks (url, platform, state, checks, next_check_at) SELECT url, 'x', 'pending', 0, '2099-01-01T00:00:00.000Z' FROM seed`,
  `CREATE TEMP TABLE seed_hashes AS
   SELECT i, 1 AS k, 'url_sha256' AS algorithm, url_sha256 AS value, h FROM seed
   UNION ALL SELECT i, 2, 'pdq', pdq, h FROM seed UNION ALL SELECT i, 3, 'md5', md5, h FROM seed UNION ALL SELECT i, 4, 'sha256', sha256, h FROM seed`,
  'INSERT INTO hash_sources (algorithm, value, report_id) SELECT algorithm, value, h FROM seed_hashes',
  'INSERT INTO hash_list (algorithm, value, deleted) SELECT algorithm, value, 0 FROM seed_hashes ORDER BY i, k',
  'DROP TABLE seed_hashes',
  'DROP TABLE seed',
  BACKFILLED,
];

/** Seeds the reports; returns the seconds it took. */
export async function seedReports(target: SeedTarget): Promise<number> {
  const start = performance.now();
  const n = String(Math.floor(target.count));
  const token = `'${target.tokenId.replace(/'/g, "''")}'`;
  if (target.databaseUrl) {
    const client = new pg.Client({ connectionString: target.databaseUrl });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL synchronous_commit = off');
      for (const sql of statements('postgres', n, token)) await client.query(sql);
      await client.query('COMMIT');
      await client.query('ANALYZE');
    } finally {
      await client.end();
    }
  } else {
    const db = new Database(target.sqlitePath!);
    try {
      db.pragma('busy_timeout = 60000');
      db.transaction(() => statements('sqlite', n, token).forEach((sql) => db.exec(sql)))();
      db.exec('ANALYZE');
      // The seed went to the write-ahead log: into the file now, or the endpoint's first writes would wait for it.
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
  }
  return (performance.now() - start) / 1000;
}
