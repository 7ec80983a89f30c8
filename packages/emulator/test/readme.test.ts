import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { USAGE } from '../src/run-cli.js';

// The README promises its examples run as they stand: run each `js` block with node, against the built package.
const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const examples = [...readme.matchAll(/^### (.+)\n[\s\S]*?```js\n([\s\S]*?)```/gm)].map((m) => ({ title: m[1]!, code: m[2]! }));

describe('README examples', () => {
  it('has one for every way to use the emulator', () => {
    expect(examples.map((e) => e.title)).toEqual([
      'The meter itself: telegrams and the state behind them',
      'Events on a clock, in fake time',
      'An async iterable of byte chunks',
      'A serial port in-process (serialport binding)',
      'A P1 dongle on TCP',
      'A pseudo-terminal: a real device path',
    ]);
  });

  it('shows the CLI options as `p1-emulator --help` prints them', () => {
    const options = USAGE.split('\n').filter((line) => /^ {2}--(?!help)/.test(line));
    expect(options.length).toBeGreaterThan(15);
    for (const line of options) expect(readme).toContain(line);
  });

  for (const { title, code } of examples) {
    it(`runs: ${title}`, () => {
      if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist is missing: run pnpm --filter @p1/emulator build first');
      // `@p1/emulator` resolves to this package by its own name (package.json "exports"), from its folder.
      const result = spawnSync(process.execPath, ['--input-type=module', '--eval', code], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout.trim().length).toBeGreaterThan(0);
    });
  }
});
