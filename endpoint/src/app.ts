import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { tmkSignaturesPerReport } from './core/tmk-intake.ts';
import { unavailableError } from './core/readiness.ts';
import { ApiError } from './errors.ts';
import { Forwarder } from './forward/forwarder.ts';
import { bodyParsers } from './http/body.ts';
import { corsFor } from './http/cors.ts';
import { trackRequestsInFlight } from './http/in-flight.ts';
import { shownRequest } from './http/transport.ts';
import { healthRoutes } from './routes/health.ts';
import { measureRoutes } from './routes/measure.ts';
import { reviewRoutes } from './routes/review.ts';
import { v1Routes } from './routes/v1.ts';
import type { Services } from './services.ts';
import { isDatabaseUnavailable } from './storage/unavailable.ts';

/** The services (decorated on the instance for every route plugin, services.ts) and where the log goes. */
export interface AppDeps extends Services {
  /** Outbound requests (forwarding to platforms); tests may pass their own. */
  fetch?: typeof fetch;
  /** Where the log goes (standard output by default); tests read it. */
  logStream?: { write(line: string): void };
}

/** Fastify's own 4xx errors, as protocol errors that name what was wrong. */
function frameworkError(error: FastifyError, bodyLimit: number): ApiError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'too_large', `body: larger than ${bodyLimit} bytes (room for ${tmkSignaturesPerReport(bodyLimit)} TMK signatures in one report)`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(415, 'unsupported_media_type', 'Content-Type: send application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'invalid_json', 'body: empty');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError(400, 'bad_request', 'Content-Length: does not match the body');
  }
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return new ApiError(400, 'invalid_json', 'body: not valid JSON');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return new ApiError(error.statusCode, 'bad_request', 'request: malformed');
  return undefined;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : {
      level: config.logLevel,
      // Default serializers log no headers; this is a second lock in case a future one does.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      ...(deps.logStream ? { stream: deps.logStream } : {}),
    },
    bodyLimit: config.bodyLimit,
    // Trust the nearest `hops` addresses (the socket's, then X-Forwarded-For from the right), no more.
    trustProxy: config.trustProxy === false ? false : (_address: string, hop: number) => hop < (config.trustProxy as number),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 100 },
    requestTimeout: 30_000,
    return503OnClosing: true,
  });

  // JSON for the API, URL-encoded forms for the reviewer page, nothing else; both strictly UTF-8.
  bodyParsers(app, 16 * 1024);
  await corsFor(app, config);
  trackRequestsInFlight(app);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = error instanceof ApiError ? error
      : isDatabaseUnavailable(error) ? unavailableError()
      : frameworkError(error, config.bodyLimit);
    if (known?.status === 503) request.log.warn({ err: error }, 'database unavailable');
    if (!known) {
      // The details go to the log; the client gets no stack and no internals.
      request.log.error({ err: error }, 'unhandled error');
      return reply.code(500).send({ error: { code: 'internal', message: 'internal error; the operator can find it in the log' } });
    }
    return reply.code(known.status).headers(known.headers).send({ error: { code: known.code, message: known.message } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: `path: no route for ${shownRequest(request, 200)}` } }),
  );

  app.decorate('config', config);
  app.decorate('storage', deps.storage);
  app.decorate('groups', deps.groups);
  app.decorate('tmkGroups', deps.tmkGroups);
  app.decorate('now', deps.now);
  app.decorate('forwarder', new Forwarder(deps.storage, config.forwarding, deps.fetch ?? fetch, deps.now));
  await app.register(healthRoutes);
  await app.register(v1Routes, { prefix: '/v1' });
  await app.register(reviewRoutes, { prefix: '/review' });
  await app.register(measureRoutes);
  app.get('/', (_request, reply) => reply.redirect('/review', 302));
  return app;
}
