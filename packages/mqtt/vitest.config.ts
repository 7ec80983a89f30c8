import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/built.ts'],
    // The broker tests start real Mosquitto processes and wait out outages: room for a loaded 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
