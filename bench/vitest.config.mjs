import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.mjs', 'test/**/*.test.mjs'],
    // Each corpus test parses hundreds of telegrams: well under a second on an idle laptop, several on a loaded
    // Raspberry Pi. Room for that, not vitest's 5 s.
    testTimeout: 60_000,
  },
});
