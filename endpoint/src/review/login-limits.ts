import { limiterFor } from '../http/rate-limit.ts';
import type { Storage } from '../storage/types.ts';

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
  private readonly perAccount;
  private readonly perAddress;
  private readonly allFailures;

  constructor(storage: Storage) {
    this.perAccount = limiterFor(storage, 'login-account', 10, 10);
    this.perAddress = limiterFor(storage, 'login-address', 10, 10);
    this.allFailures = limiterFor(storage, 'login-failures', 60, 30);
  }

  /** 0, or the seconds to wait before this reviewer may log in again. */
  success(tokenId: string): Promise<number> {
    return this.perAccount.take(tokenId);
  }

  /** 0, or the seconds to wait before this address may try again. */
  async failure(address: string): Promise<number> {
    return Math.max(await this.perAddress.take(address), await this.allFailures.take('*'));
  }
}
