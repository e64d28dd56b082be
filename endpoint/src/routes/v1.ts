import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { assertDatabaseReachable } from '../core/readiness.ts';
import { requireToken } from '../http/auth.ts';
import { tokenGateFor } from '../http/rate-limit.ts';
import { tmkSignaturesPerReport } from '../core/tmk-intake.ts';
import { mediaHashAlgorithms, reportSchemaIds } from '../shared.ts';
import { exportRoutes } from './export.ts';
import { feedRoutes } from './feeds.ts';
import { hashRoutes } from './hashes.ts';
import { meRoutes } from './me.ts';
import { reportExportRoutes } from './report-export.ts';
import { reportRoutes } from './reports.ts';
import { tmkExportRoutes } from './tmk-export.ts';

/** The protocol (shared/design/report-v1.md), mounted at /v1. */
export const v1Routes = async (app: FastifyInstance) => {
  // CORS: for the whole server, in app.ts (http/cors.ts).
  // "Test connection" in the extension asks this: it must not say "fine" while reports would fail.
  app.get('/', async () => {
    await assertDatabaseReachable(app.storage);
    return {
    name: app.config.name,
    accepts: reportSchemaIds,
    statusTracking: true,
    hashList: true,
    withdraw: true,
    hashListDeletions: true,
    // Report 1.1: the media hashes taken. A TMK signature only when one fits under the body limit.
    hashes: tmkSignaturesPerReport(app.config.bodyLimit) ? mediaHashAlgorithms : mediaHashAlgorithms.filter((a) => a !== 'tmk'),
    };
  });

  const gate = tokenGateFor(app.storage, 'api', app.config.rate.perMinute, app.config.rate.burst);
  await app.register(async (authed) => {
    authed.addHook('onRequest', requireToken(gate));
    await authed.register(meRoutes);
    await authed.register(reportRoutes);
    await authed.register(hashRoutes);
    await authed.register(exportRoutes);
    await authed.register(tmkExportRoutes);
    await authed.register(feedRoutes);
    await authed.register(reportExportRoutes);
  });
};
