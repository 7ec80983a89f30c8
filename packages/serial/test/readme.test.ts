import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The README promises its examples run as they stand: run each `js` block under a `###` heading with node, against
// the built package (`@p1/serial` resolves to this folder by its own name through package.json "exports").
const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const examples = [...readme.matchAll(/^### (.+)\n\n```js\n([\s\S]*?)```/gm)].map((m) => ({ title: m[1]!, code: m[2]! }));

describe('README examples', () => {
  it('has one for each way in', () => {
    expect(examples.map((e) => e.title)).toEqual(['Emulator mode', 'for await, with an AbortSignal', 'A TCP dongle', 'detect()', 'listPorts()']);
  });

  for (const { title, code } of examples) {
    it(`runs: ${title}`, () => {
      if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist is missing: run pnpm --filter @p1/serial build first');
      const result = spawnSync(process.execPath, ['--input-type=module', '--eval', code], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout.trim().length).toBeGreaterThan(0);
    });
  }
});
