import { ApiError } from '../errors.ts';
import type { Storage } from '../storage/types.ts';
import { UNAVAILABLE_RETRY_AFTER_S } from '../storage/unavailable.ts';

/** A probe that waits longer than this counts as "not reachable": a hung database must not hang the probe. */
const PING_TIMEOUT_MS = 2_000;

export const unavailableError = () =>
  new ApiError(503, 'unavailable', 'database: not reachable right now; try again shortly', { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_S) });

/** Whether the database answers a trivial query in time. */
export async function databaseReachable(storage: Storage, timeoutMs = PING_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(resolve, timeoutMs, false)));
  try {
    return await Promise.race([storage.ping().then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Throws the 503 (with Retry-After) that every route answers while the database is away. */
export async function assertDatabaseReachable(storage: Storage): Promise<void> {
  if (!(await databaseReachable(storage))) throw unavailableError();
}
