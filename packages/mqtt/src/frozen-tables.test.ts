import { describe, expect, it } from 'vitest';
import * as mqtt from './index.js';

/** The paths inside `value` (functions aside: they are code, not data) that are not frozen. */
function unfrozen(value: unknown, path: string, seen = new Set<unknown>()): string[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  const here = Object.isFrozen(value) ? [] : [path];
  return [...here, ...Object.entries(value).flatMap(([key, child]) => unfrozen(child, `${path}.${key}`, seen))];
}

describe("mqtt's exported tables", () => {
  const tables = Object.entries(mqtt).filter(([, value]) => value !== null && typeof value === 'object');

  it('are frozen all the way down, so that no caller changes what every publisher tells Home Assistant', () => {
    expect(tables.map(([name]) => name)).toEqual(expect.arrayContaining(['QUANTITIES', 'METER_SENSORS', 'MEDIUM_QUANTITIES']));
    expect(tables.flatMap(([name, value]) => unfrozen(value, name))).toEqual([]);
    const energy = mqtt.QUANTITIES.energy as unknown as { unit: string };
    expect(() => (energy.unit = 'Wh')).toThrow(TypeError);
  });
});
