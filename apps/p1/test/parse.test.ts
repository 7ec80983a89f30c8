import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { crc16x25, latin1Bytes, type Reading } from '@p1/core';
import { toLineProtocol } from '@p1/influx';
import { describe, expect, it } from 'vitest';
import { CSV_HEADER } from '../src/csv-columns.js';
import { expectedReading, fixtureBytes, fixturePath } from './fixtures.js';
import { runCli } from '../src/run-cli.js';
import { CLI, jsonLines, runP1 } from './run-p1.js';
import { tempDir } from '@p1/test-kit';

const dir = tempDir('parse');
const SEED = 'dsmr42-seed-readme-reading-structure';
const AM550 = 'dsmr5-iskra-am550-three-phase';
const BE = 'emucs17-fluvius-capacity-13-months';
const BAD_CRC = 'quirk-crc-invalid-sagemcom-t210-d';

function file(name: string, ...parts: (string | Uint8Array)[]): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p))));
  return path;
}

describe('p1 parse', () => {
  it('turns each telegram into a JSON line holding its reading, across files, in order', async () => {
    const run = await runP1(['parse', fixturePath(SEED), fixturePath(AM550), fixturePath(BE)]);
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([expectedReading(SEED), expectedReading(AM550), expectedReading(BE)]);
    expect(run.stderr).toBe('p1 parse: 3 telegrams, 0 CRC failures, 0 incomplete, 0 garbage bytes\n');
  });

  it('reads stdin when no file (or -) is given', async () => {
    for (const args of [['parse'], ['parse', '-']]) {
      const run = await runP1(args, { input: Buffer.concat([fixtureBytes(AM550), fixtureBytes(SEED)]) });
      expect(run.code).toBe(0);
      expect(jsonLines(run.stdout)).toEqual([expectedReading(AM550), expectedReading(SEED)]);
    }
  });

  it('writes CSV with the documented columns, empty cells for what a telegram lacks', async () => {
    const run = await runP1(['parse', '--format', 'csv', fixturePath(SEED), fixturePath(AM550)]);
    expect(run.code).toBe(0);
    const [header, seed, am550, end] = run.stdout.split('\n');
    expect(`${header}\n`).toBe(CSV_HEADER);
    const row = (line: string | undefined) => Object.fromEntries(header!.split(',').map((name, i) => [name, line!.split(',')[i]]));
    expect(row(seed)).toMatchObject({
      timestamp: '2010-12-09T10:30:20.000Z',
      meter_type: 'ISk5\\2MT382-1000',
      tariff: '2',
      energy_import_t1_kwh: '123456.789',
      power_import_kw: '1.193',
      energy_import_total_kwh: '',
      power_import_l3_kw: '3.333',
      voltage_l2_v: '232',
      current_l3_a: '3',
      gas_m3: '12785.123',
      gas_timestamp: '2010-12-09T10:00:00.000Z',
    });
    expect(row(am550)).toMatchObject({ energy_import_t2_kwh: '704.918', energy_export_t2_kwh: '2105.006', power_export_kw: '3.402', power_export_l1_kw: '1.187', gas_m3: '', gas_timestamp: '' });
    expect(end).toBe('');
  });

  it('writes a Swedish meter\'s totals and reactive registers to their CSV columns, as the README lists them', async () => {
    const run = await runP1(['parse', '--format', 'csv', fixturePath('se-landis-gyr-e360-lgf5')]);
    expect(run.code).toBe(0);
    const [header, values] = run.stdout.split('\n');
    const row = Object.fromEntries(header!.split(',').map((name, i) => [name, values!.split(',')[i]]));
    expect(row).toMatchObject({
      energy_import_total_kwh: '10501.076',
      energy_export_total_kwh: '0',
      reactive_energy_import_kvarh: '1761.087',
      reactive_energy_export_kvarh: '8.391',
      reactive_power_import_kvar: '0.135',
      reactive_power_export_l1_kvar: '0.208',
      energy_import_t1_kwh: '',
    });
    const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');
    const documented = readme.slice(readme.indexOf('CSV columns, in this order'));
    const listed = [...documented.slice(0, documented.indexOf('\n\n')).matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1]);
    expect(listed).toEqual(header!.split(','));
  });

  it('writes values sent in Wh, W, varh and var in the units the CSV columns name (an Austrian T210-D-R)', async () => {
    const run = await runP1(['parse', '--format', 'csv', join(import.meta.dirname, '../../../fixtures/encrypted/est5-sagemcom-t210-d-r-esphome.plain.txt')]);
    expect(run.code).toBe(0);
    const [header, values] = run.stdout.split('\n');
    const row = Object.fromEntries(header!.split(',').map((name, i) => [name, values!.split(',')[i]]));
    // Sent as 1-0:1.8.1(005017120*Wh), 1-0:1.7.0(00000286*W), 1-0:3.8.0(000000747*varh), 1-0:4.7.0(000000166*var)
    expect(row).toMatchObject({ energy_import_t1_kwh: '5017.12', power_import_kw: '0.286', energy_import_total_kwh: '6545.766', reactive_energy_import_kvarh: '0.747', reactive_power_export_kvar: '0.166' });
  });

  it('writes InfluxDB line protocol as @p1/influx maps a reading, under either schema', async () => {
    for (const schema of ['full', 'p1-to-influxdb'] as const) {
      const run = await runP1(['parse', '-f', 'influx', '--schema', schema, fixturePath(SEED), fixturePath(AM550)]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(toLineProtocol(expectedReading(SEED), schema) + toLineProtocol(expectedReading(AM550), schema));
    }
  });

  it('writes each M-Bus value once per capture time, not in every telegram that repeats it', async () => {
    // 20 emulated minutes of DSMR 5: 1200 telegrams, a gas value captured every 5 minutes.
    const emulated = await runP1(['emulate', '--count', '1200', '--start', '2025-01-15T08:00:30Z', '--stdout']);
    expect(emulated.code, emulated.stderr).toBe(0);
    const capture = file('twenty-minutes.txt', emulated.stdout);
    const run = await runP1(['parse', '-f', 'influx', capture]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    const mbus = lines.filter((l) => l.startsWith('mbus,'));
    const times = new Set(jsonLines((await runP1(['parse', capture])).stdout).map((r) => (r as Reading).mbus[0]!.timestamp));
    expect(times.size).toBe(5); // 08:00 (before the start) and 08:05, 08:10, 08:15, 08:20
    expect(mbus).toHaveLength(times.size);
    expect(new Set(mbus.map((l) => l.split(' ').at(-1))).size).toBe(times.size);
    expect(lines.filter((l) => l.startsWith('electricity,'))).toHaveLength(1200);
  });

  it('leaves telegrams without a time out of line protocol, and says so', async () => {
    const run = await runP1(['parse', '-f', 'influx', fixturePath('dsmr22-iskra-mt382'), fixturePath(SEED)]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(toLineProtocol(expectedReading(SEED)));
    expect(run.stderr).toContain('2 telegrams, 0 CRC failures, 0 incomplete, 0 garbage bytes, 1 without a time left out');
  });

  it('counts CRC failures, cut-off telegrams and garbage bytes in the summary', async () => {
    const seed = fixtureBytes(SEED);
    const capture = file('mixed.txt', 'noise before\r\n', seed, fixtureBytes(BAD_CRC), seed.subarray(0, 200), fixtureBytes(AM550), '\x00\xff tail');
    const run = await runP1(['parse', '--verbose', capture]);
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([expectedReading(SEED), expectedReading(AM550)]);
    expect(run.stderr).toContain('CRC mismatch');
    expect(run.stderr).toMatch(/p1 parse: 2 telegrams, 1 CRC failure, 1 incomplete, 21 garbage bytes\n$/);
  });

  it('keeps telegrams with a wrong CRC with --crc lenient', async () => {
    const run = await runP1(['parse', '--crc', 'lenient', fixturePath(BAD_CRC)]);
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([expectedReading(BAD_CRC)]);
  });

  it('reads a meter that seals with CRC-16/X-25 (Holley DTSD545) with --crc-algorithm x25, and refuses other names', async () => {
    const body = '/HLY5/D545-METER\r\n\r\n1-0:1.8.1(000123.456*kWh)\r\n!';
    const holley = file('holley.txt', `${body}${crc16x25(latin1Bytes(body)).toString(16).toUpperCase().padStart(4, '0')}\r\n`);
    const run = await runP1(['parse', '--crc-algorithm', 'x25', holley]);
    expect(run.code).toBe(0);
    expect((jsonLines(run.stdout)[0] as Reading).electricity.received.tariff1.reading).toBe(123.456);
    expect((await runP1(['parse', holley])).stderr).toMatch(/0 telegrams, 1 CRC failure/);
    const wrong = await runP1(['parse', '--crc-algorithm', 'crc32', holley]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--crc-algorithm must be arc or x25, got "crc32"/);
  });

  it('exits 1 when the input holds no telegram, and says why', async () => {
    const cases: [string, RegExp][] = [
      [file('empty.txt'), /0 telegrams, 0 CRC failures, 0 incomplete, 0 garbage bytes\np1 parse: no telegram in the input\n$/],
      [file('garbage.txt', 'hello\r\nworld\r\n'), /14 garbage bytes\np1 parse: no telegram in the input\n$/],
      [fixturePath(BAD_CRC), /1 CRC failure[\s\S]*every one failed its CRC check \(--crc lenient keeps them\)/],
      [file('cut.txt', fixtureBytes(SEED).subarray(0, 300)), /0 telegrams, 0 CRC failures, 1 incomplete/],
    ];
    for (const [path, message] of cases) {
      const run = await runP1(['parse', path]);
      expect(run.code, path).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
    }
  });

  it('reads no readings from a binary file or made-up frames, and exits 1 (issue #12)', async () => {
    const binary = file('node-binary', readFileSync(process.execPath).subarray(0, 8 << 20));
    const made = file('made-up.txt', '/)!', '/\xff\xfe\n!Z', '/garbage\r\n\r\nhello world\r\n!\r\n', '/ab\r\n1-0:1.8.1(000123.456*kWh)\r\n!\r\n');
    for (const path of [binary, made]) {
      for (const crc of ['strict', 'lenient']) {
        const run = await runP1(['parse', '--crc', crc, path]);
        expect(run.code, path).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(/p1 parse: 0 telegrams, 0 CRC failures, .*garbage bytes/);
      }
    }
    expect((await runP1(['parse', made])).stderr).toMatch(/1 not P1 text\np1 parse: no telegram in the input: its bytes are not P1 text/);
    const noCrc = file('dsmr5-without-crc.txt', '/ISK5\\2M550T-1012\r\n\r\n1-3:0.2.8(50)\r\n!\r\n');
    const missing = await runP1(['parse', '--crc', 'lenient', noCrc]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/0 telegrams, 1 CRC failure \(1 without CRC\)[\s\S]*--crc off reads them unchecked/);
    expect((await runP1(['parse', '--crc', 'off', noCrc])).code).toBe(0);
  });

  it('exits 1 for a file it cannot read, 2 for a wrong option', async () => {
    const missing = await runP1(['parse', join(dir, 'nope.txt')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`p1 parse: cannot read ${join(dir, 'nope.txt')}: no such file`);
    const format = await runP1(['parse', '--format', 'xml', fixturePath(SEED)]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format must be ndjson, csv, influx, got "xml"');
    const schema = await runP1(['parse', '-f', 'influx', '--schema', 'fancy', fixturePath(SEED)]);
    expect(schema.code).toBe(2);
    expect(schema.stderr).toContain('--schema must be full or p1-to-influxdb');
  });

  it('stops quietly when the reader of its output goes away', async () => {
    const big = file('many.txt', ...Array.from({ length: 2000 }, () => fixtureBytes(AM550)));
    const piped = spawnSync('sh', ['-c', `node "${CLI}" parse "${big}" | head -n 1`], { encoding: 'utf8' });
    expect(piped.status).toBe(0);
    expect(jsonLines(piped.stdout)).toEqual([expectedReading(AM550)]);
    expect(piped.stderr).not.toContain('EPIPE');
  });

  it('parses a capture larger than its heap in flat memory', async () => {
    const capture = join(dir, 'large.txt');
    const fd = openSync(capture, 'w');
    spawnSync(process.execPath, [CLI, 'emulate', '--count', '40000', '--profile', 'dsmr5', '--stdout'], { stdio: ['ignore', fd, 'inherit'] });
    closeSync(fd);
    expect(statSync(capture).size).toBeGreaterThan(32 * 1024 * 1024);
    // A 24 MB heap cannot hold the file, nor its readings: only streaming gets through.
    const run = await runP1(['parse', '--format', 'csv', capture], { nodeArgs: ['--max-old-space-size=24'] });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('p1 parse: 40000 telegrams, 0 CRC failures, 0 incomplete, 0 garbage bytes\n');
    expect(run.stdout.split('\n')).toHaveLength(40002);
  });

  it('draws a progress bar on stderr when stderr is a terminal', async () => {
    const capture = file('progress.txt', ...Array.from({ length: 4000 }, () => fixtureBytes(AM550)));
    const stdout = new PassThrough().resume();
    const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 70 });
    let drawn = '';
    stderr.on('data', (d: Buffer) => (drawn += d.toString()));
    const code = await runCli(['parse', capture], { stdin: new PassThrough(), stdout, stderr, env: {}, signal: new AbortController().signal });
    expect(code).toBe(0);
    expect(drawn).toMatch(/^\r\[#*\.*\] +\d+%  [\d.]+ [kM]B of 3\.3 MB  \d+ telegrams\x1b\[K/);
    expect(drawn).toMatch(/\r\x1b\[Kp1 parse: 4000 telegrams, 0 CRC failures, 0 incomplete, 0 garbage bytes\n$/);
  });
});
