import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The command tests run the built CLI as processes and start real servers: give them room on a 2-core CI.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
