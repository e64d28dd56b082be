import type { AddressInfo } from 'node:net';
import { connect, createServer } from 'node:net';
import Fastify from 'fastify';
import { expect, it, vi } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createToken } from '../src/core/tokens.ts';
import { trackRequestsInFlight } from '../src/http/in-flight.ts';
import { startEndpoint } from '../src/server.ts';
import { isDatabaseUnavailable } from '../src/storage/unavailable.ts';
import { backends } from './support/backends.ts';
import { freePort } from './support/endpoint-process.ts';

// One database is enough: what is described is the HTTP side, the same on both.
it('says which requests a shutdown is waiting for', async () => {
  const db = await backends[0]!.create();
  const running = await startEndpoint(loadConfig({ FLAGPOST_PORT: '0', FLAGPOST_LOG_LEVEL: 'silent', FLAGPOST_REMOVAL_CHECK: 'off', ...db.env }), db.storage);
  try {
    expect(running.closing()).toBe('waiting for nothing; 0 requests in flight');
    expect((await fetch(`${running.baseUrl}/healthz`)).status).toBe(200);
    expect(running.app.requestsInFlight()).toEqual([]);
    // A client that sends its headers and then stalls in the middle of its body.
    const token = (await createToken(db.storage, { name: 'slow', reviewer: false }, new Date())).secret;
    const { port } = new URL(running.baseUrl);
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(`POST /v1/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"id":`);
    // Waits, not sleeps: on a loaded CI machine the server may take a while to read the headers.
    await vi.waitFor(() => expect(running.closing()).toContain('1 request'), { timeout: 10_000 });

    const closed = running.close();
    await vi.waitFor(() => expect(running.closing()).toMatch(/^waiting for the requests in flight; 1 request in flight: POST \/v1\/reports for \d+\.\d s$/), { timeout: 10_000 });
    socket.destroy();
    await closed;
    // A request whose client went away is forgotten too: nothing is kept per request once it ends.
    // Node closes the response and the server in either order, so this waits for the first.
    await vi.waitFor(() => expect(running.app.requestsInFlight()).toEqual([]), { timeout: 2000 });
  } finally {
    await db.dispose();
  }
});

// The case Fastify's own hooks miss: the body was read, the answer is still being made, and
// the client leaves. Neither onResponse nor onRequestAbort runs for it.
it('forgets a request whose client left while its answer was being made', async () => {
  const app = Fastify();
  trackRequestsInFlight(app);
  let release!: () => void;
  const answered = new Promise<void>((resolve) => (release = resolve));
  app.post('/slow', async () => {
    await answered;
    return { ok: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const { port } = app.server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write('POST /slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
    await vi.waitFor(() => expect(app.requestsInFlight()).toHaveLength(1), { timeout: 2000 });
    socket.destroy();
    await vi.waitFor(() => expect(app.requestsInFlight()).toEqual([]), { timeout: 2000 });
  } finally {
    release();
    await app.close();
  }
});

// start.ts tries startEndpoint again while the database is unavailable. The job engine starts after the
// server listens; when it cannot connect (PostgreSQL restarting, too many clients), the failed attempt must
// let go of the port, or the next one dies with "port … is in use".
it('lets go of its port when a start fails on the database after listening', async () => {
  const db = await backends[1]!.create();
  try {
    const port = await freePort();
    // The job engine's connection is refused, as during a restart of PostgreSQL; the storage given works.
    const config = loadConfig({ FLAGPOST_PORT: String(port), FLAGPOST_LOG_LEVEL: 'silent', ...db.env, DATABASE_URL: 'postgres://u@127.0.0.1:1/x' });
    const error = await startEndpoint(config, db.storage).then(() => undefined, (e: unknown) => e);
    expect(isDatabaseUnavailable(error)).toBe(true);
    const listening = await new Promise<string>((resolve) => {
      const server = createServer();
      server.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve('free')));
    });
    expect(listening).toBe('free');
  } finally {
    await db.dispose();
  }
});
