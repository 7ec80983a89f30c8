import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect, it } from 'vitest';

export interface ReadmeExample {
  title: string;
  code: string;
}

/**
 * The `js` examples of the README in a package folder, each with the `###` heading it stands under. By default a
 * block may follow its heading after some text; `pattern` (global, two groups: title and code) says otherwise.
 */
export function readmeExamples(root: string, pattern = /^### (.+)\n[\s\S]*?```js\n([\s\S]*?)```/gm): ReadmeExample[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  return [...readme.matchAll(pattern)].map((m) => ({ title: m[1]!, code: m[2]! }));
}

/**
 * Runs an example with node from the package folder, where the package resolves to itself by its own name
 * (package.json "exports"), against its build. A minute for node to start and import on a loaded Raspberry Pi.
 */
export function runReadmeExample(root: string, code: string): SpawnSyncReturns<string> {
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error(`dist is missing: build the package in ${basename(root)} first`);
  return spawnSync(process.execPath, ['--input-type=module', '--eval', code], { cwd: root, encoding: 'utf8', timeout: 60_000 });
}

/** One test per example: it runs with node, writes something to stdout, nothing to stderr, and exits 0. */
export function testReadmeExamples(root: string, examples: readonly ReadmeExample[]): void {
  for (const { title, code } of examples) {
    it(`runs: ${title}`, () => {
      const result = runReadmeExample(root, code);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout.trim().length).toBeGreaterThan(0);
    });
  }
}
