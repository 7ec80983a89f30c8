import { defineConfig, type Options } from 'tsup';

/**
 * The build of every published library here: ESM and CJS (the predecessor's users `require()` it), type
 * declarations, source maps. `platform` is 'neutral' for code that must run in browsers too.
 */
export function libraryConfig(platform: Options['platform']) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform,
  });
}
