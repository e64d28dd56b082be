import type { EndpointStatus, Platform, Report, TcoCategory } from '../shared.ts';
import type { FeedStore } from './feeds.ts';
import type { AuditActor, AuditStore } from './audit.ts';
import type { ForwardingStore } from './forwardings.ts';
import type { MeasureStore } from './measures.ts';
import type { ReportPage, ReviewStore } from './review-queries.ts';
import type { NewTmkSignature, TmkStore } from './tmk.ts';
import type { DatabaseLocation } from './driver.ts';

/** The reviewers' list's records live with the review store's reads; importers find them here too. */
export type { ReportPage, ReportSummary } from './review-queries.ts';

/** reporter: sends reports; reviewer: the /review pages; admin: a reviewer who also manages accounts. */
export type TokenRole = 'reporter' | 'reviewer' | 'admin';

export interface TokenRecord {
  id: string;
  name: string;
  /** Reviewer or admin: may use the reviewer pages and APIs (kept beside `role`, which says which). */
  reviewer: boolean;
  role: TokenRole;
  createdAt: string;
  revokedAt: string | null;
}

export interface NewToken extends Omit<TokenRecord, 'revokedAt'> {
  secretSha256: string;
  /** The accounts page's create form that asked for it (one token per form). */
  formNonce?: string;
}

export interface NewReport {
  report: Report;
  tokenId: string;
  bodySha256: string;
  receivedAt: string;
  /** Hash-list entries this report adds (`url_sha256`, good-quality PDQ, MD5, SHA-256). */
  hashes: { algorithm: string; value: string }[];
  /** At most this many entries a token adds in 24 hours; beyond it a report's hashes are not listed. */
  hashQuotaPerDay?: number;
  /**
   * Refs of the media whose PDQ may join a near-duplicate group (core/pdq-checks.ts). They wait for
   * the next grouping pass (groupMedia), which runs after the commit: grouping inside the insert's
   * transaction needed a lock held until every report's commit.
   */
  groupableRefs: ReadonlySet<string>;
  /** TMK+PDQF signatures (core/tmk-intake.ts), stored in the same transaction, grouped after it. */
  tmk?: readonly NewTmkSignature[];
}

export type InsertResult =
  | { created: true }
  | { created: false; existing: { tokenId: string; bodySha256: string; receivedAt: string } };

export interface ReportState {
  id: string;
  tokenId: string;
  status: EndpointStatus;
  receivedAt: string;
  updatedAt: string;
  note: string | null;
  outcome: string | null;
}

/** A report in these statuses no longer vouches for its hashes. */
export const RETRACTED: readonly EndpointStatus[] = ['withdrawn', 'rejected'];

export interface StatusUpdate {
  id: string;
  /** Compare-and-set: the update happens only while the report still has this status. */
  expected: EndpointStatus;
  status: EndpointStatus;
  /** `undefined` keeps the current value. */
  note?: string;
  outcome?: string;
  at: string;
  /** Who made the change: written to the audit log in the change's transaction. */
  actor?: AuditActor;
  /**
   * When the change retracts the report (into RETRACTED from outside it): its hash-list entries, by the intake's
   * rule, looked at again at the next publish, in the change's transaction. Required then: the sources table has
   * no index by report (intake writes four fewer index entries a report for it).
   */
  hashEntries?: readonly { algorithm: string; value: string }[];
}

export interface PdqMedia {
  mediaId: number;
  /** The medium's ref in its report (known while the report is being inserted). */
  ref?: string;
  pdq: string;
  quality: number;
  groupId: string | null;
}

export interface HashItem {
  seq: number;
  algorithm: string;
  value: string;
  /** No live report vouches for it any more (every report that had it was withdrawn or rejected). */
  deleted: boolean;
}

export interface ExportFilter {
  since?: string;
  until?: string;
  platform?: Platform;
  category?: TcoCategory;
  status?: EndpointStatus;
}

export type RemovalState = 'pending' | 'online' | 'removed' | 'unknown' | 'not_checked';

export interface UrlCheck {
  url: string;
  platform: Platform;
  state: RemovalState;
  httpStatus: number | null;
  checks: number;
  lastCheckedAt: string | null;
  removedAt: string | null;
}

export interface CheckResult {
  url: string;
  state: RemovalState;
  httpStatus: number | null;
  checkedAt: string;
  nextCheckAt: string;
}

/** One report as the export reads it: its own columns, its media, and its URL's removal status. */
export interface ExportReport {
  id: string;
  url: string;
  platform: Platform;
  status: EndpointStatus;
  receivedAt: string;
  categories: TcoCategory[];
  threatToLife: boolean;
  entity: string | null;
  postId: string | null;
  author: string | null;
  postedAt: string | null;
  removal: Pick<UrlCheck, 'state' | 'removedAt' | 'lastCheckedAt'>;
  media: { pdq: string | null; md5: string | null; sha256: string | null; groupId: string | null }[];
}

/** Everything the endpoint keeps. One interface; SQLite and PostgreSQL behind it (sql-storage.ts). */
export interface Storage {
  readonly dialect: 'sqlite' | 'postgres';
  /** Where another connection (the export's worker) finds this database; undefined for SQLite in memory. */
  readonly location?: DatabaseLocation;
  /** TMK+PDQF signatures and their groups (storage/tmk.ts). */
  readonly tmk: TmkStore;
  /** Reads behind the industry's formats and the per-report export (storage/feeds.ts). */
  readonly feeds: FeedStore;
  /** Who changed what, when and why (storage/audit.ts). */
  readonly audit: AuditStore;
  /** When, how and by whom items were forwarded (storage/forwardings.ts). */
  readonly forwardings: ForwardingStore;
  /** The aggregates behind the dashboard, the Art. 22 report and the transparency page (storage/measures.ts). */
  readonly measures: MeasureStore;
  /** The review workspace's search, groups and item history (storage/review-queries.ts). */
  readonly review: ReviewStore;
  close(): Promise<void>;
  /** Resolves when the database answers; rejects while it cannot be reached (GET /readyz). */
  ping(): Promise<void>;

  /** False, and nothing stored, when a token was already made by the same `formNonce`. */
  createToken(token: NewToken): Promise<boolean>;
  tokenBySecret(secretSha256: string): Promise<TokenRecord | undefined>;
  tokenById(id: string): Promise<TokenRecord | undefined>;
  listTokens(): Promise<TokenRecord[]>;
  revokeToken(id: string, at: string): Promise<boolean>;

  /** Atomic: a second insert of the same id (even concurrent) never makes a second record. */
  insertReport(report: NewReport): Promise<InsertResult>;
  reportState(id: string): Promise<ReportState | undefined>;
  reportBody(id: string): Promise<string | undefined>;
  /** false when the report no longer has `expected` status (someone else changed it). */
  updateStatus(update: StatusUpdate): Promise<boolean>;
  /** The reviewers' list, by keyset: `after`/`before` are the `older`/`newer` cursors of a page. */
  listReports(query: { status?: EndpointStatus; limit: number; after?: string; before?: string }): Promise<ReportPage>;

  /** The hash list after `seq`; deletions only when asked for (clients that know them). */
  hashesAfter(seq: number, limit: number, options?: { deletions?: boolean }): Promise<HashItem[]>;
  /**
   * Once per database: records the sources of entries listed before sources were kept, from the
   * stored reports (`entriesOf` is the intake's rule). Returns the number of reports read.
   */
  backfillHashSources(entriesOf: (report: Report) => { algorithm: string; value: string }[]): Promise<number>;
  pdqMedia(): Promise<PdqMedia[]>;
  /**
   * One grouping pass, under a lock shared by every process: `assign` gets the media grouped since
   * `afterSeq` (by any process) to learn, and the media waiting for a group, and returns their
   * groups. Returns the sequence number to pass next time.
   */
  groupMedia(afterSeq: number, assign: (known: PdqMedia[], pending: PdqMedia[]) => { mediaId: number; groupId: string }[]): Promise<number>;

  /** Reports ordered by (url, id), after the given key: the export reads them page by page. */
  exportReports(filter: ExportFilter, after: { url: string; id: string } | null, limit: number): Promise<ExportReport[]>;

  /**
   * Up to `count` requests from a token bucket (`burst` at once, refilled at `perMinute`), shared by
   * every process on the database: `granted` of them may go (the first ones asked). `tokens`: what
   * is left after them.
   */
  takeRateTokens(key: string, count: number, perMinute: number, burst: number, nowMs: number): Promise<{ granted: number; tokens: number }>;
  /**
   * What an API request needs, in one statement on PostgreSQL (one round trip, not two in turn): the
   * token with this secret (revoked or not) and, only when it is active, `count` requests taken
   * from its bucket `keyPrefix + token id` as takeRateTokens does. `granted` and `tokens` are 0 when
   * nothing was taken.
   */
  tokenAndRateTokens(secretSha256: string, keyPrefix: string, count: number, perMinute: number, burst: number, nowMs: number):
    Promise<{ token: TokenRecord | undefined; granted: number; tokens: number }>;
  /** Forgets buckets untouched since `beforeMs` (they are full again: forgetting one changes nothing). */
  pruneRateBuckets(beforeMs: number): Promise<number>;
  /** Reviewer sessions by the SHA-256 of their cookie; expired ones are never returned. */
  createSession(idSha256: string, session: { tokenId: string; csrf: string; expires: number }, nowMs: number): Promise<void>;
  session(idSha256: string, nowMs: number): Promise<{ tokenId: string; csrf: string; expires: number } | undefined>;
  deleteSession(idSha256: string): Promise<void>;

  dueUrlChecks(now: string, limit: number): Promise<UrlCheck[]>;
  recordUrlCheck(result: CheckResult): Promise<void>;
  urlCheck(url: string): Promise<UrlCheck | undefined>;
}
