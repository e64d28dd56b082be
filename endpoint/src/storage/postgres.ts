import pg from 'pg';
import type { Driver, Param } from './driver.ts';

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

type Queryable = pg.Pool | pg.PoolClient;

function bind(client: Queryable, inTransaction: boolean, pool: pg.Pool): Driver {
  const driver: Driver = {
    dialect: 'postgres',
    async all<T>(sql: string, params: readonly Param[] = []) {
      return (await client.query(toPg(sql), params as Param[])).rows as T[];
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
      try {
        await connection.query('BEGIN');
        const result = await fn(bind(connection, true, pool));
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        connection.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
  return driver;
}

export function openPostgres(connectionString: string, max = 10): Driver {
  const pool = new pg.Pool({ connectionString, max, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return bind(pool, false, pool);
}
