import { setTimeout as sleep } from 'node:timers/promises';
import type { CheckResult, RemovalState, Storage, UrlCheck } from '../storage/types.ts';
import { allowedUrl, probeFor, type Probe } from './probes.ts';

export interface RemovalCheckOptions {
  storage: Storage;
  /** Requests per minute, all hosts together: we are a guest on these platforms. */
  perMinute: number;
  /** How long before an online post is checked again (removed: 4×, inconclusive: ¼). */
  intervalMs: number;
  extraHosts?: readonly string[];
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
const MAX_BODY_BYTES = 512 * 1024;
const USER_AGENT = 'FlagpostEndpoint/0.1 (removal check; +https://github.com/flagpost)';

/**
 * Re-checks reported URLs, at a bounded rate, and records when content goes offline:
 * 404/410, or a platform's "not available" page. Anything else that is not a success (login
 * walls, 403, 429, 5xx, timeouts) is "unknown": it never marks a post as removed.
 */
export class RemovalChecker {
  private lastRequest = 0;
  private stopping = new AbortController();
  private readonly now: () => Date;

  constructor(private readonly options: RemovalCheckOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Checks up to `limit` due URLs now (spaced by the rate); returns how many it checked. */
  async runOnce(limit = this.options.perMinute): Promise<number> {
    const due = await this.options.storage.dueUrlChecks(this.now().toISOString(), limit);
    for (const check of due) {
      const result = await this.check(check);
      // Stopped mid-request: that answer is no answer; the URL stays due.
      if (this.stopping.signal.aborted) break;
      await this.options.storage.recordUrlCheck(result);
    }
    return due.length;
  }

  /** Ends the round in flight at its next request; its rounds are started by jobs/periodic.ts. */
  abort(): void {
    this.stopping.abort();
  }

  async check(entry: UrlCheck): Promise<CheckResult> {
    const target = probeFor(entry.platform, entry.url, this.options.extraHosts);
    const { state, httpStatus } = target ? await this.probe(target.probe, target.fetchUrl) : { state: 'not_checked' as const, httpStatus: null };
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

  private async probe(probe: Probe, url: string): Promise<{ state: RemovalState; httpStatus: number | null }> {
    let current = new URL(url);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      // The first request as well as every redirect: https, the default port, an allowed host.
      if (!allowedUrl(probe, current)) return { state: 'unknown', httpStatus: null };
      const response = await this.fetchPaced(current.href);
      if (!response) return { state: 'unknown', httpStatus: null };
      const answer = (state: RemovalState) => ({ state, httpStatus: response.status });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        // A Location we cannot parse is no answer; throwing would leave the URL unrecorded and
        // stop every round at it.
        const next = URL.parse(location, current);
        if (!next || !allowedUrl(probe, next)) return answer('unknown');
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
      const text = await readBounded(response);
      return answer(probe.unavailable.some((pattern) => pattern.test(text)) ? 'removed' : 'online');
    }
    return { state: 'unknown', httpStatus: null };
  }

  private async fetchPaced(url: string): Promise<Response | undefined> {
    const { clock = Date.now, pause = (ms, signal) => sleep(ms, undefined, { signal }) } = this.options;
    const wait = this.lastRequest + 60_000 / this.options.perMinute - clock();
    if (wait > 0) await pause(wait, this.stopping.signal).catch(() => undefined);
    this.lastRequest = clock();
    try {
      return await fetch(this.options.route ? this.options.route(url) : url, {
        redirect: 'manual',
        credentials: 'omit',
        headers: { 'User-Agent': USER_AGENT, Accept: 'text/html,application/json;q=0.9' },
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs ?? 10_000), this.stopping.signal]),
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
