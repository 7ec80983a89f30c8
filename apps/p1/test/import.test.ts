import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Reading } from '@p1/core';
import { MeterEmulator, renderTelegram } from '@p1/emulator';
import { expectedReading } from '@p1/emulator/testing';
import { describe, expect, it } from 'vitest';
import { CLI, runP1 } from './run-p1.js';
import { spawnSync } from 'node:child_process';
import { startInfluxDB, tempDir, useServer } from '@p1/test-kit';

const dir = tempDir('import');
const START = Date.parse('2025-01-15T06:00:00Z');
const influx = useServer(startInfluxDB);

/** A capture of `count` emulated telegrams (a seed each), and the readings they hold. */
function capture(name: string, count: number, seed: number, start = START): { file: string; readings: Reading[]; bytes: Buffer } {
  const meter = new MeterEmulator({ profile: 'dsmr5', seed, start, realistic: true });
  const states = Array.from({ length: count }, () => meter.next().state);
  const bytes = Buffer.concat(states.map((s) => renderTelegram(s)));
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return { file, readings: states.map((s) => expectedReading(s)), bytes };
}

const summary = (stderr: string): RegExpMatchArray | null =>
  /p1 import: (\d+) telegrams, (\d+) points written, (\d+) rejected, .* s \(\d+ telegrams\/s\) -> /.exec(stderr);

async function electricity(db: string): Promise<unknown[][]> {
  const result = await influx().query('SELECT power_import, energy_import_t1 FROM electricity', db);
  return result.results[0]?.series?.[0]?.values ?? [];
}

describe('p1 import into a real InfluxDB 1.x', () => {
  it('imports plain and gzip captures in batches, and a second import stores nothing twice', async () => {
    await influx().query('CREATE DATABASE imported');
    // More points than one batch (5000), in two files, one of them gzip.
    const first = capture('first.p1', 4000, 1);
    // The next day's capture.
    const second = capture('second.p1', 3000, 2, START + 86_400_000);
    const gz = join(dir, 'second.p1.gz');
    writeFileSync(gz, gzipSync(second.bytes));
    const args = ['import', first.file, gz, '--url', influx().url, '--database', 'imported'];
    const run = await runP1(args);
    expect(run.code, run.stderr).toBe(0);
    const [, telegrams, written, rejected] = summary(run.stderr)!;
    expect([telegrams, rejected]).toEqual(['7000', '0']);
    const row = (r: Reading): unknown[] => [Date.parse(r.timestamp!) / 1000, r.electricity.received.actual.reading, r.electricity.received.tariff1.reading];
    const expected = [...first.readings.map(row), ...second.readings.map(row)];
    const stored = await electricity('imported');
    expect(stored).toEqual(expected);

    const again = await runP1(args);
    expect(again.code, again.stderr).toBe(0);
    expect(summary(again.stderr)?.[2]).toBe(written);
    expect(await electricity('imported')).toEqual(stored);
  });

  it('exits 1 when the input holds no telegram, or InfluxDB cannot be written; 2 for a wrong option', async () => {
    const empty = join(dir, 'empty.p1');
    writeFileSync(empty, 'no telegram here\r\n');
    const none = await runP1(['import', empty, '--url', influx().url, '--database', 'imported']);
    expect(none.code, none.stderr).toBe(1);
    expect(none.stderr).toContain('p1 import: no telegram');

    const { file } = capture('small.p1', 3, 3);
    const missing = await runP1(['import', file, '--url', influx().url, '--database', 'absent']);
    expect(missing.code, missing.stderr).toBe(1);
    expect(missing.stderr).toMatch(/database not found.*\(create it: influx -execute 'CREATE DATABASE "absent"'\)/);

    const unreadable = await runP1(['import', join(dir, 'nope.p1'), '--url', influx().url, '--database', 'imported']);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain('cannot read');

    const broken = join(dir, 'broken.p1.gz');
    writeFileSync(broken, gzipSync(Buffer.from('x'.repeat(1000))).subarray(0, 30));
    const damaged = await runP1(['import', broken, '--url', influx().url, '--database', 'imported']);
    expect(damaged.code, damaged.stderr).toBe(1);

    for (const args of [['import', '--database', 'p1'], ['import', file], ['import', file, '--database', 'p1', '--crc', 'maybe']]) {
      const run = await runP1(args);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
    }
  });

  it('draws a progress bar on a terminal', async () => {
    await influx().query('CREATE DATABASE shown');
    const { file } = capture('shown.p1', 500, 4);
    // python3's pty.spawn gives p1 a pseudo-terminal for stdin, stdout and stderr, and copies what it writes.
    const run = spawnSync('python3', ['-c', 'import pty, sys; pty.spawn(sys.argv[1:])', process.execPath, CLI, 'import', file, '--url', influx().url, '--database', 'shown'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\r\[#+\]  100%  \d+(\.\d)? kB of \d+(\.\d)? kB  500 telegrams/);
    expect(run.stdout).toMatch(/p1 import: 500 telegrams, \d+ points written, 0 rejected/);
  });
});
