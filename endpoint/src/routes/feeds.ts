import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hmaLines, TcapHashQuery, tcapHashPage } from '../export/hash-feeds.ts';
import { tcapUrlPage, UrlFeedQuery } from '../export/url-feed.ts';
import { assertReviewer } from '../http/auth.ts';
import { parseInput } from './params.ts';

/** The same route with other query parameters: a feed's `next`. */
function nextPage(request: FastifyRequest, params: Record<string, string | number>) {
  const url = new URL(request.url, `${request.protocol}://${request.host}`);
  url.search = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
  return url.href;
}

/**
 * The hash list and the URLs in the industry's formats (issue 19). The hash feeds have the scope of
 * GET /v1/hashes (any token); the URL feed names what was reported, so it is the export's (a reviewer).
 */
export const feedRoutes = async (app: FastifyInstance) => {
  app.get('/hashes/hma', async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').header('Cache-Control', 'no-store').send(Readable.from(hmaLines(app.storage))));

  // TCAP's own path under /v1, so that python-threatexchange's TCAP client reads it with its BASE_URL set to this endpoint's /v1/.
  app.get('/api/hash-list/v2/all', async (request) => {
    const query = parseInput(TcapHashQuery, request.query);
    return tcapHashPage(app.storage, query, (after) => nextPage(request, { order: query.order, after, limit: query.limit }));
  });

  app.get('/urls', async (request) => {
    assertReviewer(request);
    const query = parseInput(UrlFeedQuery, request.query);
    return tcapUrlPage(app.storage, query, (after) => nextPage(request, { after, limit: query.limit }));
  });
};
