import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The property tests run hundreds to thousands of cases each: about a second on an idle laptop, over ten on a
    // loaded Raspberry Pi. Room for that, not vitest's 5 s.
    testTimeout: 60_000,
  },
});
