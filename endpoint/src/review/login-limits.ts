import { RateLimiter } from '../http/rate-limit.ts';

/**
 * Budgets for the reviewer login form. One limiter keyed by client address was not enough:
 * behind a proxy with FLAGPOST_TRUST_PROXY off every reviewer has the proxy's address, so one
 * person's typos locked everyone out; with it on, a client can write any X-Forwarded-For and get
 * a fresh budget per request.
 *
 * - A correct reviewer token spends only its own account's budget: nobody else's failures, from
 *   any address, can lock a reviewer out.
 * - A wrong token spends its address's budget and a budget shared by all addresses, which bounds
 *   what rotating X-Forwarded-For buys. (Guessing is not the risk, 2^256 tokens are unguessable;
 *   the cost of answering is.)
 */
export class LoginLimits {
  private readonly perAccount = new RateLimiter(10, 10);
  private readonly perAddress = new RateLimiter(10, 10);
  private readonly allFailures = new RateLimiter(60, 30);

  /** 0, or the seconds to wait before this reviewer may log in again. */
  success(tokenId: string): number {
    return this.perAccount.take(tokenId);
  }

  /** 0, or the seconds to wait before this address may try again. */
  failure(address: string): number {
    return Math.max(this.perAddress.take(address), this.allFailures.take('*'));
  }
}
