import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.ts';
import { requireToken } from '../http/auth.ts';
import { RateLimiter } from '../http/rate-limit.ts';
import { reportSchemaIds } from '../shared.ts';
import { exportRoutes } from './export.ts';
import { hashRoutes } from './hashes.ts';
import { reportRoutes } from './reports.ts';

/** The protocol (shared/design/report-v1.md), mounted at /v1. */
export const v1Routes = (deps: AppDeps) => async (app: FastifyInstance) => {
  // The extension may call us without host permission, as a cross-origin page would: allow its
  // headers, and expose Retry-After so it can honour a 429. Tokens travel in Authorization,
  // never in cookies, so any origin may call (credentials stay off).
  await app.register(cors, {
    origin: deps.config.corsOrigins,
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
    exposedHeaders: ['Retry-After'],
    maxAge: 600,
  });

  app.get('/', async () => ({
    name: deps.config.name,
    accepts: reportSchemaIds,
    statusTracking: true,
    hashList: true,
    withdraw: true,
  }));

  const limiter = new RateLimiter(deps.config.rate.perMinute, deps.config.rate.burst);
  await app.register(async (authed) => {
    authed.addHook('onRequest', requireToken(deps.storage, limiter));
    await authed.register(reportRoutes(deps));
    await authed.register(hashRoutes(deps));
    await authed.register(exportRoutes(deps));
  });
};
