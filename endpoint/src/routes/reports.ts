import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../services.ts';
import { receiveReport } from '../core/intake.ts';
import { changeStatus, statusAnswer } from '../core/status.ts';
import { ApiError } from '../errors.ts';
import { IdParams, parseInput } from './params.ts';

export const reportRoutes = async (app: FastifyInstance) => {
  app.post('/reports', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    const { created, receipt } = await receiveReport(app, {
      body: request.body,
      idempotencyKey: Array.isArray(key) ? key[0] : key,
      tokenId: request.token!.id,
    });
    return reply.code(created ? 201 : 200).send(receipt);
  });

  app.get('/reports/:id', async (request) => statusAnswer(await ownReport(app, request, { reviewerToo: true })));

  app.post('/reports/:id/withdraw', async (request) => {
    const { id } = await ownReport(app, request, { reviewerToo: false });
    const who = { tokenId: request.token!.id, name: request.token!.name };
    return statusAnswer(await changeStatus(app.storage, { id, status: 'withdrawn', by: 'reporter', who }, app.now));
  });
};

/**
 * The report, if this token may see it: its reporter's token, or (for reading) a reviewer's.
 * Anyone else gets the same 404 as for an unknown id, so ids cannot be probed.
 */
async function ownReport(deps: Services, request: FastifyRequest, { reviewerToo }: { reviewerToo: boolean }) {
  const { id } = parseInput(IdParams, request.params);
  const state = await deps.storage.reportState(id);
  const token = request.token!;
  if (!state || (state.tokenId !== token.id && !(reviewerToo && token.reviewer))) {
    throw new ApiError(404, 'not_found', 'id: no such report for this token');
  }
  return state;
}
