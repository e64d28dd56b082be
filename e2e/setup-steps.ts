/**
 * Every e2e file (vitest.e2e.config.ts setupFiles): a test that fails while steps of its own are still running
 * (e2e/step.ts) names them in its failure. A "Test timed out" then says what it was waiting for, and for how long;
 * and, for an await no step bounds, which CDP calls were still unanswered and the last messages (e2e/cdp-calls.ts).
 */
import { afterEach, beforeEach } from 'vitest';
import { cdpCallsReport, watchCdpCalls } from './cdp-calls';
import { runningSteps } from './step';

let testStarted = 0;
watchCdpCalls();

beforeEach(() => {
  testStarted = performance.now();
});

afterEach(({ task }) => {
  if (task.result?.state !== 'fail') return;
  const unfinished = runningSteps(testStarted);
  const timedOut = task.result.errors?.some((error) => /timed out/i.test(error.message ?? ''));
  const cdp = timedOut ? cdpCallsReport(testStarted) : [];
  if (unfinished.length || cdp.length) throw new Error(`still running when the test ended: ${[...unfinished, ...cdp].join('; ')}`);
});
