import { describe, expect, expectTypeOf, it } from 'vitest';
import { COSEM_OBJECTS, type CosemDefinition, emptyReading, type Measurement, parseTelegram, READING_FIELDS, type Reading, type Threshold } from './index.js';
import { keyTree, seal } from '../test/helpers.js';

const at = (value: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown>)?.[key], value);

describe('the reading, derived from the catalogue', () => {
  it('has a place for every catalogue row with a field, and nothing else besides meterType, gas and mbus', () => {
    const reading = emptyReading('X');
    const leaves = [...keyTree(reading)].filter((key) => {
      const value = at(reading, key);
      return value === null || (typeof value === 'object' && !['textMessage', 'electricity'].some((p) => key === p));
    });
    const placed = new Set(COSEM_OBJECTS.flatMap((d) => ((d as CosemDefinition).field !== undefined ? [(d as CosemDefinition).field!] : [])));
    for (const field of placed) expect(keyTree(reading).has(field), field).toBe(true);
    // Every leaf of the empty reading is a field, or inside one (a measurement's reading/unit, a log's count).
    const outer = ['meterType', 'gas', 'mbus'];
    for (const key of leaves) {
      const owner = [...placed, ...outer].some((f) => key === f || key.startsWith(`${f}.`));
      const isPart = [...placed].some((f) => f.startsWith(`${key}.`));
      expect(owner || isPart, key).toBe(true);
    }
  });

  it('lists every field once in READING_FIELDS, in the reading order, with the path of its value', () => {
    expect(new Set(READING_FIELDS.map((f) => f.path)).size).toBe(READING_FIELDS.length);
    const version = READING_FIELDS.find((f) => f.path === 'version')!;
    expect(version.obis).toEqual(['1-3:0.2.8', '0-0:96.1.4']);
    const total = READING_FIELDS.find((f) => f.path === 'electricity.received.total')!;
    expect(total).toMatchObject({ valuePath: 'electricity.received.total.reading', shape: 'measurement', unit: 'kWh', series: 'counter', column: 'energy_import_total' });
    expect(READING_FIELDS.find((f) => f.path === 'electricity.threshold')).toMatchObject({ valuePath: 'electricity.threshold.value', shape: 'limit' });
    expect(READING_FIELDS.find((f) => f.path === 'electricity.tariffIndicator')).toMatchObject({ integer: true, unit: null });
    const empty = emptyReading(null);
    for (const field of READING_FIELDS) {
      const scalar = ['measurement', 'limit', 'text', 'count'].includes(field.shape);
      if (scalar) expect(at(empty, field.valuePath), field.valuePath).toBeNull();
      else expect(at(empty, field.valuePath), field.valuePath).toBeTypeOf('object');
    }
    const columns = READING_FIELDS.flatMap((f) => (f.column === null ? [] : [f.column]));
    expect(new Set(columns).size).toBe(columns.length);
  });

  it('derives the types: a new row is a typed key of the reading', () => {
    expectTypeOf<Reading['electricity']['received']['total']>().toEqualTypeOf<Measurement>();
    expectTypeOf<Reading['electricity']['reactive']['delivered']['actual']>().toEqualTypeOf<Measurement>();
    expectTypeOf<Reading['electricity']['instantaneous']['reactivePower']['negative']['L3']>().toEqualTypeOf<Measurement>();
    expectTypeOf<Reading['electricity']['fuseThreshold']>().toEqualTypeOf<Threshold>();
    expectTypeOf<Reading['electricity']['tariffIndicator']>().toEqualTypeOf<number | null>();
    expectTypeOf<Reading['version']>().toEqualTypeOf<string | null>();
  });
});

describe('totals, reactive energy and reactive power', () => {
  const telegram = parseTelegram(
    seal(
      [
        '/ADN9 6534',
        '',
        '0-0:1.0.0(241117120000W)',
        '1-0:1.8.0(00006678.394*kWh)',
        '1-0:2.8.0(00000000.000*kWh)',
        '1-0:3.8.0(00000021.988*kvarh)',
        '1-0:4.8.0(00001020.971*kvarh)',
        '1-0:1.7.0(0001.727*kW)',
        '1-0:2.7.0(0000.000*kW)',
        '1-0:3.7.0(0000.000*kvar)',
        '1-0:4.7.0(0000.309*kvar)',
        '1-0:23.7.0(0000.000*kvar)',
        '1-0:24.7.0(0000.053*kvar)',
        '1-0:43.7.0(0000.012*kVAr)',
        '1-0:64.7.0(0000.178*kvar)',
        '!',
      ].join('\r\n'),
    ),
  );

  it('land in the reading with the unit as sent', () => {
    const e = telegram.reading.electricity;
    expect(telegram.issues).toEqual([]);
    expect(e.received.total).toEqual({ reading: 6678.394, unit: 'kWh' });
    expect(e.delivered.total).toEqual({ reading: 0, unit: 'kWh' });
    expect(e.received.tariff1).toEqual({ reading: null, unit: null });
    expect(e.reactive).toEqual({
      received: { total: { reading: 21.988, unit: 'kvarh' }, actual: { reading: 0, unit: 'kvar' } },
      delivered: { total: { reading: 1020.971, unit: 'kvarh' }, actual: { reading: 0.309, unit: 'kvar' } },
    });
    expect(e.instantaneous.reactivePower.positive).toEqual({ L1: { reading: 0, unit: 'kvar' }, L2: { reading: 0.012, unit: 'kVAr' }, L3: { reading: null, unit: null } });
    expect(e.instantaneous.reactivePower.negative.L1).toEqual({ reading: 0.053, unit: 'kvar' });
    expect(e.instantaneous.reactivePower.negative.L3).toEqual({ reading: 0.178, unit: 'kvar' });
  });
});
