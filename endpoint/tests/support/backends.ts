import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openStorage } from '../../src/storage/open.ts';
import type { Storage } from '../../src/storage/types.ts';

/** A fresh, empty database and the environment that points the endpoint (or its CLI) at it. */
export interface Database {
  storage: Storage;
  env: Record<string, string>;
  dispose(): Promise<void>;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  create(): Promise<Database>;
}

/** A backend's storage with the environment its CLI needs, and a clean-up that removes its data folder. */
function instance(storage: Awaited<ReturnType<typeof openStorage>>, env: Record<string, string>, dir: string) {
  return {
    storage,
    env,
    async dispose() {
      await storage.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const sqlite: Backend = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'flagpost-test-'));
    const env = { FLAGPOST_DATA_DIR: dir, FLAGPOST_SQLITE_PATH: join(dir, 'test.sqlite') };
    const storage = await openStorage({ sqlitePath: env.FLAGPOST_SQLITE_PATH });
    return instance(storage, env, dir);
  },
};

const postgres: Backend = {
  name: 'postgres',
  async create() {
    const admin = inject('postgresAdminUrl');
    const name = `flagpost_test_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    const dir = mkdtempSync(join(tmpdir(), 'flagpost-test-'));
    const env = { DATABASE_URL: url.href, FLAGPOST_DATA_DIR: dir };
    const storage = await openStorage({ databaseUrl: env.DATABASE_URL, sqlitePath: '' });
    return instance(storage, env, dir);
  },
};

/** The integration suites run once per database: `describe.each(backends)`. */
export const backends: Backend[] = [sqlite, postgres];
