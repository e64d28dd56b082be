/**
 * Whether an error means "the database cannot be reached right now" (restarting, shutting down,
 * the connection dropped, the file locked by another writer) rather than "this request is wrong"
 * or "our code is wrong". Such errors become 503 with Retry-After: the client tries again later,
 * and idempotent intake makes that retry safe whether or not the first attempt committed.
 */
const PG_CLASSES = ['08', '57P', '53']; // connection exception; operator intervention (shutdown, restart); insufficient resources
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const SQLITE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_READONLY']);
const MESSAGES = [/Connection terminated/i, /timeout exceeded when trying to connect/i, /Client has encountered a connection error/i, /Connection ended/i];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NODE_CODES.has(code)) return true;
    if (PG_CLASSES.some((prefix) => code.startsWith(prefix)) && /^[0-9A-Z]{5}$/.test(code)) return true;
    if (SQLITE_CODES.has(code) || [...SQLITE_CODES].some((c) => code.startsWith(`${c}_`))) return true;
  }
  return MESSAGES.some((pattern) => pattern.test(error.message));
}

/** Seconds a client should wait before retrying while the database is away: a restart takes a few. */
export const UNAVAILABLE_RETRY_AFTER_S = 5;
