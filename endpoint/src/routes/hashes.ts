import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.ts';
import { z } from '../shared.ts';
import { parseInput } from './params.ts';

const HashQuery = z.strictObject({
  since: z.string().regex(/^\d{1,15}$/, 'expected the `next` cursor of an earlier answer').default('0'),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

/**
 * Hashes of everything reported, oldest first. `next` is where to resume: an empty page means the
 * client is up to date and should keep `next` for its next sync.
 */
export const hashRoutes = (deps: AppDeps) => async (app: FastifyInstance) => {
  app.get('/hashes', async (request) => {
    const { since, limit } = parseInput(HashQuery, request.query);
    const rows = await deps.storage.hashesAfter(Number(since), limit);
    return {
      items: rows.map(({ algorithm, value }) => ({ algorithm, value })),
      next: rows.length ? String(rows[rows.length - 1]!.seq) : since,
    };
  });
};
