import type { FastifyInstance } from 'fastify';
import { assertDatabaseReachable } from '../core/readiness.ts';

const Ok = { type: 'object', properties: { status: { type: 'string' } }, required: ['status'] } as const;

/**
 * For supervisors and load balancers, outside /v1 (no token, no CORS):
 * GET /healthz — liveness: the process answers (restart it if not);
 * GET /readyz — readiness: the database answers too (send it no traffic if not; it recovers by itself).
 */
export async function healthRoutes(app: FastifyInstance) {
  app.get('/healthz', { schema: { response: { 200: Ok } } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { response: { 200: Ok } } }, async () => {
    await assertDatabaseReachable(app.storage);
    return { status: 'ready' };
  });
}
