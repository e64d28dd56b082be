import pg from 'pg';
import type { Driver, DriverEvents, Param, QueryOptions } from './driver.ts';
import { isDatabaseUnavailable } from './unavailable.ts';

// COUNT(*) and BIGINT ids arrive as strings by default; ours stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);

/** `?` → `$1, $2, …`: the shared SQL never has a `?` inside a literal. */
const numbered = new Map<string, string>();
function toPg(sql: string): string {
  let text = numbered.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, text);
  }
  return text;
}

/** Names of the statements prepared on each connection (QueryOptions.reuse), one per text. */
const prepared = new Map<string, string>();
function preparedName(sql: string): string {
  let name = prepared.get(sql);
  if (name === undefined) prepared.set(sql, (name = `flagpost_${prepared.size}`));
  return name;
}

type Queryable = pg.Pool | pg.PoolClient;

function bind(client: Queryable, inTransaction: boolean, pool: pg.Pool, connectionString: string): Driver {
  const driver: Driver = {
    dialect: 'postgres',
    location: { databaseUrl: connectionString },
    async all<T>(sql: string, params: readonly Param[] = [], options?: QueryOptions) {
      const values = params as Param[];
      const query = options?.reuse ? { name: preparedName(sql), text: toPg(sql), values } : { text: toPg(sql), values };
      return (await client.query(query)).rows as T[];
    },
    async run(sql, params = []) {
      return (await client.query(toPg(sql), params as Param[])).rowCount ?? 0;
    },
    async exec(sql) {
      await client.query(sql);
    },
    async transaction(fn) {
      if (inTransaction) return fn(driver);
      const connection = await pool.connect();
      // A connection that broke (or cannot even roll back) is destroyed, not handed to the next caller.
      let broken: Error | undefined;
      try {
        await connection.query('BEGIN');
        const result = await fn(bind(connection, true, pool, connectionString));
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        if (isDatabaseUnavailable(error)) broken = error as Error;
        await connection.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
        throw error;
      } finally {
        connection.release(broken);
      }
    },
    async ping() {
      await client.query('SELECT 1');
    },
    async close() {
      await pool.end();
    },
  };
  return driver;
}

/**
 * A pool that outlives its database. When PostgreSQL restarts, every connection gets an 'error'
 * event (57P01 "terminating connection due to administrator command", or "Connection terminated
 * unexpectedly"); an 'error' event nobody listens to ends the Node process. The pool listens for
 * idle clients, but a client checked out by a request is on its own: so every client gets a
 * listener as it connects. The query in flight still fails (the request answers 503), the broken
 * client is dropped, and the next query opens a new connection: no restart of ours is needed.
 */
export function openPostgres(connectionString: string, events: DriverEvents = {}, max = 10): Driver {
  const pool = new pg.Pool({
    connectionString,
    max,
    idleTimeoutMillis: 30_000,
    // While the database is down, a request waits this long for a connection, then answers 503.
    connectionTimeoutMillis: 5_000,
  });
  const report = (error: Error) => events.onError?.(error);
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
  return bind(pool, false, pool, connectionString);
}
