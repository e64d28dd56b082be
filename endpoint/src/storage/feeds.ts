import type { Driver } from './driver.ts';
import { RETRACTED } from './types.ts';

/**
 * Reads behind the industry's formats (issue 19: HMA, TCAP, ThreatExchange) and the per-report
 * export. No tables of their own: hash times come from the reports that vouch for an entry
 * (hash_sources), URL records from url_checks and the reports of each URL.
 */

/** What the reports that vouch for one hash-list entry say about it. */
export interface HashProvenance {
  /** When the first report with it was received. */
  createdAt: string;
  /** The last change of any report with it (its receipt, or a status change such as a withdrawal). */
  updatedAt: string;
  /**
   * The kinds of media that carried it (a video's MD5 is HMA's and ThreatExchange's video MD5): in the reports that
   * still vouch for it; when none does (a deletion), in all of them, so the deletion names the kind it was listed as.
   */
  kinds: string[];
}

export interface UrlRecord {
  url: string;
  platform: string;
  state: string;
  lastCheckedAt: string | null;
  removedAt: string | null;
  firstReportedAt: string;
  /** The group the most recent report that named one named. */
  entity: string | null;
}

export interface ReportDetails {
  body: string;
  note: string | null;
  outcome: string | null;
}

export interface FeedStore {
  /** Provenance of these hash-list keys (`algorithm:value`); a key no report vouches for is absent. */
  provenance(keys: readonly { algorithm: string; value: string }[]): Promise<Map<string, HashProvenance>>;
  /** Hash-list entries (media hashes, not URLs) listed after `seq`: deleted ones too. */
  mediaEntriesAfter(seq: number): Promise<number>;
  /** URLs that a live report (not withdrawn, not rejected) still names, by URL after `after`. */
  liveUrls(after: string, limit: number): Promise<UrlRecord[]>;
  /** The stored body, note and outcome of these reports. */
  reportDetails(ids: readonly string[]): Promise<Map<string, ReportDetails>>;
}

export const provenanceKey = (k: { algorithm: string; value: string }) => `${k.algorithm}:${k.value}`;

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** The hash column of `media` for each hash-list algorithm that names a medium's hash. */
const MEDIA_COLUMN = "CASE s.algorithm WHEN 'pdq' THEN m.pdq WHEN 'md5' THEN m.md5 WHEN 'sha256' THEN m.sha256 END";

/** Keys per statement: far below both databases' parameter limits. */
const CHUNK = 400;

/** Index seeks only: hash_sources by its (algorithm, value) key, each source's media by report. One row per key and media kind. */
function provenanceRows(db: Driver, keys: readonly { algorithm: string; value: string }[]) {
  return db.all<{ algorithm: string; value: string; created: string; updated: string; kind: string | null; live: number }>(
    `SELECT s.algorithm, s.value, MIN(r.received_at) AS created, MAX(r.updated_at) AS updated, m.kind,
       CASE WHEN r.status IN (${RETRACTED.map(() => '?').join(', ')}) THEN 0 ELSE 1 END AS live
     FROM hash_sources s JOIN reports r ON r.id = s.report_id
     LEFT JOIN media m ON m.report_id = s.report_id AND ${MEDIA_COLUMN} = s.value
     WHERE (s.algorithm, s.value) IN (VALUES ${keys.map(() => '(?, ?)').join(', ')})
     GROUP BY s.algorithm, s.value, m.kind, live`,
    [...RETRACTED, ...keys.flatMap((k) => [k.algorithm, k.value])]);
}

export function feedStore(db: Driver): FeedStore {
  return {
    async provenance(keys) {
      const out = new Map<string, HashProvenance & { liveKinds: string[] }>();
      for (let i = 0; i < keys.length; i += CHUNK) {
        for (const row of await provenanceRows(db, keys.slice(i, i + CHUNK))) {
          const key = provenanceKey(row);
          const known = out.get(key) ?? { createdAt: row.created, updatedAt: row.updated, kinds: [], liveKinds: [] };
          known.createdAt = row.created < known.createdAt ? row.created : known.createdAt;
          known.updatedAt = row.updated > known.updatedAt ? row.updated : known.updatedAt;
          if (row.kind) (Number(row.live) ? known.liveKinds : known.kinds).push(row.kind);
          out.set(key, known);
        }
      }
      // A withdrawn report that called the file a video must not keep a live image's MD5 listed as a video's.
      return new Map([...out].map(([key, { liveKinds, kinds, ...dates }]) => [key, { ...dates, kinds: liveKinds.length ? liveKinds : kinds }]));
    },
    async mediaEntriesAfter(seq) {
      const [row] = await db.all<{ n: number }>("SELECT COUNT(*) AS n FROM hash_list WHERE seq > ? AND algorithm <> 'url_sha256'", [seq]);
      return Number(row?.n ?? 0);
    },
    async liveUrls(after, limit) {
      // One seek in url_checks' key, then index lookups in reports_by_url for each URL of the page. The date and
      // the group are the live reports' too: a withdrawn or rejected report vouches for nothing it said.
      const live = `r.url = c.url AND r.status NOT IN (${RETRACTED.map(() => '?').join(', ')})`;
      const rows = await db.all<{
        url: string; platform: string; state: string; last_checked_at: string | null; removed_at: string | null;
        first: string; entity: string | null;
      }>(
        `SELECT c.url, c.platform, c.state, c.last_checked_at, c.removed_at,
           (SELECT MIN(r.received_at) FROM reports r WHERE ${live}) AS first,
           (SELECT r.entity FROM reports r WHERE ${live} AND r.entity IS NOT NULL AND r.entity <> ''
            ORDER BY r.received_at DESC, r.id DESC LIMIT 1) AS entity
         FROM url_checks c
         WHERE c.url > ? AND EXISTS (SELECT 1 FROM reports r WHERE ${live})
         ORDER BY c.url LIMIT ?`, [...RETRACTED, ...RETRACTED, after, ...RETRACTED, limit]);
      return rows.map((r) => ({
        url: r.url, platform: r.platform, state: r.state, lastCheckedAt: r.last_checked_at, removedAt: r.removed_at,
        firstReportedAt: r.first, entity: r.entity,
      }));
    },
    async reportDetails(ids) {
      if (!ids.length) return new Map();
      const rows = await db.all<{ id: string; body: string; note: string | null; outcome: string | null }>(
        `SELECT id, body, note, outcome FROM reports WHERE id IN (${placeholders(ids.length)})`, [...ids]);
      return new Map(rows.map((r) => [r.id, { body: r.body, note: r.note, outcome: r.outcome }]));
    },
  };
}
