import { defineConfig } from 'vitest/config';

// `pnpm bench` (turbo) runs bench/dashboard.bench.ts through vitest so that it shares the tests' Chromium and
// p1 serve helpers. It measures and prints; it asserts nothing, and `pnpm test` does not run it.
export default defineConfig({
  test: {
    include: ['bench/*.bench.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 300_000,
    disableConsoleIntercept: true,
    reporters: ['dot'],
  },
});
