import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { z } from '../shared.ts';
import { parseInput } from './params.ts';

const HashQuery = z.strictObject({
  since: z.string().regex(/^\d{1,15}$/, 'expected the `next` cursor of an earlier answer').default('0'),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
  deletions: z.enum(['0', '1', 'true', 'false']).default('0').transform((v) => v === '1' || v === 'true'),
});

/**
 * Hashes of everything reported, oldest first. `next` is where to resume: an empty page means the
 * client is up to date and should keep `next` for its next sync. With `deletions=1`, an entry no
 * live report vouches for any more comes again as `{algorithm, value, deleted: true}`; without it
 * (clients from before deletions) deleted entries are left out, so a client never adds one.
 */
export const hashRoutes = async (app: FastifyInstance) => {
  app.get('/hashes', async (request) => {
    const { since, limit, deletions } = parseInput(HashQuery, request.query);
    const rows = await app.storage.hashesAfter(Number(since), limit, { deletions });
    return {
      items: rows.map(({ algorithm, value, deleted }) => (deleted ? { algorithm, value, deleted } : { algorithm, value })),
      next: rows.length ? String(rows[rows.length - 1]!.seq) : since,
    };
  });
};
