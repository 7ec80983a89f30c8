import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/cli.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  // esbuild keeps src/cli.ts's `#!/usr/bin/env node` line, so dist/cli.js runs as the `p1` bin.
  // The workspace packages are loaded when a command needs them, so that `p1 parse` does not wait for InfluxDB code
  // and a package that is not installed gives a clear message instead of a crash at start.
  external: ['@p1/core', '@p1/emulator', '@p1/influx', '@p1/mqtt', '@p1/serial'],
});
