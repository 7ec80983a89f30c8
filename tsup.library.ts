import { defineConfig, type Options } from 'tsup';

/**
 * Type declarations, unless `P1_BUILD_NO_TYPES=1`: `pnpm start` builds without them, because generating them is most
 * of a cold build's time and running the `p1` command does not need them.
 */
export const withTypes = process.env.P1_BUILD_NO_TYPES !== '1';

/**
 * The build of every published library here: ESM and CJS (the predecessor's users `require()` it), type
 * declarations, source maps. `platform` is 'neutral' for code that must run in browsers too. `entry` lists the
 * package's entry points: `src/index.ts` (the public API) and subpaths such as `src/internal.ts` (for p1's own
 * packages and tests, see package.json `exports`). Code the entries share lives in one chunk (`splitting`, for CJS
 * too), so `@p1/core` and `@p1/core/internal` hand out the same classes.
 */
export function libraryConfig(platform: Options['platform'], entry: string[] = ['src/index.ts']) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: withTypes,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform,
    splitting: true,
  });
}
