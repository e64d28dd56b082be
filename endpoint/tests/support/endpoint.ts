import { loadConfig } from '../../src/config.ts';
import { createToken } from '../../src/core/tokens.ts';
import { startEndpoint } from '../../src/server.ts';
import type { Storage } from '../../src/storage/types.ts';
import type { Report } from '../../src/shared.ts';
import type { Backend } from './backends.ts';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface TestEndpoint {
  baseUrl: string;
  storage: Storage;
  /** Environment that points the CLI at the same database. */
  env: Record<string, string>;
  /** Secrets: two reporters and a reviewer. */
  tokens: { alice: string; bob: string; reviewer: string };
  request(path: string, init?: { method?: string; token?: string; body?: string; headers?: Record<string, string> }): Promise<Answer>;
  post(report: unknown, options?: { token?: string; key?: string | null }): Promise<Answer>;
  close(): Promise<void>;
}

/** The real server on 127.0.0.1 (a free port) over a fresh database, with three tokens. */
export async function startTestEndpoint(backend: Backend, env: Record<string, string> = {}, log?: string[]): Promise<TestEndpoint> {
  const db = await backend.create();
  const config = loadConfig({
    FLAGPOST_PORT: '0',
    FLAGPOST_LOG_LEVEL: 'silent',
    FLAGPOST_REMOVAL_CHECK: 'off',
    FLAGPOST_RATE_PER_MINUTE: '100000',
    FLAGPOST_RATE_BURST: '100000',
    ...db.env,
    ...env,
  });
  const running = await startEndpoint(config, db.storage, log && { write: (line: string) => void log.push(line) });
  const now = new Date();
  const make = async (name: string, reviewer = false) => (await createToken(db.storage, { name, reviewer }, now)).secret;
  const tokens = { alice: await make('alice'), bob: await make('bob'), reviewer: await make('rita', true) };

  const request: TestEndpoint['request'] = async (path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const response = await fetch(`${running.baseUrl}${path}`, { method: init.method ?? 'GET', headers, body: init.body, redirect: 'manual' });
    // Not response.text(): it would drop a byte-order mark, which the CSV export must have.
    const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  };

  return {
    baseUrl: running.baseUrl,
    storage: db.storage,
    env: db.env,
    tokens,
    request,
    post(report, options = {}) {
      const id = (report as Report).id;
      const key = options.key === undefined ? id : options.key;
      return request('/v1/reports', {
        method: 'POST',
        token: options.token ?? tokens.alice,
        body: typeof report === 'string' ? report : JSON.stringify(report),
        headers: key === null ? {} : { 'idempotency-key': key },
      });
    },
    async close() {
      await running.close();
      await db.dispose();
    },
  };
}
