import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';

/**
 * The extension may call us without host permission, as a cross-origin page would: allow its
 * headers, and expose Retry-After so it can honour a 429 or 503. Tokens travel in Authorization,
 * never in cookies, so any origin may call (credentials stay off).
 *
 * Registered on the whole server, not only /v1: a 404 (a wrong base URL) or a 503 must reach the
 * extension as an answer it can read, not as a network error. The reviewer page is same-origin
 * only and gets no CORS headers.
 */
export async function corsFor(app: FastifyInstance, config: Config): Promise<void> {
  const api = {
    origin: config.corsOrigins,
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
    exposedHeaders: ['Retry-After'],
    maxAge: 600,
  };
  await app.register(cors, {
    hook: 'onRequest',
    delegator: (request, callback) => callback(null, request.url.startsWith('/review') ? { origin: false } : api),
  });
}
