import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

it('a listener that throws ends the process with its own error, not an unhandled rejection from serialport', () => {
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist is missing: run pnpm --filter @p1/serial build first');
  const code = `
    import { P1Reader } from '@p1/serial';
    const reader = new P1Reader({ emulator: true, emulatorOverrides: { profile: 'dsmr5', speed: 0 } });
    reader.on('reading', () => { throw new Error('boom in my listener'); });
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '--eval', code], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('Error: boom in my listener');
  expect(result.stderr).not.toMatch(/unhandled ?rejection/i);
});
