/**
 * Every e2e file (vitest.e2e.config.ts setupFiles): a test that fails while steps of its own are still running
 * (e2e/step.ts) names them in its failure. A "Test timed out" then says what it was waiting for, and for how long.
 */
import { afterEach, beforeEach } from 'vitest';
import { runningSteps } from './step';

let testStarted = 0;

beforeEach(() => {
  testStarted = performance.now();
});

afterEach(({ task }) => {
  const unfinished = runningSteps(testStarted);
  if (task.result?.state === 'fail' && unfinished.length) throw new Error(`still running when the test ended: ${unfinished.join('; ')}`);
});
