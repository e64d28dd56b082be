import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createToken } from '../src/core/tokens.ts';
import { startEndpoint } from '../src/server.ts';
import { backends } from './support/backends.ts';

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
    for (let i = 0; i < 200 && !running.closing().includes('1 request'); i++) await sleep(10);

    const closed = running.close();
    await sleep(20);
    expect(running.closing()).toMatch(/^waiting for the requests in flight; 1 request in flight: POST \/v1\/reports for \d+\.\d s$/);
    socket.destroy();
    await closed;
    // A request whose client went away is forgotten too: nothing is kept per request once it ends.
    expect(running.app.requestsInFlight()).toEqual([]);
  } finally {
    await db.dispose();
  }
});
