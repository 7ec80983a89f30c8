import { join } from 'node:path';
import { emptyReading, type Reading } from '@p1/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createInfluxWriter, toLineProtocol, type InfluxWriter, type InfluxWriterEvent, type InfluxWriterOptions } from '../src/index.js';
import { electricityRows, gasRows } from './expected.js';
import { FIXTURES, fixtureReading } from './fixtures.js';
import { QUICK } from './http-recorder.js';
import { meterTelegrams } from './meter.js';
import { readmeCode } from './readme.js';
import { startInfluxDB, tempDir, useServer, waitFor } from '@p1/test-kit';

const influx = useServer(startInfluxDB);
const dir = tempDir('influx-v1');
let spools = 0;
const events: InfluxWriterEvent[] = [];
const open: InfluxWriter[] = [];

afterEach(async () => {
  for (const writer of open.splice(0)) await writer.close(0);
  events.length = 0;
});

/** A writer to `database` (created unless `create` is false), on a spool of its own. */
async function writer(database: string, options: Partial<InfluxWriterOptions> = {}, create = true): Promise<InfluxWriter> {
  if (create) await influx().query(`CREATE DATABASE "${database}"`);
  const w = await createInfluxWriter({
    target: { version: 1, url: influx().url, database },
    spoolDir: join(dir, `spool-${++spools}`),
    ...QUICK,
    onEvent: (event) => events.push(event),
    ...options,
  });
  open.push(w);
  return w;
}

describe('InfluxDB 1.6, full schema', () => {
  it('stores N readings exactly: every field, tag and time; gas once per 5-minute capture', async () => {
    const telegrams = meterTelegrams(1200);
    const w = await writer('full');
    for (const t of telegrams) expect(await w.write(t.reading)).toBe(true);
    expect(await w.flush(60_000)).toBe(true);

    expect(await influx().rows('SELECT * FROM electricity', 'full')).toEqual(electricityRows(telegrams));
    expect(await influx().rows('SELECT * FROM mbus', 'full')).toEqual(gasRows(telegrams));
    expect(gasRows(telegrams)).toHaveLength(4);
    expect(w.stats).toMatchObject({ readings: 1200, taken: 1204, written: 1204, spooled: 0, failed: 0, rejected: 0 });
  });

  it('accepts the lines of every fixture of the repository (no 400, nothing set aside)', async () => {
    const w = await writer('fixtures', { clock: () => Date.UTC(2025, 5, 1) });
    let lines = 0;
    for (const name of FIXTURES) {
      const reading = fixtureReading(name);
      lines += toLineProtocol(reading, 'full', { clock: () => Date.UTC(2025, 5, 1) }).split('\n').length - 1;
      expect(await w.write(reading)).toBe(true);
    }
    expect(await w.flush(60_000)).toBe(true);
    expect(w.stats).toMatchObject({ written: lines, rejected: 0 });
    expect(events).toEqual([]);
  });

  it("stores a Swedish meter's totals and reactive registers, and an Austrian meter's Wh as kWh", async () => {
    const w = await writer('registers');
    expect(await w.write(fixtureReading('se-landis-gyr-e360-lgf5'))).toBe(true);
    const austrian = emptyReading('EST5');
    austrian.timestamp = '2022-10-06T13:50:14.000Z';
    austrian.electricity.received.total = { reading: 6545766, unit: 'Wh' };
    austrian.electricity.reactive.delivered.actual = { reading: 166, unit: 'var' };
    expect(await w.write(austrian)).toBe(true);
    expect(await w.flush(60_000)).toBe(true);
    const fields = 'energy_import_total, energy_export_total, reactive_energy_import, reactive_energy_export, reactive_power_import, reactive_power_export, reactive_power_export_l1, reactive_power_import_l3, energy_import_t1';
    const rows = await influx().rows(`SELECT ${fields} FROM electricity ORDER BY time`, 'registers');
    expect(rows).toEqual([
      {
        time: Date.UTC(2022, 1, 4, 10, 6, 50) / 1000,
        energy_import_total: 10501.076,
        energy_export_total: 0,
        reactive_energy_import: 1761.087,
        reactive_energy_export: 8.391,
        reactive_power_import: 0.135,
        reactive_power_export: 0,
        reactive_power_export_l1: 0.208,
        reactive_power_import_l3: 0.486,
        energy_import_t1: null,
      },
      {
        time: Date.UTC(2022, 9, 6, 13, 50, 14) / 1000,
        energy_import_total: 6545.766,
        energy_export_total: null,
        reactive_energy_import: null,
        reactive_energy_export: null,
        reactive_power_import: null,
        reactive_power_export: 0.166,
        reactive_power_export_l1: null,
        reactive_power_import_l3: null,
        energy_import_t1: null,
      },
    ]);
  });

  it('stores any equipment id a meter can send, as sent (bar what line protocol cannot carry)', async () => {
    const ids: [sent: string, stored: string][] = [
      ['a b,c=d', 'a b,c=d'],
      ['ISk5\\2MT382', 'ISk5\\2MT382'],
      ['é ÿ\u00a0x', 'é ÿ\u00a0x'],
      ['q"u\'o\ttab', 'q"u\'o\ufffdtab'],
      ['ends with \\', 'ends with \ufffd'],
      ['\\ before space', '\ufffd before space'],
      ['4530303433303037323339313834353231', '4530303433303037323339313834353231'],
    ];
    const w = await writer('ids');
    for (const [k, [sent]] of ids.entries()) {
      const reading = emptyReading('X');
      reading.timestamp = new Date(Date.UTC(2025, 0, 1, 0, 0, k)).toISOString();
      reading.equipmentId = sent;
      reading.electricity.received.tariff1.reading = k;
      expect(await w.write(reading)).toBe(true);
    }
    expect(await w.flush(60_000)).toBe(true);
    const rows = await influx().rows('SELECT energy_import_t1, equipment_id FROM electricity', 'ids');
    expect(rows.map((r) => [r.energy_import_t1, r.equipment_id])).toEqual(ids.map(([, stored], k) => [k, stored]));
  });
});

describe('InfluxDB 1.6, p1-to-influxdb schema', () => {
  it('stores what the example project stored, so its dashboards keep working', async () => {
    const telegrams = meterTelegrams(300);
    const w = await writer('legacy', { schema: 'p1-to-influxdb' });
    for (const t of telegrams) await w.write(t.reading);
    expect(await w.flush(60_000)).toBe(true);
    const rows = await influx().rows('SELECT * FROM "p1-readings"', 'legacy');
    expect(rows).toEqual(
      telegrams.map((t) => ({
        time: t.time,
        electricity_tarrif1: t.fields.energy_import_t1,
        electricity_tarrif2: t.fields.energy_import_t2,
        electricity_actual: t.fields.power_import,
        gas_reading: t.gas.value,
      })),
    );
  });
});

describe('the README', () => {
  it.each([
    ['### `full`, InfluxQL', 'full'],
    ['### `p1-to-influxdb`, InfluxQL', 'p1-to-influxdb'],
  ] as const)('%s: every query runs on InfluxDB 1.6 and finds data', async (heading, schema) => {
    const database = `readme_${schema.replace(/-/g, '_')}`;
    const w = await writer(database, { schema });
    // Two days of a meter, every 5 minutes, and a Belgian meter for the capacity tariff.
    const readings = [...meterTelegrams(576, { interval: 300 }).map((t) => t.reading), fixtureReading('emucs17-fluvius-capacity-13-months')];
    expect(await Promise.all(readings.map((r) => w.write(r)))).not.toContain(false);
    expect(await w.flush(60_000)).toBe(true);
    const queries = readmeCode(heading, 'sql');
    expect(queries.length).toBeGreaterThan(1);
    for (const q of queries) {
      const grafana = q.replace('$timeFilter', "time >= '2025-01-14T00:00:00Z' AND time < '2025-01-18T00:00:00Z'").replace('$__interval', '1h');
      const rows = await influx().rows(grafana, database);
      expect(rows.some((row) => Object.entries(row).some(([column, value]) => column !== 'time' && typeof value === 'number')), q).toBe(true);
    }
  });
});

describe('InfluxDB 1.6, faults a person must fix', () => {
  it('an unknown database: says so once, keeps the points, sends them once it exists', async () => {
    const telegrams = meterTelegrams(20);
    const w = await writer('not_yet', {}, false);
    for (const t of telegrams) await w.write(t.reading);
    expect(await w.flush(1000)).toBe(false);
    expect(events).toEqual([
      expect.objectContaining({ type: 'error', error: expect.objectContaining({ code: 'database-not-found', status: 404 }) }),
    ]);
    expect((events[0] as { error: Error }).error.message).toMatch(/database "not_yet": 404 "database not found: "not_yet""; create it/);
    expect(w.stats).toMatchObject({ written: 0, spooled: 21 });

    await influx().query('CREATE DATABASE not_yet');
    expect(await w.flush(60_000)).toBe(true);
    expect(await influx().rows('SELECT * FROM electricity', 'not_yet')).toEqual(electricityRows(telegrams));
    expect(events.at(-1)).toMatchObject({ type: 'recovered', code: 'database-not-found' });
  });

  it('a wrong password (401): says so once without the password, retries slowly, sends once it is right', async () => {
    const secured = await startInfluxDB({ auth: true });
    try {
      const password = 'not-the-password-yet';
      await secured.query('CREATE DATABASE home');
      const w = await createInfluxWriter({
        target: { version: 1, url: secured.url, database: 'home', username: 'meter', password },
        spoolDir: join(dir, 'spool-auth'),
        batchInterval: 0,
        retryDelay: 10,
        maxRetryDelay: 300,
        onEvent: (event) => events.push(event),
      });
      open.push(w);
      const telegrams = meterTelegrams(10);
      for (const t of telegrams) await w.write(t.reading);
      await waitFor(() => w.stats.retries >= 3, 'three refused tries');
      expect(events.filter((e) => e.type === 'error')).toHaveLength(1);
      expect(w.lastError).toMatchObject({ code: 'unauthorized', status: 401 });
      expect(JSON.stringify(events) + String(w.lastError?.message)).not.toContain(password);

      await secured.query(`CREATE USER meter WITH PASSWORD '${password}'`);
      await secured.query('GRANT WRITE ON home TO meter');
      expect(await w.flush(60_000)).toBe(true);
      expect(await secured.rows('SELECT * FROM electricity', 'home')).toEqual(electricityRows(telegrams));
    } finally {
      await secured.close();
    }
  });
});
