import type { FastifyRequest } from 'fastify';
import { secretLookupKey } from '../core/tokens.ts';
import { ApiError } from '../errors.ts';
import type { TokenRecord } from '../storage/types.ts';
import type { TokenGate } from './rate-limit.ts';

declare module 'fastify' {
  interface FastifyRequest {
    token?: TokenRecord;
  }
}

const challenge = { 'WWW-Authenticate': 'Bearer realm="flagpost"' };

export function bearerSecret(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header ? /^Bearer +(\S{1,200})$/i.exec(header)?.[1] ?? '' : undefined;
}

/** onRequest hook for the API: a valid token (401 otherwise), within its rate (429 otherwise). */
export function requireToken(gate: TokenGate) {
  return async (request: FastifyRequest) => {
    const secret = bearerSecret(request);
    if (secret === undefined) throw new ApiError(401, 'unauthorized', 'Authorization: a Bearer token is required', challenge);
    const key = secretLookupKey(secret);
    const { token, wait } = key === undefined ? { token: undefined, wait: 0 } : await gate(key);
    if (!token || token.revokedAt) throw new ApiError(401, 'invalid_token', 'Authorization: unknown or revoked token', challenge);
    if (wait) throw new ApiError(429, 'rate_limited', `Authorization: too many requests for this token; retry after ${wait} s`, { 'Retry-After': String(wait) });
    request.token = token;
  };
}

export function assertReviewer(request: FastifyRequest): TokenRecord {
  const token = request.token;
  if (!token?.reviewer) throw new ApiError(403, 'forbidden', 'Authorization: this needs a reviewer token');
  return token;
}
