import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../app.ts';
import { ExportQuery } from '../export/query.ts';
import { exportContentType, exportFileName, exportLines } from '../export/stream.ts';
import { assertReviewer } from '../http/auth.ts';
import type { Storage } from '../storage/types.ts';
import { parseInput } from './params.ts';

export const exportRoutes = (deps: AppDeps) => async (app: FastifyInstance) => {
  app.get('/export', async (request, reply) => {
    assertReviewer(request);
    return sendExport(reply, deps.storage, parseInput(ExportQuery, request.query), deps.now());
  });
};

/** Streams the export as a download (also used by the reviewer page). */
export function sendExport(reply: FastifyReply, storage: Storage, query: ExportQuery, now: Date) {
  return reply
    .type(exportContentType(query.format))
    .header('Content-Disposition', `attachment; filename="${exportFileName(query.format, now)}"`)
    .header('Cache-Control', 'no-store')
    .send(Readable.from(exportLines(storage, query)));
}
