import { defineConfig } from 'vitest/config';

// `pnpm --filter @p1/web screenshots`: the README's pictures, made with the test harness (not a test: nothing is
// asserted, and `pnpm test` does not run it).
export default defineConfig({
  test: {
    include: ['scripts/screenshots.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
