import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    setupFiles: ['tests/setup.ts'],
    // A hang guard, not a time limit: the property and TMK tests took over vitest's 5 s on a loaded 2-core machine.
    testTimeout: 20_000,
  },
});
