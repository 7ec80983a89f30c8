import { defineConfig } from 'tsup';
import { withTypes } from '../../tsup.library.js';

// One config, so that one `clean` runs before every entry builds (two configs clean and build concurrently, and one
// could delete the other's output). The CLI keeps its `#!/usr/bin/env node` line: esbuild preserves an entry's
// hashbang, so `dist/cli.js` runs as the `p1-emulator` bin.
export default defineConfig({
  entry: ['src/index.ts', 'src/testing.ts', 'src/internal.ts', 'src/cli.ts'],
  format: ['esm', 'cjs'],
  dts: withTypes && { entry: ['src/index.ts', 'src/testing.ts', 'src/internal.ts'] },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'node',
  // Code the entries share lives in one chunk, for CJS too: `@p1/emulator` and its subpaths hand out the same classes.
  splitting: true,
});
