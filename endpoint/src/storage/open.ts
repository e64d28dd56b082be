import { openPostgres } from './postgres.ts';
import type { DriverEvents } from './driver.ts';
import { openSqlite, type SqliteSynchronous } from './sqlite.ts';
import { sqlStorage } from './sql-storage.ts';
import type { Storage } from './types.ts';

export type StorageConfig = { databaseUrl?: string; sqlitePath: string; sqliteSynchronous?: SqliteSynchronous };

/** PostgreSQL when DATABASE_URL is set, the embedded SQLite file otherwise. */
export function openStorage(config: StorageConfig, events: DriverEvents = {}): Promise<Storage> {
  return sqlStorage(config.databaseUrl
    ? openPostgres(config.databaseUrl, events)
    : openSqlite(config.sqlitePath, { synchronous: config.sqliteSynchronous, events }));
}
