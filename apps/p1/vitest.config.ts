import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The command tests run the built CLI as processes and start real servers: give them room on a 2-core CI.
    testTimeout: 60_000,
    // After each test file: no output of a p1 run held a secret it was given.
    setupFiles: ['test/no-secrets.ts'],
    hookTimeout: 60_000,
  },
});
