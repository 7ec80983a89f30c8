// Tests that run the package in a child process use the built dist: built once before the tests (vitest's
// globalSetup; turbo builds first anyway) if it is missing or older than src.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');

export default function ensureBuilt(): void {
  const newest = (dir: string): number => Math.max(...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs));
  let built = 0;
  try {
    built = statSync(join(PACKAGE, 'dist/index.js')).mtimeMs;
  } catch {
    // Not built yet.
  }
  if (built > newest(join(PACKAGE, 'src'))) return;
  const tsup = join(PACKAGE, '../../node_modules/tsup/dist/cli-default.js');
  const result = spawnSync(process.execPath, [tsup], { cwd: PACKAGE, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building @p1/mqtt for a child process failed:\n${result.stdout}${result.stderr}`);
}
