import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/built.ts'],
    // The server tests start real InfluxDB and VictoriaMetrics processes, and one waits out a 10 s outage.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
