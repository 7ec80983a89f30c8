import { describe, expect, it } from 'vitest';
import * as core from './index.js';
import * as internal from './internal.js';
import { COSEM_OBJECTS, DETECTION_RULES, MBUS_MEDIA, METERS, parseTelegram, PROFILES, SERIAL_8N1_115200 } from './index.js';
import { body, seal } from '../test/helpers.js';

/** The paths inside `value` (functions aside: they are code, not data) that are not frozen. */
function unfrozen(value: unknown, path: string, seen = new Set<unknown>()): string[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  const here = Object.isFrozen(value) ? [] : [path];
  return [...here, ...Object.entries(value).flatMap(([key, child]) => unfrozen(child, `${path}.${key}`, seen))];
}

describe('exported tables and constants', () => {
  const tables = Object.entries({ ...core, ...internal }).filter(([, value]) => value !== null && typeof value === 'object');

  it('are frozen all the way down, every one of them', () => {
    // Found by walking the exports, so that a table added later is held to it too.
    expect(tables.map(([name]) => name).sort()).toEqual(
      expect.arrayContaining(['COSEM_OBJECTS', 'CRC16', 'DETECTION_RULES', 'MBUS_MEDIA', 'METERS', 'PROFILES', 'SERIAL_7E1_115200', 'SERIAL_7E1_9600', 'SERIAL_8N1_115200']),
    );
    expect(tables.flatMap(([name, value]) => unfrozen(value, name))).toEqual([]);
  });

  it('has COSEM_OBJECTS rows of one shape: the same keys in the same order, undefined where a row has none', () => {
    // One hidden class for every row keeps the parser's reads of a definition monomorphic (see `oneShape`).
    const shapes = new Set(COSEM_OBJECTS.map((row) => Object.keys(row).join()));
    expect([...shapes]).toEqual(['obis,name,kind,units,field,as,series,column,mbus,standIn,medium']);
    expect(COSEM_OBJECTS.find((d) => d.obis === '0-0:96.1.1')).toMatchObject({ field: 'equipmentId', units: undefined, mbus: undefined });
  });

  it('cannot be changed by a caller, so that no caller changes parsing or another table', () => {
    const profiles = PROFILES as unknown as Record<string, { serial: { baudRate: number }; hasCrc: boolean }>;
    expect(() => (profiles.dsmr5!.serial.baudRate = 9600)).toThrow(TypeError);
    expect(() => (profiles.dsmr5!.hasCrc = false)).toThrow(TypeError);
    expect(SERIAL_8N1_115200.baudRate).toBe(115200);
    expect(PROFILES.emucs.serial.baudRate).toBe(115200);
    const row = COSEM_OBJECTS.find((d) => d.obis === '1-0:1.8.1') as unknown as { units: string[]; kind: string };
    expect(() => row.units.push('Wh')).toThrow(TypeError);
    expect(() => (row.kind = 'string')).toThrow(TypeError);
    expect(() => (COSEM_OBJECTS as unknown as unknown[]).pop()).toThrow(TypeError);
    expect(() => ((METERS[0] as unknown as { profile: string }).profile = 'dsmr5')).toThrow(TypeError);
    expect(() => ((DETECTION_RULES as unknown as unknown[]).length = 0)).toThrow(TypeError);
    expect(() => ((MBUS_MEDIA as unknown as Record<number, string>)[3] = 'water')).toThrow(TypeError);
    // Parsing is what it was.
    const t = parseTelegram(seal(body('ISk5\\2M550T-1012', ['1-3:0.2.8(50)', '1-0:1.8.1(000123.456*kWh)', '0-1:24.1.0(003)'])));
    expect(t.profile).toBe('dsmr5');
    expect(t.reading.electricity.received.tariff1).toEqual({ reading: 123.456, unit: 'kWh' });
    expect(t.reading.mbus[0]!.medium).toBe('gas');
  });
});
