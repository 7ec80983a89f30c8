import { unfrozenPaths } from '@p1/test-kit';
import { describe, expect, it } from 'vitest';
import * as mqtt from './index.js';

describe("mqtt's exported tables", () => {
  const tables = Object.entries(mqtt).filter(([, value]) => value !== null && typeof value === 'object');

  it('are frozen all the way down, so that no caller changes what every publisher tells Home Assistant', () => {
    expect(tables.map(([name]) => name)).toEqual(expect.arrayContaining(['QUANTITIES', 'METER_SENSORS', 'MEDIUM_QUANTITIES']));
    expect(tables.flatMap(([name, value]) => unfrozenPaths(value, name))).toEqual([]);
    const energy = mqtt.QUANTITIES.energy as unknown as { unit: string };
    expect(() => (energy.unit = 'Wh')).toThrow(TypeError);
  });
});
