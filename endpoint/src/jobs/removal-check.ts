import { setTimeout as sleep } from 'node:timers/promises';
import type { CheckResult, RemovalState, Storage, UrlCheck } from '../storage/types.ts';
import type { Round } from './periodic.ts';
import { allowedUrl, loginWall, probeFor, type Probe } from './probes.ts';

export interface RemovalCheckOptions {
  storage: Storage;
  /** Requests per minute, all hosts together: we are a guest on these platforms. */
  perMinute: number;
  /** How long before an online post is checked again (removed: 4×, inconclusive: ¼). */
  intervalMs: number;
  extraHosts?: readonly string[];
  /** How long a request may take, answer included (default 10 s). */
  timeoutMs?: number;
  /** Rewrites the address actually requested; tests point platform URLs at a local fake platform. */
  route?: (url: string) => string;
  now?: () => Date;
  /** The pacing's clock (ms) and its wait: tests pass their own, so the rate is checked without waiting on the real clock. */
  clock?: () => number;
  pause?: (ms: number, signal: AbortSignal) => Promise<unknown>;
  log?: (message: string) => void;
}

const MAX_REDIRECTS = 3;
const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 512 * 1024;
const USER_AGENT = 'FlagpostEndpoint/0.1 (removal check; +https://github.com/flagpost)';
const UNLIMITED: Partial<Round> = {};

/** A request not made: the round would have ended before its answer (or was stopped). */
const LATE = Symbol('late');

/**
 * Re-checks reported URLs, at a bounded rate, and records when content goes offline:
 * 404/410, or a platform's "not available" page. Anything else that is not a success (login
 * walls, 403, 429, 5xx, timeouts) is "unknown": it never marks a post as removed, nor undoes a removal.
 */
export class RemovalChecker {
  private lastRequest = 0;
  private stopping = new AbortController();
  private readonly now: () => Date;

  constructor(private readonly options: RemovalCheckOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Checks up to `limit` due URLs now (spaced by the rate); returns how many it checked. With a
   * round's deadline (in the pacing clock's milliseconds; jobs/periodic.ts), it starts no check
   * whose request could not be answered before it, and ends at `round.signal`: what is left stays
   * due for the next round.
   */
  async runOnce(limit = this.options.perMinute, round: Partial<Round> = UNLIMITED): Promise<number> {
    const due = await this.options.storage.dueUrlChecks(this.now().toISOString(), limit);
    let checked = 0;
    for (const check of due) {
      if (!this.answerable(round)) break;
      const result = await this.check(check, round);
      // Stopped mid-request, or out of time: that answer is no answer; the URL stays due.
      if (!result || this.stopping.signal.aborted || round.signal?.aborted) break;
      await this.options.storage.recordUrlCheck(result);
      checked++;
    }
    return checked;
  }

  /** Ends the round in flight at its next request; its rounds are started by jobs/periodic.ts. */
  abort(): void {
    this.stopping.abort();
  }

  /** The URL's new state; undefined when the round ended before the platform answered. */
  async check(entry: UrlCheck, round: Partial<Round> = UNLIMITED): Promise<CheckResult | undefined> {
    const target = probeFor(entry.platform, entry.url, this.options.extraHosts);
    const answer = target ? await this.probe(target.probe, target.fetchUrl, round) : { state: 'not_checked' as const, httpStatus: null };
    if (!answer) return undefined;
    const { state, httpStatus } = answer;
    const checkedAt = this.now();
    const factor = state === 'online' ? 1 : state === 'unknown' ? 0.25 : 4;
    return {
      url: entry.url,
      // One inconclusive answer does not bring a removed post back.
      state: state === 'unknown' && entry.state === 'removed' ? 'removed' : state,
      httpStatus,
      checkedAt: checkedAt.toISOString(),
      nextCheckAt: new Date(checkedAt.getTime() + this.options.intervalMs * factor).toISOString(),
    };
  }

  private async probe(probe: Probe, url: string, round: Partial<Round>): Promise<{ state: RemovalState; httpStatus: number | null } | undefined> {
    let current = new URL(url);
    // A reported URL that is the login page itself says nothing about a post either.
    if (loginWall(probe, current)) return { state: 'unknown', httpStatus: null };
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      // The first request as well as every redirect: https, the default port, an allowed host.
      if (!allowedUrl(probe, current)) return { state: 'unknown', httpStatus: null };
      const response = await this.fetchPaced(current.href, round);
      if (response === LATE) return undefined;
      if (!response) return { state: 'unknown', httpStatus: null };
      const answer = (state: RemovalState) => ({ state, httpStatus: response.status });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        // A Location we cannot parse is no answer; throwing would leave the URL unrecorded and
        // stop every round at it.
        const next = URL.parse(location, current);
        if (!next || !allowedUrl(probe, next)) return answer('unknown');
        // Sent to the login form: a login wall, not the post. Not fetched; it would answer 200.
        if (loginWall(probe, next)) return answer('unknown');
        current = next;
        continue;
      }
      if (response.status === 404 || response.status === 410) {
        await response.body?.cancel();
        return answer('removed');
      }
      if (response.status < 200 || response.status >= 300) {
        await response.body?.cancel();
        return answer('unknown');
      }
      // A body cut off (a timeout, the round's end) is no answer.
      const text = await readBounded(response).catch(() => undefined);
      if (text === undefined) return answer('unknown');
      return answer(probe.unavailable.some((pattern) => pattern.test(text)) ? 'removed' : 'online');
    }
    return { state: 'unknown', httpStatus: null };
  }

  /** Whether a request started at the pace's next turn could be answered before the round's deadline. */
  private answerable(round: Partial<Round>): boolean {
    const { clock = Date.now, timeoutMs = DEFAULT_TIMEOUT_MS } = this.options;
    const start = Math.max(clock(), this.lastRequest + 60_000 / this.options.perMinute);
    return start + timeoutMs <= (round.deadline ?? Infinity);
  }

  private async fetchPaced(url: string, round: Partial<Round>): Promise<Response | undefined | typeof LATE> {
    const { clock = Date.now, pause = (ms, signal) => sleep(ms, undefined, { signal }) } = this.options;
    // A redirect's next hop too: one the round could not wait for is left for the next round.
    if (!this.answerable(round)) return LATE;
    const ended = round.signal ? AbortSignal.any([this.stopping.signal, round.signal]) : this.stopping.signal;
    const wait = this.lastRequest + 60_000 / this.options.perMinute - clock();
    if (wait > 0) await pause(wait, ended).catch(() => undefined);
    if (ended.aborted) return LATE;
    this.lastRequest = clock();
    try {
      return await fetch(this.options.route ? this.options.route(url) : url, {
        redirect: 'manual',
        credentials: 'omit',
        headers: { 'User-Agent': USER_AGENT, Accept: 'text/html,application/json;q=0.9' },
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS), ended]),
      });
    } catch {
      return undefined;
    }
  }
}

async function readBounded(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < MAX_BODY_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  return Buffer.concat(chunks).toString('utf8');
}
