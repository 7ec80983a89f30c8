import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The pty and TCP tests wait for real devices and sockets; their own waits are bounded well below this.
    testTimeout: 20_000,
    hookTimeout: 10_000,
  },
});
