import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The browser tests start Chromium, p1 serve and the emulator: room for a loaded Raspberry Pi or 2-core CI.
    testTimeout: 300_000,
    hookTimeout: 120_000,
    // One Chromium at a time: two would fight over two cores and make every wait longer.
    fileParallelism: false,
  },
});
