import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The pty and TCP tests wait for real devices and sockets, each wait bounded by test-kit's waitFor (30 s); a
    // test may wait twice. Sized for a loaded Raspberry Pi, not a fast laptop.
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
