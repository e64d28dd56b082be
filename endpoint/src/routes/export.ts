import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../app.ts';
import { ExportQuery } from '../export/query.ts';
import { exportContentType, exportFileName, exportLines } from '../export/stream.ts';
import { assertReviewer } from '../http/auth.ts';
import { parseInput } from './params.ts';

export const exportRoutes = (deps: AppDeps) => async (app: FastifyInstance) => {
  app.get('/export', async (request, reply) => {
    assertReviewer(request);
    return sendExport(reply, deps, parseInput(ExportQuery, request.query));
  });
};

/**
 * Streams the export as a download (also used by the reviewer page). Media of reports answered
 * before it are grouped first: intake leaves grouping to a pass after its answer.
 */
export async function sendExport(reply: FastifyReply, deps: Pick<AppDeps, 'storage' | 'groups' | 'now'>, query: ExportQuery) {
  await deps.groups.sync();
  return reply
    .type(exportContentType(query.format))
    .header('Content-Disposition', `attachment; filename="${exportFileName(query.format, deps.now())}"`)
    .header('Cache-Control', 'no-store')
    .send(Readable.from(exportLines(deps.storage, query)));
}
