import { describe, expect, it } from 'vitest';
import { COMMANDS } from './commands.js';
import { formatHelp } from './format-help.js';
import { renderProgressBar } from './progress-bar.js';
import { sparkline } from './sparkline.js';

describe('sparkline', () => {
  it('scales values to eighths of a cell, null as a gap, zero as a dot, only the last width values', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7, 8], 8, 20)).toBe('·▁▂▃▄▅▆▇█');
    expect(sparkline([null, 4, -1], 4, 20)).toBe(' █·');
    expect(sparkline([1, 2, 3, 4], 4, 2)).toBe('▆█');
    // No export at all: dots, not a row of the lowest block that reads like a small export.
    expect(sparkline([0, 0], 0, 5)).toBe('··');
    expect(sparkline([0.001, 0], 5, 5)).toBe('▁·');
  });
});

describe('renderProgressBar', () => {
  it('shows the share done, bytes and telegrams within the width', () => {
    const half = renderProgressBar(1_500_000_000, 3_000_000_000, 1234, 80);
    const [, done, left] = /^\[(#+)(\.+)\]   50%  1\.5 GB of 3\.0 GB  1234 telegrams$/.exec(half)!;
    expect(Math.abs(done!.length - left!.length)).toBeLessThanOrEqual(1);
    expect(half.length).toBeLessThanOrEqual(80);
    expect(renderProgressBar(5_000, null, 7, 80)).toBe('5.0 kB read  7 telegrams');
    expect(renderProgressBar(1, 2, 3, 20)).toHaveLength(20);
  });
});

describe('--help', () => {
  it('lists every command, and each command has a synopsis, its flags and examples', () => {
    for (const [name, command] of Object.entries(COMMANDS)) {
      const help = formatHelp(name, command);
      expect(help).toMatch(new RegExp(`^Usage: p1 ${name}`));
      expect(help).toContain('  -h, --help');
      expect(command.examples.length).toBeGreaterThan(0);
      for (const flag of Object.keys(command.options)) expect(help).toContain(`--${flag}`);
    }
  });
});
