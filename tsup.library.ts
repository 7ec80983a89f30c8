import { defineConfig, type Options } from 'tsup';

/**
 * Type declarations, unless `P1_BUILD_NO_TYPES=1`: `pnpm start` builds without them, because generating them is most
 * of a cold build's time and running the `p1` command does not need them.
 */
export const withTypes = process.env.P1_BUILD_NO_TYPES !== '1';

/**
 * The build of every published library here: ESM and CJS (the predecessor's users `require()` it), type
 * declarations, source maps. `platform` is 'neutral' for code that must run in browsers too.
 */
export function libraryConfig(platform: Options['platform']) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: withTypes,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform,
  });
}
