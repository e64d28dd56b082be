import { KeyedBatches } from '../storage/batches.ts';
import type { Storage, TokenRecord } from '../storage/types.ts';

/** 0 when allowed (and counted); otherwise the whole seconds to wait. */
export interface Limiter {
  take(key: string): Promise<number>;
}

/** Whole seconds until a bucket holding `tokens` has one again. */
export function secondsUntilToken(tokens: number, perMinute: number): number {
  return Math.max(1, Math.ceil(((1 - tokens) * 60) / perMinute));
}

/**
 * The limiter for this database. PostgreSQL may be shared by several processes behind one proxy:
 * the buckets live in the database (Storage.takeRateTokens), so a client gets one budget, not one
 * per process. A key's requests that arrive together take their tokens in one statement: one
 * round trip and one update of the bucket's row for all of them, not one each in turn. SQLite is one process: the buckets stay in its memory, no write per request.
 * `name` keeps the buckets of different limits apart.
 */
export function limiterFor(storage: Storage, name: string, perMinute: number, burst: number): Limiter {
  if (storage.dialect === 'postgres') {
    const takes = new KeyedBatches<void, number>(async (key, requests) => {
      const { granted, tokens } = await storage.takeRateTokens(`${name}:${key}`, requests.length, perMinute, burst, Date.now());
      return requests.map((_, i) => (i < granted ? 0 : secondsUntilToken(tokens, perMinute)));
    });
    return { take: (key) => takes.add(key, undefined) };
  }
  const memory = new RateLimiter(perMinute, burst);
  return { take: async (key) => memory.take(key) };
}

/** An API request's token (unknown: undefined) and, when it is active, the seconds it must wait (0: go, and counted). */
export type TokenGate = (secretSha256: string) => Promise<{ token: TokenRecord | undefined; wait: number }>;

/**
 * The token lookup and the rate-limit take of every API request (http/auth.ts), bucket `name` per
 * token. PostgreSQL: both in one statement (Storage.tokenAndRateTokens), shared by the requests of
 * one secret that arrive together (each answered by a statement that began after it arrived, so a
 * token revoked before it is refused); under load each round trip waits for the database's process
 * to be scheduled, and these were two in turn before every report. SQLite: the lookup, then the
 * buckets in this process's memory, as limiterFor.
 */
export function tokenGateFor(storage: Storage, name: string, perMinute: number, burst: number): TokenGate {
  if (storage.dialect === 'postgres') {
    const gates = new KeyedBatches<void, { token: TokenRecord | undefined; wait: number }>(async (secretSha256, requests) => {
      const { token, granted, tokens } = await storage.tokenAndRateTokens(secretSha256, `${name}:`, requests.length, perMinute, burst, Date.now());
      const active = token && !token.revokedAt;
      return requests.map((_, i) => ({ token, wait: !active || i < granted ? 0 : secondsUntilToken(tokens, perMinute) }));
    });
    return (secretSha256) => gates.add(secretSha256, undefined);
  }
  const memory = new RateLimiter(perMinute, burst);
  return async (secretSha256) => {
    const token = await storage.tokenBySecret(secretSha256);
    return { token, wait: token && !token.revokedAt ? memory.take(token.id) : 0 };
  };
}

/**
 * Token buckets: `burst` requests at once, refilled at `perMinute`. In memory, per process; keys are
 * token ids (or client addresses for the login form), so the map is bounded by who can reach us,
 * and it is pruned of full buckets — forgetting one changes nothing — when it grows.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    perMinute: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** 0 when allowed (and counted); otherwise the whole seconds to wait. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.perMs) : this.burst;
    if (!bucket && this.buckets.size >= this.maxKeys) this.prune(now);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      return 0;
    }
    this.buckets.set(key, { tokens, at: now });
    return secondsUntilToken(tokens, this.perMs * 60_000);
  }

  private prune(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.perMs >= this.burst) this.buckets.delete(key);
    }
    // Still full of busy keys: start over rather than grow without bound.
    if (this.buckets.size >= this.maxKeys) this.buckets.clear();
  }
}
