// Tests that run a package in a child process use its built dist: built once before the tests (vitest's
// globalSetup; turbo builds first anyway) if it is missing or older than src.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Builds the package in `packageDir` with tsup unless its `dist/index.js` is newer than every file in `src`. */
export function ensureBuilt(packageDir: string): void {
  const newest = (dir: string): number => Math.max(...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs));
  let built = 0;
  try {
    built = statSync(join(packageDir, 'dist/index.js')).mtimeMs;
  } catch {
    // Not built yet.
  }
  if (built > newest(join(packageDir, 'src'))) return;
  const tsup = join(packageDir, '../../node_modules/tsup/dist/cli-default.js');
  const result = spawnSync(process.execPath, [tsup], { cwd: packageDir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building ${packageDir} for a child process failed:\n${result.stdout}${result.stderr}`);
}
