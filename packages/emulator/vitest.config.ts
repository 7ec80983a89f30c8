import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // test/ starts processes, socat pseudo-terminals and TCP servers; their waits are bounded by test-kit's waitFor.
    // Room for a loaded Raspberry Pi, not vitest's 5 s.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
