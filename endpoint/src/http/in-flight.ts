import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** The requests being answered now: method, path and for how long (trackRequestsInFlight). */
    requestsInFlight(): string[];
  }
}

/**
 * The requests being answered right now, for the one moment an operator needs them: a shutdown
 * that does not finish in its grace period says which requests it was waiting for.
 * Callback hooks, not async ones: they run on every request. Call it before the routes are
 * registered: a Fastify hook applies only to the routes added after it.
 */
export function trackRequestsInFlight(app: FastifyInstance): void {
  const started = new Map<FastifyRequest, number>();
  const end = (request: FastifyRequest, _reply: unknown, done: () => void) => {
    started.delete(request);
    done();
  };
  app.addHook('onRequest', (request, _reply, done) => {
    started.set(request, Date.now());
    done();
  });
  app.addHook('onResponse', end);
  app.addHook('onRequestAbort', (request, done) => end(request, undefined, done));
  app.decorate('requestsInFlight', () =>
    [...started].map(([request, since]) => `${request.method} ${request.url.split('?')[0]!.slice(0, 100)} for ${((Date.now() - since) / 1000).toFixed(1)} s`),
  );
}
