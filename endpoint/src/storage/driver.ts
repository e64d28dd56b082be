/**
 * The narrow waist between the shared SQL (sql-storage.ts) and a database. SQLite and PostgreSQL
 * each implement it once; every query is written once, with `?` placeholders, for both.
 */
/** Uint8Array: a BLOB (SQLite) or BYTEA (PostgreSQL); pass a Buffer. */
export type Param = string | number | null | Uint8Array;

/** Where another connection finds the same data: the export's worker thread opens its own (export/in-worker.ts). */
export type DatabaseLocation = { databaseUrl: string } | { sqlitePath: string };

export interface QueryOptions {
  /**
   * A statement run for many requests, whose text never changes (values go in parameters): PostgreSQL
   * parses and plans it once per connection, not at every run. Planning intake's one statement per
   * batch cost more of PostgreSQL's time than running it. (SQLite keeps every statement prepared.)
   */
  reuse?: boolean;
}

export interface Driver {
  readonly dialect: 'sqlite' | 'postgres';
  /** Undefined for a database only this connection sees (SQLite in memory). */
  readonly location?: DatabaseLocation;
  /** Rows of a query (an INSERT … RETURNING too). */
  all<T>(sql: string, params?: readonly Param[], options?: QueryOptions): Promise<T[]>;
  /** Number of rows changed. */
  run(sql: string, params?: readonly Param[]): Promise<number>;
  /** Several `;`-separated statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** `fn` sees a driver bound to one transaction; it commits when `fn` resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T>;
  /** Resolves when the database answers a trivial query; rejects when it cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** An auto-numbered primary key column, as each database writes it (every table with an `id` of its own). */
export function serialKey(dialect: Driver['dialect']): string {
  return dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY';
}

export interface DriverEvents {
  /** A connection failed outside any request (the database restarted, the network dropped): for the log. */
  onError?(error: Error): void;
}
