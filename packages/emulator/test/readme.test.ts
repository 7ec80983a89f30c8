import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readmeExamples, testReadmeExamples } from '@p1/test-kit';
import { describe, expect, it } from 'vitest';
import { USAGE } from '../src/run-cli.js';

// The README promises its examples run as they stand: run each `js` block with node, against the built package.
const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const examples = readmeExamples(root);

describe('README examples', () => {
  it('has one for every way to use the emulator', () => {
    expect(examples.map((e) => e.title)).toEqual([
      'The meter itself: telegrams and the state behind them',
      'Events on a clock, in fake time',
      'An async iterable of byte chunks',
      'A serial port in-process (serialport binding)',
      'A P1 dongle on TCP',
      'A pseudo-terminal: a real device path',
      'An encrypting Luxembourg Smarty',
    ]);
  });

  it('shows the CLI options as `p1-emulator --help` prints them', () => {
    const options = USAGE.split('\n').filter((line) => /^ {2}--(?!help)/.test(line));
    expect(options.length).toBeGreaterThan(15);
    for (const line of options) expect(readme).toContain(line);
  });

  testReadmeExamples(root, examples);
});
