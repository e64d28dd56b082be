import type { Param } from './driver.ts';

/**
 * The refill of RateLimiter.take (http/rate-limit.ts) as an upsert of one rate_buckets row, outside
 * any transaction: the row's lock, which makes concurrent requests of one key (from any process)
 * take turns, is held only while the server runs the statement, never across a round trip; and the
 * table is unlogged, so its commit waits for no disk. `ok` keeps how many were granted.
 * One text for both statements below, so the rule is written once.
 */
const refill = `CASE WHEN rate_buckets.tokens + (CAST(? AS DOUBLE PRECISION) - rate_buckets.at) * CAST(? AS DOUBLE PRECISION) > CAST(? AS DOUBLE PRECISION)
  THEN CAST(? AS DOUBLE PRECISION) ELSE rate_buckets.tokens + (CAST(? AS DOUBLE PRECISION) - rate_buckets.at) * CAST(? AS DOUBLE PRECISION) END`;
const granted = `CASE WHEN ${refill} >= CAST(? AS DOUBLE PRECISION) THEN CAST(? AS DOUBLE PRECISION) ELSE FLOOR(${refill}) END`;
const onConflict = `ON CONFLICT (key) DO UPDATE SET tokens = ${refill} - ${granted}, ok = ${granted}, at = ?
  RETURNING tokens, ok`;

export interface RateTake {
  count: number;
  perMinute: number;
  burst: number;
  nowMs: number;
}

/** The parameters after the key: a new row's (tokens, at, ok), then the update's. */
function takeParams({ count, perMinute, burst, nowMs }: RateTake): Param[] {
  const perMs = perMinute / 60_000;
  const refillParams = [nowMs, perMs, burst, burst, nowMs, perMs];
  const grantedParams = [...refillParams, count, count, ...refillParams];
  const first = Math.min(count, burst);
  return [burst - first, nowMs, first, ...refillParams, ...grantedParams, ...grantedParams, nowMs];
}

/** Takes `count` from the bucket `key` (Storage.takeRateTokens). Returns `tokens, ok`. */
export function takeStatement(key: string, take: RateTake): { sql: string; params: Param[] } {
  return { sql: `INSERT INTO rate_buckets (key, tokens, at, ok) VALUES (?, ?, ?, ?) ${onConflict}`, params: [key, ...takeParams(take)] };
}

/**
 * PostgreSQL: the token with this secret and, when it is active, `count` taken from its bucket
 * (`keyPrefix` + its id), in ONE statement (Storage.tokenAndRateTokens): each API request needed
 * both, and they were two round trips in turn. Returns the token's columns, and `bucket_tokens`,
 * `bucket_ok` (NULL when nothing was taken: no such token, or revoked). SQLite runs the two apart.
 */
export function tokenAndTakeStatement(secretSha256: string, keyPrefix: string, take: RateTake): { sql: string; params: Param[] } {
  return {
    sql: `WITH t AS (SELECT * FROM tokens WHERE secret_sha256 = ?), take AS (
  INSERT INTO rate_buckets (key, tokens, at, ok)
  SELECT CAST(? AS TEXT) || t.id, CAST(? AS DOUBLE PRECISION), CAST(? AS BIGINT), CAST(? AS INTEGER) FROM t WHERE t.revoked_at IS NULL
  ${onConflict}
)
SELECT t.*, take.tokens AS bucket_tokens, take.ok AS bucket_ok FROM t LEFT JOIN take ON TRUE`,
    params: [secretSha256, keyPrefix, ...takeParams(take)],
  };
}
