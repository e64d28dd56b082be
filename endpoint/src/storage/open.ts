import { openPostgres } from './postgres.ts';
import { openSqlite } from './sqlite.ts';
import { sqlStorage } from './sql-storage.ts';
import type { Storage } from './types.ts';

export type StorageConfig = { databaseUrl?: string; sqlitePath: string };

/** PostgreSQL when DATABASE_URL is set, the embedded SQLite file otherwise. */
export function openStorage(config: StorageConfig): Promise<Storage> {
  return sqlStorage(config.databaseUrl ? openPostgres(config.databaseUrl) : openSqlite(config.sqlitePath));
}
