import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Driver, Param } from './driver.ts';
import { checkpointInBackground } from './sqlite-checkpoint.ts';

/** Transactions committed together at most; bounds the wait of the last one in a batch. */
const MAX_BATCH = 64;

interface Pending {
  fn: (tx: Driver) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
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
export function openSqlite(path: string): Driver {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // WAL: readers (the CLI, an export) never block the writer. NORMAL: durable at checkpoints,
  // no fsync per commit — a crash can lose the last commits, never corrupt the file.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const stopCheckpoints = path === ':memory:' ? async () => undefined : checkpointInBackground(path);
  if (path !== ':memory:') db.pragma('wal_autocheckpoint = 0');

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

  const tx: Driver = {
    dialect: 'sqlite',
    all: async (sql, params) => all(sql, params),
    run: async (sql, params) => run(sql, params),
    exec: async (sql) => void db.exec(sql),
    transaction: (fn) => fn(tx),
    close: async () => undefined,
  };

  async function commitBatch(): Promise<void> {
    await whenFree();
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
    async close() {
      while (busy || queue.length) await (busy ?? new Promise((resolve) => setImmediate(resolve)));
      await stopCheckpoints();
      db.close();
    },
  };
}
