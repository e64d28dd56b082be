import type { FastifyRequest } from 'fastify';
import { findActiveToken } from '../core/tokens.ts';
import { ApiError } from '../errors.ts';
import { bearerSecret } from '../http/auth.ts';
import type { Storage, TokenRecord } from '../storage/types.ts';
import { readCookie, SESSION_COOKIE, type Sessions } from './sessions.ts';

/** Who may see a reviewer page, for every plugin that serves one (routes/review.ts, routes/measure.ts), and the pages' response headers. */

/** No scripts, no inline styles, no third-party anything, no framing: the pages show strangers' text. */
export const REVIEW_PAGE_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export interface ReviewerAccess {
  token: TokenRecord;
  /** Present for a cookie session; Authorization needs none (a browser never adds it on its own). */
  csrf?: string;
}

/** A reviewer token as Bearer, or the login form's session whose token is still an active reviewer's; else undefined. */
export async function reviewerOf(storage: Storage, sessions: Sessions, request: FastifyRequest): Promise<ReviewerAccess | undefined> {
  const secret = bearerSecret(request);
  if (secret !== undefined) {
    const token = secret ? await findActiveToken(storage, secret) : undefined;
    return token?.reviewer ? { token } : undefined;
  }
  const session = await sessions.get(readCookie(request.headers.cookie, SESSION_COOKIE));
  const token = session && (await storage.tokenById(session.tokenId));
  return token && !token.revokedAt && token.reviewer ? { token, csrf: session.csrf } : undefined;
}

/** What a refused form answers: an API caller this error's JSON, a browser's form a page (see FormRefused). */
const refusals = {
  ended: [401, 'unauthorized', 'session: log in again'],
  stale: [403, 'forbidden', 'csrf: the form is stale; reload the page'],
} as const;

/**
 * A browser's form post refused for its session: it ended (logout in another tab, expiry, revoked
 * token) or the form came from an earlier session (stale CSRF token). Still the ApiError it was (same
 * status, code and message), but the reviewer pages answer it with a page: JSON was a dead end there.
 */
export class FormRefused extends ApiError {
  constructor(readonly reason: keyof typeof refusals) {
    super(refusals[reason][0], refusals[reason][1], refusals[reason][2]);
  }
}

/** The refusal for this request: a page for a form a browser posted (URL-encoded, no Authorization), else JSON. */
export function refusal(request: FastifyRequest, reason: keyof typeof refusals): ApiError {
  const browserForm = bearerSecret(request) === undefined && /^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '');
  return browserForm ? new FormRefused(reason) : new ApiError(refusals[reason][0], refusals[reason][1], refusals[reason][2]);
}
