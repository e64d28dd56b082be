import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const START = join(import.meta.dirname, '..', '..', 'bin', 'start.mjs');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface EndpointProcess {
  child: ChildProcess;
  /** Everything it printed, standard output and error. */
  output(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/** `node bin/start.mjs` as its own process, as an operator (or a supervisor) runs it; resolves once it prints its banner. */
export async function spawnEndpoint(env: Record<string, string>): Promise<EndpointProcess> {
  const child = spawn(process.execPath, [START], {
    env: { ...process.env, FLAGPOST_REMOVAL_CHECK: 'off', FLAGPOST_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  await new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Stop with Ctrl+C')) resolve();
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then((code) => reject(new Error(`start exited with ${code}: ${output}`)));
  });
  return { child, output: () => output, exited };
}
