import { serialKey, type Driver } from './driver.ts';

/**
 * TMK+PDQF signatures (issue 17), in tables of their own:
 *
 * - tmk_signatures: one row per medium that carried a `.tmk`, with the file as sent (for the
 *   researchers' export, byte for byte) and its level-1 vector apart (the prefilter scores
 *   candidates on 1 KB, not 263 KB). `group_id` NULL: waiting for a grouping pass. `group_seq`
 *   numbers the assignments in commit order (given under the grouping lock): a pass that decided
 *   outside the lock commits only if the highest is still the one it read (core/tmk-groups.ts).
 * - tmk_buckets: the level-1 bucket keys of every grouped signature (core/tmk-buckets.ts), keyed
 *   (bucket, signature_id) so that "the newest rows of this bucket" is one index seek.
 */
export function tmkDdl(dialect: Driver['dialect']): string {
  const serial = serialKey(dialect);
  const blob = dialect === 'sqlite' ? 'BLOB' : 'BYTEA';
  return `
CREATE TABLE IF NOT EXISTS tmk_signatures (
  id ${serial},
  report_id TEXT NOT NULL REFERENCES reports(id),
  position INTEGER NOT NULL,
  ref TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  level1 ${blob} NOT NULL,
  signature ${blob} NOT NULL,
  group_id TEXT,
  group_seq BIGINT,
  UNIQUE (report_id, position)
);
CREATE INDEX IF NOT EXISTS tmk_by_group_seq ON tmk_signatures (group_seq);
CREATE INDEX IF NOT EXISTS tmk_by_sha256 ON tmk_signatures (sha256);
CREATE INDEX IF NOT EXISTS tmk_by_group ON tmk_signatures (group_id, id);
CREATE INDEX IF NOT EXISTS tmk_waiting ON tmk_signatures (id) WHERE group_id IS NULL;
CREATE TABLE IF NOT EXISTS tmk_buckets (
  bucket INTEGER NOT NULL,
  signature_id BIGINT NOT NULL REFERENCES tmk_signatures(id),
  PRIMARY KEY (bucket, signature_id)
);
`;
}

/** What intake stores for one medium (core/tmk-intake.ts checked it). */
export interface NewTmkSignature {
  /** Index of the medium in the report (refs are not promised unique). */
  position: number;
  ref: string;
  sha256: string;
  /** The pure-average feature: little-endian float32, as in the file. */
  level1: Buffer;
  bytes: Buffer;
}

/**
 * Inside the report's insert transaction on SQLite (storage/insert-reports.ts; PostgreSQL writes
 * them in its batch's one statement there): a report that got its 201 has its signatures.
 */
export async function insertTmkSignatures(tx: Driver, reportId: string, signatures: readonly NewTmkSignature[]): Promise<void> {
  for (const s of signatures) {
    await tx.run('INSERT INTO tmk_signatures (report_id, position, ref, sha256, level1, signature) VALUES (?, ?, ?, ?, ?, ?)',
      [reportId, s.position, s.ref, s.sha256, s.level1, s.bytes]);
  }
}

export const level1FromBytes = (bytes: Uint8Array): Float32Array => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getFloat32(4 * i, true));
};

export interface WaitingTmk {
  id: number;
  sha256: string;
  level1: Float32Array;
  bytes: Buffer;
}

export interface TmkCandidate {
  id: number;
  groupId: string;
  level1: Float32Array;
}

/** The reads of a grouping pass, outside any transaction or inside one (core/tmk-groups.ts decides). */
export interface TmkReader {
  /** The highest group_seq given: it changes whenever any process groups anything. */
  watermark(): Promise<number>;
  waiting(limit: number): Promise<WaitingTmk[]>;
  /** The group of a grouped signature with exactly these bytes, if any. */
  groupOfSameBytes(sha256: string): Promise<string | undefined>;
  /** Ids in each bucket, at most `perBucket` newest per bucket: an id appears once per bucket it shares. */
  bucketNeighbours(keys: readonly number[], perBucket: number): Promise<number[]>;
  level1Of(ids: readonly number[]): Promise<TmkCandidate[]>;
  bytesOf(id: number): Promise<Buffer | undefined>;
}

/** A grouping pass's transaction, under the lock: its reads and the writes. */
export interface TmkPass extends TmkReader {
  /** Gives the group and the next group_seq; `keys` are indexed (none for a copy of bytes already indexed). */
  assign(id: number, groupId: string, keys: readonly number[]): Promise<void>;
}

export interface TmkMember {
  id: number;
  reportId: string;
  position: number;
  ref: string;
  groupId: string | null;
}

export interface TmkStore {
  /** Reads outside any transaction: a pass decides there, with no lock held while it computes scores. */
  readonly reader: TmkReader;
  /** One grouping transaction, under a lock that every process on the database shares. */
  groupPass<T>(fn: (pass: TmkPass) => Promise<T>): Promise<T>;
  /** The signatures of these reports (no bytes), in report order given, then position. */
  ofReports(reportIds: readonly string[]): Promise<TmkMember[]>;
  /** Other members of a group, newest first, and how many there are in all. */
  groupMembers(groupId: string, exceptId: number, limit: number): Promise<{ members: TmkMember[]; total: number }>;
  bytes(id: number): Promise<Buffer | undefined>;
}

/** Any constant (the other advisory locks are in sql-storage.ts and schema.ts). */
const TMK_GROUPS_LOCK = 0x466c616a;

type MemberRow = { id: number; report_id: string; position: number; ref: string; group_id: string | null };
const member = (r: MemberRow): TmkMember => ({ id: Number(r.id), reportId: r.report_id, position: r.position, ref: r.ref, groupId: r.group_id });
const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const asBuffer = (value: Uint8Array) => (Buffer.isBuffer(value) ? value : Buffer.from(value));

function reader(db: Driver): TmkReader {
  return {
    async watermark() {
      const [row] = await db.all<{ seq: number | null }>('SELECT MAX(group_seq) AS seq FROM tmk_signatures', []);
      return Number(row?.seq ?? 0);
    },
    async waiting(limit) {
      const rows = await db.all<{ id: number; sha256: string; level1: Uint8Array; signature: Uint8Array }>(
        'SELECT id, sha256, level1, signature FROM tmk_signatures WHERE group_id IS NULL ORDER BY id LIMIT ?', [limit]);
      return rows.map((r) => ({ id: Number(r.id), sha256: r.sha256, level1: level1FromBytes(r.level1), bytes: asBuffer(r.signature) }));
    },
    async groupOfSameBytes(sha256) {
      const [row] = await db.all<{ group_id: string }>(
        'SELECT group_id FROM tmk_signatures WHERE sha256 = ? AND group_id IS NOT NULL LIMIT 1', [sha256]);
      return row?.group_id;
    },
    async bucketNeighbours(keys, perBucket) {
      if (!keys.length) return [];
      const { sql, params } = bucketNeighboursQuery(keys, perBucket);
      return (await db.all<{ signature_id: number }>(sql, params)).map((r) => Number(r.signature_id));
    },
    async level1Of(ids) {
      if (!ids.length) return [];
      const rows = await db.all<{ id: number; group_id: string; level1: Uint8Array }>(
        `SELECT id, group_id, level1 FROM tmk_signatures WHERE id IN (${placeholders(ids.length)})`, [...ids]);
      return rows.map((r) => ({ id: Number(r.id), groupId: r.group_id, level1: level1FromBytes(r.level1) }));
    },
    bytesOf: (id) => bytesOf(db, id),
  };
}

function pass(tx: Driver): TmkPass {
  const reads = reader(tx);
  return {
    ...reads,
    async assign(id, groupId, keys) {
      const seq = (await reads.watermark()) + 1;
      await tx.run('UPDATE tmk_signatures SET group_id = ?, group_seq = ? WHERE id = ?', [groupId, seq, id]);
      if (keys.length) {
        await tx.run(`INSERT INTO tmk_buckets (bucket, signature_id) VALUES ${keys.map(() => '(?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
          keys.flatMap((key) => [key, id]));
      }
    },
  };
}

/** One seek per bucket in the (bucket, signature_id) key, each bounded by its LIMIT (tests/tmk.test.ts checks the plan). */
export function bucketNeighboursQuery(keys: readonly number[], perBucket: number) {
  return {
    sql: keys.map((_, i) =>
      `SELECT signature_id FROM (SELECT signature_id FROM tmk_buckets WHERE bucket = ? ORDER BY signature_id DESC LIMIT ?) AS b${i}`).join(' UNION ALL '),
    params: keys.flatMap((key) => [key, perBucket]),
  };
}

async function bytesOf(db: Driver, id: number): Promise<Buffer | undefined> {
  const [row] = await db.all<{ signature: Uint8Array }>('SELECT signature FROM tmk_signatures WHERE id = ?', [id]);
  return row && asBuffer(row.signature);
}

export function tmkStore(db: Driver): TmkStore {
  return {
    reader: reader(db),
    groupPass(fn) {
      return db.transaction(async (tx) => {
        if (tx.dialect === 'postgres') await tx.all('SELECT pg_advisory_xact_lock(?)', [TMK_GROUPS_LOCK]);
        return fn(pass(tx));
      });
    },
    async ofReports(reportIds) {
      if (!reportIds.length) return [];
      const rows = await db.all<MemberRow>(
        `SELECT id, report_id, position, ref, group_id FROM tmk_signatures WHERE report_id IN (${placeholders(reportIds.length)}) ORDER BY id`,
        [...reportIds]);
      const order = new Map(reportIds.map((id, i) => [id, i]));
      return rows.map(member).sort((a, b) => order.get(a.reportId)! - order.get(b.reportId)! || a.position - b.position);
    },
    async groupMembers(groupId, exceptId, limit) {
      const rows = await db.all<MemberRow>(
        'SELECT id, report_id, position, ref, group_id FROM tmk_signatures WHERE group_id = ? AND id <> ? ORDER BY id DESC LIMIT ?',
        [groupId, exceptId, limit]);
      const [count] = await db.all<{ n: number }>('SELECT COUNT(*) AS n FROM tmk_signatures WHERE group_id = ? AND id <> ?', [groupId, exceptId]);
      return { members: rows.map(member), total: Number(count?.n ?? 0) };
    },
    bytes: (id) => bytesOf(db, id),
  };
}
