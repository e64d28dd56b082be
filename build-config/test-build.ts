/**
 * The test build: `FLAGPOST_TEST_HOOKS=1 wxt build` (`npm run build:test`) is the shipped build plus the
 * service worker's test hooks (`globalThis.flagpost`, utils/background/test-hooks.ts), in its own folder
 * (dist/chrome-mv3-test) so that dist/chrome-mv3 and the store packages never carry them. The end-to-end
 * tests, `npm run hash` and the benchmarks that call the hooks run on it (e2e/test-build.ts builds it when missing or stale).
 */
export const TEST_HOOKS_ENV = 'FLAGPOST_TEST_HOOKS';
/** What WXT adds to the build folder's name (`chrome-mv3` → `chrome-mv3-test`). */
export const TEST_BUILD_SUFFIX = '-test';

export function testHooksWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[TEST_HOOKS_ENV] === '1';
}
