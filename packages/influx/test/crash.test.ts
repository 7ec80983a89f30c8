import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PACKAGE } from './built.js';
import { electricityRows, gasRows } from './expected.js';
import { meterTelegrams } from './meter.js';
import { startInfluxDB, tempDir, useServer } from '@p1/test-kit';

const influx = useServer(startInfluxDB);
const dir = tempDir('crash');


interface Run {
  taken: number;
  lines: string[];
  exit: { code: number | null; signal: NodeJS.Signals | null };
}

/** Runs the writing child from reading `from`; SIGKILLs it once it has taken `killAt` readings, if given. */
function runChild(capture: string, from: number, killAt?: number): Promise<Run> {
  const child = spawn(process.execPath, [join(PACKAGE, 'test/crash-writer.mjs'), capture, join(dir, 'spool'), influx().url, 'crash', String(from)], {
    cwd: PACKAGE,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = { taken: from, lines: [], exit: { code: null, signal: null } };
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    const text = buffered + chunk.toString();
    const lines = text.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      run.lines.push(line);
      if (line.startsWith('taken ')) run.taken = Number(line.slice(6));
      if (killAt !== undefined && run.taken >= killAt) child.kill('SIGKILL');
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      run.exit = { code, signal };
      if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`the writing child failed (${code}):\n${stderr}`));
      else resolve(run);
    });
  });
}

it('the writing process SIGKILLed mid-stream and started again: all N readings arrive, none twice', async () => {
  const telegrams = meterTelegrams(1500);
  const capture = join(dir, 'capture.p1');
  writeFileSync(capture, Buffer.concat(telegrams.map((t) => t.bytes)));
  await influx().query('CREATE DATABASE crash');

  // Killed while it writes to a running server: batches in flight, some acknowledged, some not.
  const first = await runChild(capture, 0, 500);
  expect(first.exit.signal).toBe('SIGKILL');

  // Killed again while the server is down: everything it took since is only in the spool.
  await influx().stop();
  const second = await runChild(capture, first.taken, 1000);
  expect(second.exit.signal).toBe('SIGKILL');
  await influx().start();

  // The restart sends the spool first, then carries on from the last reading reported taken (one more may be
  // taken twice: the same point at the same time, which the server stores once).
  const third = await runChild(capture, second.taken);
  expect(third.exit.code).toBe(0);
  const replayed = Number(/^event replay (\d+)$/m.exec(third.lines.join('\n'))?.[1]);
  expect(replayed).toBeGreaterThanOrEqual(second.taken - first.taken);
  expect(third.lines.at(-1)).toMatch(/^done .*"spooled":0/);

  expect(await influx().rows('SELECT * FROM electricity', 'crash')).toEqual(electricityRows(telegrams));
  expect(await influx().rows('SELECT * FROM mbus', 'crash')).toEqual(gasRows(telegrams));
});
