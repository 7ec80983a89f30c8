import { cp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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
  // `p1 serve`'s dashboard ships inside this package (dist/web): @p1/web is a private workspace package, built first.
  async onSuccess() {
    const web = dirname(createRequire(import.meta.url).resolve('@p1/web/package.json'));
    await cp(join(web, 'dist'), 'dist/web', { recursive: true });
  },
});
