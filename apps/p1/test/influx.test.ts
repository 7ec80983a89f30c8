import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reading } from '@p1/core';
import { MeterEmulator } from '@p1/emulator';
import { expectedReading } from '@p1/emulator/testing';
import { describe, expect, it } from 'vitest';
// The InfluxDB 1.6 server of @p1/influx's tests: one helper starts influxd for both packages.
import { runP1, secret, startP1 } from './run-p1.js';
import { freePort, startInfluxDB, tempDir, useServer } from '@p1/test-kit';

const dir = tempDir('influx');
const START = '2025-01-15T06:00:00Z';
const influx = useServer(startInfluxDB);

async function database(name: string): Promise<string> {
  await influx().query(`CREATE DATABASE "${name}"`);
  return name;
}

/** The series of a query's first statement. */
async function series(q: string, db: string): Promise<{ name: string; columns: string[]; values: unknown[][] }[]> {
  return (await influx().query(q, db)).results[0]?.series ?? [];
}

/** The readings the emulator with these options sends. */
function emulated(count: number, options: ConstructorParameters<typeof MeterEmulator>[0]): Reading[] {
  const meter = new MeterEmulator(options);
  return Array.from({ length: count }, () => expectedReading(meter.next().state));
}

/** The `electricity` points in a database as [time, power_import, energy_import_t1, voltage_l1, tariff] rows. */
async function electricity(db: string): Promise<unknown[][]> {
  const [electricity] = await series('SELECT power_import, energy_import_t1, voltage_l1, tariff FROM electricity', db);
  return electricity?.values ?? [];
}

const rowsOf = (readings: Reading[]): unknown[][] =>
  readings.map((r) => [
    Date.parse(r.timestamp!) / 1000,
    r.electricity.received.actual.reading,
    r.electricity.received.tariff1.reading,
    r.electricity.instantaneous.voltage.L1.reading,
    r.electricity.tariffIndicator,
  ]);

const stoppedLine = (stderr: string): RegExpMatchArray | null =>
  /p1 influx: stopped: (\d+) readings, (\d+) points written, (\d+) spooled/.exec(stderr);

describe('p1 influx against a real InfluxDB 1.x', () => {
  it('writes every reading the emulator produced, configured by environment variables', async () => {
    const db = await database('env');
    const run = await runP1(['influx', '--emulator', 'dsmr5', '--speed', '0', '--count', '25', '--seed', '5', '--start', START], {
      env: { INFLUX_URL: influx().url, INFLUX_DATABASE: db, P1_SPOOL_DIR: join(dir, 'spool-env') },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`-> ${influx().url} (schema full, spool ${join(dir, 'spool-env')})`);
    expect(stoppedLine(run.stderr)?.slice(1, 4)).toEqual(['25', expect.any(String), '0']);
    expect(await electricity(db)).toEqual(rowsOf(emulated(25, { profile: 'dsmr5', seed: 5, start: START, realistic: true })));
  });

  it('writes an encrypting Smarty meter\'s readings, the key read from the config file', async () => {
    const db = await database('smarty');
    const key = randomBytes(16).toString('hex');
    const config = join(dir, 'smarty.json');
    writeFileSync(config, JSON.stringify({ source: { emulator: 'smarty', decryptionKey: key }, influx: { url: influx().url, database: db } }));
    const run = await runP1(['influx', '--config', config, '--speed', '0', '--count', '6', '--seed', '8', '--start', START], {
      env: { P1_SPOOL_DIR: join(dir, 'spool-smarty') },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain(key);
    const sent = emulated(6, { profile: 'smarty', encryption: { key }, seed: 8, start: START, realistic: true });
    const [points] = await series('SELECT power_import, voltage_l1 FROM electricity', db);
    expect(points?.values).toEqual(sent.map((r) => [Date.parse(r.timestamp!) / 1000, r.electricity.received.actual.reading, r.electricity.instantaneous.voltage.L1.reading]));
  });

  it('sends everything spooled when it gets SIGTERM', async () => {
    const db = await database('sigterm');
    // Real pace, ten times faster: the writer's batches wait up to 10 s, so what the test finds was sent by the stop.
    const service = startP1(
      ['influx', '--emulator', 'dsmr5', '--speed', '10', '--seed', '6', '--start', START, '--url', influx().url, '--database', db, '--spool', join(dir, 'spool-term'), '--status-every', '1'],
    );
    await service.waitFor(({ stderr }) => /status: ([5-9]|\d{2,}) readings/.test(stderr), 'five readings');
    service.child.kill('SIGTERM');
    const run = await service.finished();
    expect(run.code, run.stderr).toBe(0);
    const [, readings, , spooled] = stoppedLine(run.stderr)!;
    expect(spooled).toBe('0');
    const taken = Number(readings);
    expect(taken).toBeGreaterThanOrEqual(5);
    expect(await electricity(db)).toEqual(rowsOf(emulated(taken, { profile: 'dsmr5', seed: 6, start: START, realistic: true })));
  });

  it("reads p1-to-influxdb's config.json and writes its measurement and fields", async () => {
    const db = await database('legacy');
    const port = new URL(influx().url).port;
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        influxDb: { database: db, host: '127.0.0.1', protocol: 'http', port: Number(port), username: '', password: '', measurementName: 'p1-readings' },
        p1Reader: { port: '/dev/ttyUSB0', baudRate: 115200, parity: 'none', dataBits: 8, stopBits: 1, debug: false },
        cache: { maxLength: 10000, retryBatchSize: 300 },
      }),
    );
    // The config names a serial port; --emulator on the command line takes its place.
    const run = await runP1(['influx', '--config', config, '--emulator', '--steady', '--speed', '0', '--count', '4', '--start', START, '--spool', join(dir, 'spool-legacy')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('"cache.maxLength" has no effect');
    expect(run.stderr).toContain('(schema p1-to-influxdb,');
    const [legacy] = await series('SELECT electricity_tarrif1, electricity_actual, gas_reading FROM "p1-readings"', db);
    const expected = emulated(4, { start: START });
    expect(legacy!.values).toEqual(
      expected.map((r) => [Date.parse(r.timestamp!) / 1000, r.electricity.received.tariff1.reading, r.electricity.received.actual.reading, r.gas.reading]),
    );
  });

  it('keeps readings in the spool while InfluxDB is unreachable, and sends them at the next start', async () => {
    const db = await database('later');
    const spool = join(dir, 'spool-later');
    const args = ['influx', '--emulator', 'dsmr5', '--speed', '0', '--seed', '7', '--start', START, '--database', db, '--spool', spool];
    const down = await runP1([...args, '--count', '3', '--url', `http://127.0.0.1:${await freePort()}`, '--flush-timeout', '1']);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stderr).toMatch(/InfluxDB 1\.x at http:\/\/127\.0\.0\.1:\d+, database "later": not reachable \(ECONNREFUSED\)/);
    const [, readings, written, spooled] = stoppedLine(down.stderr)!;
    expect([readings, written]).toEqual(['3', '0']);
    expect(Number(spooled)).toBeGreaterThanOrEqual(3);
    expect(down.stderr).toContain(`points wait in ${spool}; they are sent at the next start`);

    const up = await runP1([...args, '--count', '1', '--url', influx().url]);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toMatch(/\d+ points from an earlier run wait in the spool/);
    expect(stoppedLine(up.stderr)?.[3]).toBe('0');
    // The first run's three readings and the second run's one (the same emulated start: its first reading again).
    const rows = rowsOf(emulated(3, { profile: 'dsmr5', seed: 7, start: START, realistic: true }));
    expect(await electricity(db)).toEqual(rows);
  });

  it('exits 2 on configuration errors with a message that says what to fix', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ influxDb: { hots: 'localhost', database: 'x' } }));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "influx": ');
    const withPassword = join(dir, 'password.json');
    writeFileSync(withPassword, `{\n  "influxDb": {\n    "database": "p1",\n    "password": '${secret('hunter2-in-a-file')}'\n  }\n}`);
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['influx', '--database', 'p1'], {}, /no meter to read: give --port PATH, --port tcp:\/\/HOST:PORT or --emulator/],
      [['influx', '--emulator'], {}, /no InfluxDB database for InfluxDB 1\.x: give --database NAME, set INFLUX_DATABASE, or "influx\.database"/],
      [['influx', '--emulator', '--org', 'home'], {}, /no InfluxDB bucket for InfluxDB 2\.x: give --bucket NAME, set INFLUX_BUCKET/],
      [['influx', '--emulator', '--database', 'p1', '--url', 'ftp://nas'], {}, /--url must be an http:\/\/ or https:\/\/ URL, got "ftp:\/\/nas"/],
      [['influx', '--emulator', '--database', 'p1'], { INFLUX_VERSION: '4' }, /INFLUX_VERSION must be 1, 2 or 3, got "4"/],
      [['influx', '--emulator', '--database', 'p1'], { INFLUX_PASSWORD: 'secret' }, /INFLUX_PASSWORD is set but no user name/],
      [['influx', '--emulator', '--config', bad], {}, /bad\.json: unknown key "influxDb\.hots": did you mean "influxDb\.host"\?\n/],
      [['influx', '--emulator', '--config', broken], {}, /broken\.json is not valid JSON: line 1, column 13, in the value of "influx"/],
      [['influx', '--emulator', '--config', withPassword], {}, /password\.json is not valid JSON: line 4, column 17, in the value of "influxDb\.password"$/m],
      [['influx', '--emulator', '--database', 'p1', '--count', '1e2'], {}, /--count needs a whole number >= 1, got "1e2"/],
      [['influx', '--emulator', '--database', 'p1', '--count', '0x3'], {}, /--count needs a whole number >= 1, got "0x3"/],
      [['influx', '--emulator', '--database', 'p1'], { P1_HASH_IDS: 'maybe' }, /P1_HASH_IDS must be true or false \(or 1\/0, yes\/no, on\/off\), got "maybe"/],
      [['influx', '--emulator', '--database', 'p1', '--url', 'ftp://admin:url-secret-1@nas/?p=url-secret-2'], {}, /--url must be an http:\/\/ or https:\/\/ URL, got "ftp:\/\/nas\/"/],
      [['influx', '--emulator', '--config', join(dir, 'none.json')], {}, /cannot read the config file .*none\.json: no such file/],
      [['influx', '--emulator', '--database', 'p1', '--every', '2', '--average', '60'], {}, /--every and --average exclude each other/],
    ];
    for (const [args, env, message] of cases) {
      const run = await runP1(args, { env });
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toContain('secret');
    }
  });

  it('uses a password given in the URL for its requests and never prints it', async () => {
    const secured = await startInfluxDB({ auth: true });
    try {
      await secured.query('CREATE DATABASE guarded');
      const url = `${secured.url}/?u=admin&p=admin-password`;
      const run = await runP1(['influx', '--emulator', 'dsmr5', '--speed', '0', '--count', '5', '--seed', '5', '--start', START, '--url', url, '--database', 'guarded', '--spool', join(dir, 'spool-guarded')]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(`-> ${secured.url}/ (schema full`);
      expect(stoppedLine(run.stderr)?.slice(1, 4)).toEqual(['5', expect.any(String), '0']);
      expect(await secured.rows('SELECT count(power_import) FROM electricity', 'guarded')).toEqual([{ time: 0, count: 5 }]);
      expect(run.stderr).not.toContain('admin-password');
    } finally {
      await secured.close();
    }
  });

  it('reads a config file saved with a byte order mark', async () => {
    const db = await database('bom');
    const config = join(dir, 'bom.json');
    writeFileSync(config, `\ufeff${JSON.stringify({ influx: { url: influx().url, database: db } })}`);
    const run = await runP1(['influx', '--config', config, '--emulator', 'dsmr5', '--speed', '0', '--count', '3', '--start', START, '--spool', join(dir, 'spool-bom')]);
    expect(run.code, run.stderr).toBe(0);
    expect(stoppedLine(run.stderr)?.[3]).toBe('0');
  });

  it('says in its status line that InfluxDB is unreachable, and names the database it was given when it is missing', async () => {
    const port = await freePort();
    const down = startP1(['influx', '--emulator', 'dsmr5', '--speed', '1', '--start', START, '--url', `http://127.0.0.1:${port}`, '--database', 'nowhere', '--spool', join(dir, 'spool-status'), '--status-every', '1']);
    await down.waitFor(({ stderr }) => /status: .*last error: InfluxDB 1\.x at .*: not reachable \(ECONNREFUSED\)/.test(stderr), 'a status line with the outage');
    down.child.kill('SIGTERM');
    expect((await down.finished()).code).toBe(0);

    const missing = startP1(['influx', '--emulator', 'dsmr5', '--speed', '0', '--start', START, '--url', influx().url, '--database', 'not-created', '--spool', join(dir, 'spool-missing')]);
    await missing.waitFor(({ stderr }) => /database not found/.test(stderr), 'the missing database');
    missing.child.kill('SIGTERM');
    const run = await missing.finished();
    expect(run.stderr).toContain(`(create it: influx -execute 'CREATE DATABASE "not-created"')`);
  });
});
