import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aReport } from './support/reports.ts';

const START = join(import.meta.dirname, '..', 'bin', 'start.mjs');
const dataDir = mkdtempSync(join(tmpdir(), 'flagpost-start-'));

/** `node bin/start.mjs` until it prints its banner; then it is stopped with SIGTERM, as Ctrl+C would. */
async function start(): Promise<{ baseUrl: string; token: string; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [START], {
    env: { ...process.env, FLAGPOST_DATA_DIR: dataDir, FLAGPOST_PORT: '0', FLAGPOST_REMOVAL_CHECK: 'off', FLAGPOST_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Stop with Ctrl+C')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`start exited with ${code}: ${output}`)));
  });
  return {
    baseUrl: /Base URL[^:]*: (http:\/\/\S+)/.exec(output)![1]!,
    token: /Access token: (fpt_\S+)/.exec(output)![1]!,
    stop: () => new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}

describe('npm start', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves on 127.0.0.1 with a new local token, prints both, and keeps the token across restarts', async () => {
    const first = await start();
    expect(first.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${first.baseUrl}/v1`)).status).toBe(200);
    const report = aReport();
    const posted = await fetch(`${first.baseUrl}/v1/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first.token}`, 'content-type': 'application/json', 'idempotency-key': report.id },
      body: JSON.stringify(report),
    });
    expect(posted.status).toBe(201);
    // The extension's token reports; it does not review or export.
    expect((await fetch(`${first.baseUrl}/v1/export`, { headers: { authorization: `Bearer ${first.token}` } })).status).toBe(403);
    expect((await fetch(`${first.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${first.baseUrl}/readyz`)).status).toBe(200);
    expect(await first.stop()).toBe(0);
    expect(statSync(join(dataDir, 'flagpost.sqlite')).size).toBeGreaterThan(0);
    expect(statSync(join(dataDir, 'local-token')).mode & 0o777).toBe(0o600);

    const second = await start();
    expect(second.token).toBe(first.token);
    expect(await second.stop()).toBe(0);
  });
});
