import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyReading, type MutableReading, parseTelegram, type Reading } from '@p1/core';
import { describe, expect, it } from 'vitest';
import { FIXTURES, fixtureReading } from '../test/fixtures.js';
import { readmeSection } from '../test/readme.js';
import { METER_ID, meterTelegram, START } from '../test/meter.js';
import { formatPoint } from './format-point.js';
import { FULL_ELECTRICITY_FIELDS } from './full-schema.js';
import { isInfluxError } from './influx-error.js';
import { toLineProtocol } from './to-line-protocol.js';
import { toPoints } from './to-points.js';

const CLOCK = () => Date.UTC(2025, 5, 1, 12, 0, 0, 700);
const HOST_SECONDS = Date.UTC(2025, 5, 1, 12) / 1000;

describe('full schema', () => {
  it('writes a DSMR 5 telegram as one electricity point at its own time and one point per M-Bus device', () => {
    const generated = meterTelegram(5);
    expect(toLineProtocol(generated.reading)).toBe(
      `electricity,equipment_id=${METER_ID} energy_import_t1=1000.005,energy_import_t2=2000.01,power_import=0.185,` +
        'energy_export_t1=300.02,energy_export_t2=400.025,power_export=0.055,tariff=2i,power_failures=6i,' +
        'long_power_failures=1i,voltage_sags_l1=0i,voltage_sags_l2=1i,voltage_sags_l3=2i,voltage_swells_l1=3i,' +
        'voltage_swells_l2=4i,voltage_swells_l3=5i,current_l1=6,current_l2=7,current_l3=8,voltage_l1=226.2,' +
        'voltage_l2=226.9,voltage_l3=227.6,power_import_l1=0.166,power_import_l2=0.267,power_import_l3=0.368,' +
        `power_export_l1=0.088,power_export_l2=0.141,power_export_l3=0.194 ${generated.time}\n` +
        `mbus,channel=1,equipment_id=${METER_ID},medium=gas value=1007.192 ${generated.gas.time}\n`,
    );
  });

  it('writes a Swedish meter\'s totals and reactive registers (L+G E360)', () => {
    const line = toLineProtocol(fixtureReading('se-landis-gyr-e360-lgf5'));
    for (const field of [
      'energy_import_total=10501.076',
      'energy_export_total=0',
      'reactive_energy_import=1761.087',
      'reactive_energy_export=8.391',
      'reactive_power_import=0.135',
      'reactive_power_export_l1=0.208',
      'reactive_power_import_l3=0.486',
    ]) {
      expect(line).toContain(field);
    }
    expect(line).not.toContain('energy_import_t1');
  });

  it('writes values sent in Wh, W, varh and var in the units of the schema (an Austrian T210-D-R), and leaves out another quantity', () => {
    const plaintext = readFileSync(join(import.meta.dirname, '../../../fixtures/encrypted/est5-sagemcom-t210-d-r-esphome.plain.txt'));
    const reading = parseTelegram(new Uint8Array(plaintext)).reading;
    expect(reading.electricity.received.tariff1).toEqual({ reading: 5017120, unit: 'Wh' });
    const line = toLineProtocol(reading);
    // Sent as 1-0:1.8.1(005017120*Wh), 1-0:1.7.0(00000286*W), 1-0:3.8.0(000000747*varh), 1-0:4.7.0(000000166*var)
    for (const field of ['energy_import_t1=5017.12,', 'power_import=0.286,', 'energy_import_total=6545.766,', 'reactive_energy_import=0.747,', 'reactive_power_export=0.166 ']) {
      expect(line).toContain(field);
    }
    const odd = structuredClone(reading) as MutableReading;
    odd.electricity.received.tariff1.unit = 'm3';
    expect(toLineProtocol(odd)).not.toContain('energy_import_t1=');
    expect(toLineProtocol(odd)).toContain('energy_import_t2=');
  });

  it('stamps heat, gas and water each with its own capture time, and skips an unconfigured slot', () => {
    const { captured } = toPoints(fixtureReading('quirk-mbus-heat-water-gas-empty-channel-1'));
    expect(captured.map((p) => [p.tags.channel, p.tags.medium, p.fields.value, new Date(p.time * 1000).toISOString()])).toEqual([
      ['2', 'heat', 41.732, '2025-02-03T07:10:00.000Z'],
      ['3', 'gas', 3391.058, '2025-02-03T07:15:00.000Z'],
      ['4', 'water', 217.644, '2025-02-03T07:15:00.000Z'],
    ]);
  });

  it('writes the Belgian capacity tariff: running and maximum demand, and a point per closed month with a peak', () => {
    const reading = fixtureReading('emucs17-fluvius-capacity-13-months');
    const { telegram, captured } = toPoints(reading);
    expect(telegram[0]!.fields).toMatchObject({ demand_import: 2.318, demand_import_max: 6.027 });
    expect(telegram[0]!.fields).not.toHaveProperty('demand_export');
    const peaks = captured.filter((p) => p.measurement === 'demand_peak');
    const months = reading.electricity.demand.maximumDemandLastMonths.months.filter((m) => m.timestamp !== null);
    expect(peaks.map((p) => [p.time, p.fields.value])).toEqual(months.map((m) => [Date.parse(m.timestamp!) / 1000, m.value]));
    expect(peaks.length).toBe(12);
  });

  it('uses the host clock, in whole seconds, only for a telegram without a time (DSMR 2.2, a clock not set)', () => {
    const dsmr22 = toPoints(fixtureReading('dsmr22-iskra-mt382'), 'full', { clock: CLOCK });
    expect(dsmr22.telegram[0]!.time).toBe(HOST_SECONDS);
    expect(dsmr22.captured[0]!.time).toBe(Date.parse('2012-11-20T14:00:00.000Z') / 1000);
    // The gas stamp is a placeholder too: the device's value falls back to the telegram's time.
    const unset = toPoints(fixtureReading('quirk-placeholder-clock-not-set-kamstrup-omnia'), 'full', { clock: CLOCK });
    expect([unset.telegram[0]!.time, unset.captured[0]!.time]).toEqual([HOST_SECONDS, HOST_SECONDS]);
  });

  it('hashes every equipment id tag when asked: SHA-256, or HMAC with a key', () => {
    const { reading } = meterTelegram(0);
    const plain = toPoints(reading, 'full', { hashEquipmentId: true });
    const keyed = toPoints(reading, 'full', { hashEquipmentId: 'my secret' });
    const ids = (m: typeof plain) => [...m.telegram, ...m.captured].map((p) => p.tags.equipment_id);
    expect(new Set(ids(plain)).size).toBe(1);
    expect(ids(plain)[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(ids(keyed)[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(ids(keyed)[0]).not.toBe(ids(plain)[0]);
    expect(toLineProtocol(reading, 'full', { hashEquipmentId: true })).not.toContain(METER_ID);
  });
});

describe('the README', () => {
  it('lists every electricity field of the full schema with its type, unit, kind and reading path', () => {
    const rows = readmeSection('### `full` (default)')
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .slice(0, FULL_ELECTRICITY_FIELDS.length);
    expect(rows).toEqual(
      FULL_ELECTRICITY_FIELDS.map((f) => `| \`${f.field}\` | ${f.type ?? 'float'} | ${f.unit} | ${f.kind} | \`${f.path}\` |`),
    );
  });
});

describe('p1-to-influxdb schema', () => {
  it('writes what the example project wrote, spelling included', () => {
    const generated = meterTelegram(5);
    expect(toLineProtocol(generated.reading, 'p1-to-influxdb')).toBe(
      `p1-readings electricity_tarrif1=1000.005,electricity_tarrif2=2000.01,electricity_actual=0.185,gas_reading=1007.192 ${generated.time}\n`,
    );
  });

  it('leaves out what a telegram does not carry (no gas meter here)', () => {
    const line = toLineProtocol(fixtureReading('dsmr5-iskra-am550-three-phase'), 'p1-to-influxdb');
    expect(line).toMatch(/^p1-readings electricity_tarrif1=[\d.]+,electricity_tarrif2=[\d.]+,electricity_actual=[\d.]+ \d+\n$/);
  });
});

describe('every fixture', () => {
  // A line: measurement, tags, at least one field, whole seconds. The real-server test sends them all too.
  const LINE = /^[a-z0-9_-]+(,[a-z_]+=[^ ,=]+)* [a-z0-9_]+=-?[\d.]+i?(,[a-z0-9_]+=-?[\d.]+i?)* \d{9,10}$/;

  it.each(FIXTURES)('%s maps to valid lines under both schemas, the same as formatting its points', (name) => {
    const reading = fixtureReading(name);
    for (const schema of ['full', 'p1-to-influxdb'] as const) {
      const text = toLineProtocol(reading, schema, { clock: CLOCK });
      for (const line of text.split('\n').slice(0, -1)) expect(line).toMatch(LINE);
      const { telegram, captured } = toPoints(reading, schema, { clock: CLOCK });
      const formatted = [...telegram, ...captured].flatMap((p) => formatPoint(p) ?? []);
      expect(text).toBe(formatted.map((line) => `${line}\n`).join(''));
    }
  });
});

describe('bad input', () => {
  it.each([null, undefined, 42, 'reading'])('throws invalid-reading for %j', (value) => {
    expect(() => toLineProtocol(value as unknown as Reading)).toThrowError(expect.objectContaining({ code: 'invalid-reading' }));
  });

  it('maps an object that is not quite a reading to what it holds, and nothing else', () => {
    expect(toLineProtocol({} as Reading, 'full', { clock: CLOCK })).toBe('');
    expect(toLineProtocol({ electricity: 5, mbus: 'x' } as unknown as Reading)).toBe('');
    const reading = emptyReading('X');
    reading.electricity.received.tariff1.reading = 12.5;
    reading.timestamp = 'not a time';
    expect(toLineProtocol(reading, 'full', { clock: CLOCK })).toBe(`electricity energy_import_t1=12.5 ${HOST_SECONDS}\n`);
  });

  it.each(['influx', { name: 'mine', series: [{ measurement: 'm', tags: [] }] }, { series: 'x' }, 42])(
    'refuses the schema %j',
    (schema) => {
      let error: unknown;
      try {
        toLineProtocol(emptyReading(null), schema as 'full');
      } catch (e) {
        error = e;
      }
      expect(isInfluxError(error) && error.code).toBe('invalid-option');
    },
  );

  it('takes a schema of your own', () => {
    const { reading, time } = meterTelegram(0);
    const schema = { name: 'mine', series: [{ measurement: 'power', tags: [], fields: [{ field: 'w', path: 'electricity.received.actual.reading', unit: 'kW', kind: 'gauge' as const }] }] };
    expect(toLineProtocol(reading, schema)).toBe(`power w=0 ${time}\n`);
  });

  it('reads a schema of your own as it is at each call (nothing of it remembered from an earlier one)', () => {
    const { reading, time } = meterTelegram(0);
    const field = { field: 'w', path: 'electricity.received.actual.reading', unit: 'kW', kind: 'gauge' as const };
    const schema = { name: 'mine', series: [{ measurement: 'power', tags: [], fields: [field] }] };
    expect(toLineProtocol(reading, schema)).toBe(`power w=0 ${time}\n`);
    schema.series[0]!.measurement = 'energy';
    field.field = 'kwh';
    field.path = 'electricity.received.tariff1.reading';
    expect(toLineProtocol(reading, schema)).toBe(`energy kwh=${reading.electricity.received.tariff1.reading} ${time}\n`);
  });
});

describe('test data', () => {
  it('parses as the emulator says (the core parser agrees with the test oracle), on the emulated clock', () => {
    const emulated = meterTelegram(1234);
    const telegram = parseTelegram(emulated.bytes);
    expect(telegram.crc?.valid).toBe(true);
    expect(telegram.reading).toEqual(emulated.reading);
    // A telegram a second; gas captured every 5 minutes on the clock.
    expect(emulated.time).toBe(START + 1234);
    expect(emulated.gas.time).toBe(START + 1200);
    expect(Date.parse(telegram.reading.gas.timestamp!) / 1000).toBe(emulated.gas.time);
    expect(telegram.reading.gas.reading).toBe(emulated.gas.value);
  });
});
