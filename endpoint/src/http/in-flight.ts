import type { FastifyInstance, FastifyRequest } from 'fastify';
import { shownRequest } from './transport.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The requests being answered now: method, path and for how long (trackRequestsInFlight). */
    requestsInFlight(): string[];
  }
}

/**
 * The requests being answered right now, for the one moment an operator needs them: a shutdown
 * that does not finish in its grace period says which requests it was waiting for.
 * A request is forgotten on its response's 'close', which Node emits once for every response:
 * after it finished, or when its connection went away. Fastify's onResponse misses the second,
 * and onRequestAbort misses a client that left after its body was read, while its answer was
 * still being made. A callback hook, not an async one: it runs on every request. Call this
 * before the routes are registered: a Fastify hook applies only to the routes added after it.
 */
export function trackRequestsInFlight(app: FastifyInstance): void {
  const started = new Map<FastifyRequest, number>();
  app.addHook('onRequest', (request, reply, done) => {
    started.set(request, Date.now());
    reply.raw.once('close', () => started.delete(request));
    done();
  });
  app.decorate('requestsInFlight', () =>
    [...started].map(([request, since]) => `${shownRequest(request, 100)} for ${((Date.now() - since) / 1000).toFixed(1)} s`),
  );
}
