import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Driver, DriverEvents, Param } from './driver.ts';
import { checkpointInBackground, DEFAULT_WAL_LIMITS, type WalLimits } from './sqlite-checkpoint.ts';

/** Transactions committed together at most; bounds the wait of the last one in a batch. */
const MAX_BATCH = 64;

interface Pending {
  fn: (tx: Driver) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * `full` (the default): every COMMIT waits for the log to reach the disk, so a report that got its
 * 201 survives a power cut the next moment. Group commit makes that one fsync per batch, not per report.
 * `normal`: no fsync per commit, only at checkpoints. A crash of this process loses nothing (the
 * log is in the operating system's cache), but a power cut or kernel crash can lose the commits
 * since the last checkpoint, acknowledged ones included. Neither setting can corrupt the file.
 */
export type SqliteSynchronous = 'full' | 'normal';

export interface SqliteOptions {
  synchronous?: SqliteSynchronous;
  wal?: Partial<WalLimits>;
  events?: DriverEvents;
}

/**
 * better-sqlite3: synchronous, one connection.
 *
 * Group commit: a COMMIT (writing the WAL) costs more than the inserts before it, so transactions
 * that arrive while one is being written are queued and committed together, each in its own
 * SAVEPOINT (one failing rolls back only itself). Each caller still hears back only after the
 * COMMIT that made its work durable.
 *
 * While a batch runs, every other statement waits: a transaction awaits between its statements,
 * and on one connection anything run meanwhile would join (or be rolled back with) the batch.
 * So inside `fn`, use only the `tx` it is given; the outer driver would wait for the batch forever.
 */
export function openSqlite(path: string, options: SqliteOptions = {}): Driver {
  const inMemory = path === ':memory:';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  const limits = { ...DEFAULT_WAL_LIMITS, ...options.wal };
  // WAL: readers (the CLI, an export) never block the writer.
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${(options.synchronous ?? 'full').toUpperCase()}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma(`journal_size_limit = ${limits.journalSizeLimit}`);
  // The worker checkpoints; this only takes over if it falls far behind (see sqlite-checkpoint.ts).
  db.pragma(`wal_autocheckpoint = ${limits.autocheckpointPages}`);

  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  const all = <T>(sql: string, params: readonly Param[] = []): T[] => {
    const statement = prepare(sql);
    if (statement.reader) return statement.all(...params) as T[];
    statement.run(...params);
    return [];
  };
  const run = (sql: string, params: readonly Param[] = []) => prepare(sql).run(...params).changes;
  // Prepared once: parsing these on every transaction showed up in profiles.
  const control = (sql: string) => void prepare(sql).run();

  let busy: Promise<void> | null = null;
  const whenFree = async () => {
    while (busy) await busy;
  };
  const queue: Pending[] = [];
  // While the checkpointer restarts the log, no batch begins (see sqlite-checkpoint.ts).
  let hold: { promise: Promise<void>; release: () => void } | null = null;
  let restarted = false;
  const checkpoints = inMemory ? undefined : checkpointInBackground(path, limits, {
    async pause() {
      if (!hold) {
        let release!: () => void;
        hold = { promise: new Promise<void>((resolve) => (release = resolve)), release };
      }
      await whenFree();
    },
    resume() {
      const held = hold;
      hold = null;
      // The file shrinks when the next commit restarts the log: let that commit through unchecked.
      restarted = true;
      held?.release();
    },
    onError: options.events?.onError,
  });

  const tx: Driver = {
    dialect: 'sqlite',
    all: async (sql, params) => all(sql, params),
    run: async (sql, params) => run(sql, params),
    exec: async (sql) => void db.exec(sql),
    transaction: (fn) => fn(tx),
    ping: async () => undefined,
    close: async () => undefined,
  };

  // Backpressure that does not depend on the worker being scheduled: a batch that finds the log past
  // twice the restart bound waits for the restart (one stat per batch; the bound is in bytes).
  const walFile = `${path}-wal`;
  const hardLimitBytes = 2 * limits.restartPages * (Number(db.pragma('page_size', { simple: true })) + 24);
  const walTooLong = () => {
    try {
      return statSync(walFile).size > hardLimitBytes;
    } catch {
      return false;
    }
  };

  async function commitBatch(): Promise<void> {
    for (;;) {
      await whenFree();
      if (!hold && checkpoints && !restarted && walTooLong()) checkpoints.urge();
      if (!hold) break;
      await hold.promise;
    }
    restarted = false;
    const batch = queue.splice(0, MAX_BATCH);
    if (!batch.length) return;
    let release!: () => void;
    busy = new Promise((resolve) => (release = resolve));
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      control('BEGIN IMMEDIATE');
      for (const { fn } of batch) {
        control('SAVEPOINT one');
        try {
          outcomes.push({ ok: true, value: await fn(tx) });
          control('RELEASE one');
        } catch (error) {
          control('ROLLBACK TO one');
          control('RELEASE one');
          outcomes.push({ ok: false, value: error });
        }
      }
      control('COMMIT');
      batch.forEach((p, i) => (outcomes[i]!.ok ? p.resolve(outcomes[i]!.value) : p.reject(outcomes[i]!.value)));
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      for (const p of batch) p.reject(error);
    } finally {
      busy = null;
      release();
      if (queue.length) setImmediate(commitBatch);
    }
  }

  return {
    dialect: 'sqlite',
    location: inMemory ? undefined : { sqlitePath: path },
    async all(sql, params) {
      if (busy) await whenFree();
      return all(sql, params);
    },
    async run(sql, params) {
      if (busy) await whenFree();
      return run(sql, params);
    },
    async exec(sql) {
      if (busy) await whenFree();
      db.exec(sql);
    },
    transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        // The first in an empty queue schedules the batch; the rest arriving before it runs join it.
        if (queue.push({ fn, resolve: resolve as (value: unknown) => void, reject }) === 1) setImmediate(commitBatch);
      });
    },
    async ping() {
      if (busy) await whenFree();
      all('SELECT 1');
    },
    async close() {
      while (busy || queue.length) await (busy ?? new Promise((resolve) => setImmediate(resolve)));
      await checkpoints?.stop();
      db.close();
    },
  };
}
