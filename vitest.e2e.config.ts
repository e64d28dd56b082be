import { defineConfig } from 'vitest/config';

// End-to-end tests: real Chromium + the built extension. Run with
//   npx vitest run --config vitest.e2e.config.ts
// One file at a time: each file launches its own browser.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    // The test build (dist/chrome-mv3-test), made first if it is missing or stale: e2e/test-build.ts.
    globalSetup: ['e2e/global-setup.ts'],
    // A failed test names the harness steps it was still waiting on (e2e/step.ts).
    setupFiles: ['e2e/setup-steps.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
