/**
 * The narrow waist between the shared SQL (sql-storage.ts) and a database. SQLite and PostgreSQL
 * each implement it once; every query is written once, with `?` placeholders, for both.
 */
export type Param = string | number | null;

export interface Driver {
  readonly dialect: 'sqlite' | 'postgres';
  /** Rows of a query (an INSERT … RETURNING too). */
  all<T>(sql: string, params?: readonly Param[]): Promise<T[]>;
  /** Number of rows changed. */
  run(sql: string, params?: readonly Param[]): Promise<number>;
  /** Several `;`-separated statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** `fn` sees a driver bound to one transaction; it commits when `fn` resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
