import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import { ExportQuery } from '../export/query.ts';
import { exportChunks } from '../export/in-worker.ts';
import { exportContentType, exportFileName } from '../export/stream.ts';
import { assertReviewer } from '../http/auth.ts';
import { parseInput } from './params.ts';

export const exportRoutes = async (app: FastifyInstance) => {
  app.get('/export', async (request, reply) => {
    assertReviewer(request);
    return sendExport(reply, app, parseInput(ExportQuery, request.query));
  });
};

/**
 * Resolves once media (PDQ) and videos (TMK) of every report answered before this call are grouped:
 * intake leaves grouping to passes after its answer. Exports and the reviewer's TMK matches wait for it.
 */
export function groupingPass(deps: Pick<Services, 'groups' | 'tmkGroups'>): Promise<unknown> {
  return Promise.all([deps.groups.sync(), deps.tmkGroups.sync()]);
}

/** Streams the export as a download (also used by the reviewer page), once grouped (groupingPass). */
export async function sendExport(reply: FastifyReply, deps: Pick<Services, 'storage' | 'groups' | 'tmkGroups' | 'now'>, query: ExportQuery) {
  await groupingPass(deps);
  return sendDownload(reply, exportContentType(query.format), exportFileName(query.format, deps.now()), exportChunks(deps.storage, query));
}

/** Chunks streamed as a file to save (with backpressure: the next is made when the client took the last), kept by no cache. */
export function sendDownload(reply: FastifyReply, type: string, fileName: string, chunks: AsyncIterable<string>) {
  return reply
    .type(type)
    .header('Content-Disposition', `attachment; filename="${fileName}"`)
    .header('Cache-Control', 'no-store')
    .send(Readable.from(chunks));
}
