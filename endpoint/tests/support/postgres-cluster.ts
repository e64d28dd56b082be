import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort } from './endpoint-process.ts';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL cluster for the tests: its own data directory in /tmp, listening only on
 * 127.0.0.1 at a free port, trust auth (nothing else can reach it), fsync off (nothing to keep).
 * initdb refuses to run as root, so as root it runs as Debian's `postgres` user.
 */
export interface Cluster {
  url: string;
  /** Stops and deletes the cluster. */
  stop(): void;
  /** The fault drills of tests/resilience.test.ts: `pg_ctl -m fast` stop, start and restart, keeping the data. */
  halt(): Promise<void>;
  resume(): Promise<void>;
  restart(): Promise<void>;
}

function pgBin(): string {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => existsSync(join(debian, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(debian, versions[0], 'bin');
  }
  try {
    return execFileSync('sh', ['-c', 'dirname "$(command -v pg_ctl)"'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('PostgreSQL is not installed: run `bash scripts/ensure-postgres.sh` (npm test does)');
  }
}

/** `durable`: fsync and synchronous commits on, as in production (the bench); the tests keep them off. */
export async function startCluster({ durable = false } = {}): Promise<Cluster> {
  const bin = pgBin();
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'flagpost-pg-'));
  const command = (name: string, args: string[]): [string, string[]] =>
    root ? ['runuser', ['-u', 'postgres', '--', join(bin, name), ...args]] : [join(bin, name), args];
  const run = (name: string, args: string[]) => {
    const [file, argv] = command(name, args);
    execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir });
  };
  // Async, so that the test's own requests keep flowing while PostgreSQL goes down and comes back.
  const runAsync = async (name: string, args: string[]) => {
    const [file, argv] = command(name, args);
    await promisify(execFile)(file, argv, { cwd: dir });
  };
  if (root) {
    const { uid, gid } = userIds('postgres');
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'flagpost', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const speed = durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}${speed} -c max_connections=200`;
  const log = join(dir, 'server.log');
  run('pg_ctl', ['-D', data, '-o', options, '-l', log, '-w', '-t', '60', 'start']);
  return {
    url: `postgres://flagpost@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    halt: () => runAsync('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    resume: () => runAsync('pg_ctl', ['-D', data, '-o', options, '-l', log, '-w', '-t', '60', 'start']),
    restart: () => runAsync('pg_ctl', ['-D', data, '-o', options, '-l', log, '-m', 'fast', '-w', '-t', '60', 'restart']),
  };
}

function userIds(name: string): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(`running as root needs the "${name}" user that Debian's postgresql package creates`);
  }
}
