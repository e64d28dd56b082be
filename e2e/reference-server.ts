/** The reference endpoint (endpoint/) as a real process for end-to-end tests: `npm run endpoint` on a free port, and its CLI. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '..');

export interface ReferenceEndpoint {
  baseUrl: string;
  /** Its data folder (the SQLite file is flagpost.sqlite there). */
  dataDir: string;
  /** The access token the first start prints. */
  token: string;
  /** The endpoint's CLI on the same data folder. */
  cli: (...args: string[]) => Promise<{ stdout: string; stderr: string }>;
  stop: () => void;
}

/**
 * Starts the endpoint with its own data folder; reads the base URL and the token from the banner it prints.
 * `settings`: more of its environment (FLAGPOST_*), made once the data folder exists (a file written into it).
 */
export async function startReferenceEndpoint(
  settings: (dataDir: string) => Promise<Record<string, string>> | Record<string, string> = () => ({}),
): Promise<ReferenceEndpoint> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'flagpost-endpoint-'));
  const env = {
    ...process.env, FLAGPOST_PORT: '0', FLAGPOST_DATA_DIR: dataDir, FLAGPOST_REMOVAL_CHECK: 'off', FLAGPOST_LOG_LEVEL: 'warn',
    ...(await settings(dataDir)),
  };
  const server: ChildProcess = spawn(process.execPath, ['endpoint/bin/start.mjs'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let banner = '';
  const [baseUrl, token] = await new Promise<[string, string]>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`the endpoint exited (${code}): ${banner}`)));
    server.stdout!.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      const url = /Base URL[^:]*: (\S+)/.exec(banner)?.[1];
      const secret = /Access token: (\S+)/.exec(banner)?.[1];
      if (url && secret) resolve([url, secret]);
    });
  });
  return {
    baseUrl: baseUrl.replace(/\/$/, ''),
    dataDir,
    token,
    cli: (...args) => promisify(execFile)(process.execPath, ['endpoint/bin/cli.mjs', ...args], { cwd: ROOT, env }),
    stop: () => void server.kill('SIGTERM'),
  };
}
