import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import { ApiError } from '../errors.ts';
import { tmkArchive, TmkArchiveQuery, tmkFileName } from '../export/tmk-archive.ts';
import { assertReviewer } from '../http/auth.ts';
import { groupingPass } from './export.ts';
import { z } from '../shared.ts';
import type { Storage } from '../storage/types.ts';
import { IdParams, parseInput } from './params.ts';

export const TmkFileParams = IdParams.extend({ ref: z.string().regex(/^m[1-9][0-9]*$/, 'expected a medium ref (m1, m2, …)') });

/** TMK+PDQF signatures for researchers, with the export's scope: a reviewer token (or the reviewer page). */
export const tmkExportRoutes = async (app: FastifyInstance) => {
  app.get('/export/tmk', async (request, reply) => {
    assertReviewer(request);
    return sendTmkArchive(reply, app, parseInput(TmkArchiveQuery, request.query));
  });
  app.get('/export/tmk/:id/:ref', async (request, reply) => {
    assertReviewer(request);
    return sendTmkFile(reply, app.storage, parseInput(TmkFileParams, request.params));
  });
};

/** All signatures of a filtered export, as one tar archive (streamed), once grouped (groupingPass). */
export async function sendTmkArchive(reply: FastifyReply, deps: Pick<Services, 'storage' | 'groups' | 'tmkGroups' | 'now'>, query: TmkArchiveQuery) {
  await groupingPass(deps);
  return reply
    .type('application/x-tar')
    .header('Content-Disposition', `attachment; filename="flagpost-tmk-${deps.now().toISOString().slice(0, 10)}.tar"`)
    .header('Cache-Control', 'no-store')
    .send(Readable.from(tmkArchive(deps.storage, query)));
}

/** One medium's `.tmk`, the bytes the extension sent. */
export async function sendTmkFile(reply: FastifyReply, storage: Storage, params: z.infer<typeof TmkFileParams>) {
  const member = (await storage.tmk.ofReports([params.id])).find((m) => m.ref === params.ref);
  const bytes = member && (await storage.tmk.bytes(member.id));
  if (!member || !bytes) throw new ApiError(404, 'not_found', 'ref: no TMK signature for this medium of this report');
  return reply
    .type('application/octet-stream')
    .header('Content-Disposition', `attachment; filename="${tmkFileName(member)}"`)
    .header('Cache-Control', 'no-store')
    .send(bytes);
}
