/**
 * A bound on one await of a test or of the harness, naming what it waited for. Puppeteer bounds its waits for
 * selectors and frames, but not a CDP call (evaluate, bringToFront: 180 s, past the 60 s test timeout) nor a
 * promise of the extension's that never settles: without a bound, such a hang fails as the runner's bare
 * "Test timed out", which says nothing of where. Steps still running when a test fails are named in its failure
 * (e2e/setup-steps.ts), so waits that add up past the test timeout show too; E2E_DEBUG=1 traces each step's duration.
 */
import { trace } from './harness-trace';
import { TIMED_OUT, withTimeout } from './worker-lifecycle';

/** Long enough for a CDP call or a message on a loaded machine; well inside the 60 s a test has. */
export const STEP_MS = 20_000;

const running = new Set<{ what: string; started: number }>();

export async function step<T>(what: string, promise: Promise<T>, ms = STEP_MS): Promise<T> {
  const entry = { what, started: performance.now() };
  running.add(entry);
  try {
    const outcome = await withTimeout(promise, ms);
    const took = Math.round(performance.now() - entry.started);
    if (outcome === TIMED_OUT) {
      trace(`step: ${what}: no outcome after ${took} ms`);
      throw new Error(`${what}: no outcome within ${ms} ms`);
    }
    trace(`step: ${what} (${took} ms)`);
    return outcome;
  } finally {
    running.delete(entry);
  }
}

/** The steps started since `since` (performance.now()) and not finished, each with how long it has run. */
export function runningSteps(since: number): string[] {
  const now = performance.now();
  return [...running].filter((entry) => entry.started >= since).map((entry) => `${entry.what} (for ${Math.round(now - entry.started)} ms)`);
}
