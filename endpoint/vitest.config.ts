import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/support/global-setup.ts'],
    // Generous: the CLI tests start real processes, and CI machines are often busy.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
