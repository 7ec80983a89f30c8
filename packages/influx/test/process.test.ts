import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PACKAGE } from './built.js';
import { freePort, tempDir } from '@p1/test-kit';

const dir = tempDir('process');

/** Runs a module script against the built package; its own timeout kills it if the writer keeps it alive. */
function script(source: string): ReturnType<typeof spawnSync> {
  return spawnSync(process.execPath, ['--input-type=module', '-e', source], { cwd: PACKAGE, encoding: 'utf8', timeout: 20_000 });
}

it('a writer does not keep the process alive: a script that ends without close() exits, its points on disk', async () => {
  const url = `http://127.0.0.1:${await freePort()}`;
  const spoolDir = join(dir, 'spool');
  const write = script(`
    import { emptyReading } from '@p1/core';
    import { createInfluxWriter } from './dist/index.js';
    const writer = await createInfluxWriter({ target: { version: 1, url: '${url}', database: 'p1' }, spoolDir: ${JSON.stringify(spoolDir)}, onEvent() {} });
    const reading = emptyReading('X');
    reading.timestamp = '2025-01-15T00:00:00.000Z';
    reading.electricity.received.tariff1.reading = 1;
    console.log(await writer.write(reading), writer.stats.taken);
  `);
  expect(write.signal).toBeNull();
  expect(write.stdout).toBe('true 1\n');

  const replay = script(`
    import { createInfluxWriter } from './dist/index.js';
    const writer = await createInfluxWriter({ target: { version: 1, url: '${url}', database: 'p1' }, spoolDir: ${JSON.stringify(spoolDir)}, onEvent() {} });
    console.log(writer.stats.spooled);
    await writer.close(0);
  `);
  expect(replay.stdout).toBe('1\n');
});
