import { describe, expect, it } from 'vitest';
import { convertUnit } from './index.js';

describe('convertUnit', () => {
  it('scales between prefixes of energy, power and their reactive kinds, in any case', () => {
    expect(convertUnit(5017120, 'Wh', 'kWh')).toBe(5017.12);
    expect(convertUnit(286, 'W', 'kW')).toBe(0.286);
    expect(convertUnit(747, 'varh', 'kvarh')).toBe(0.747);
    expect(convertUnit(166, 'var', 'kvar')).toBe(0.166);
    expect(convertUnit(1.5, 'MWh', 'kWh')).toBe(1500);
    expect(convertUnit(0.123, 'kW', 'W')).toBe(123);
    expect(convertUnit(1761.087, 'kVArh', 'kvarh')).toBe(1761.087);
    expect(convertUnit(12.5, 'KWH', 'kWh')).toBe(12.5);
  });

  it('takes a value without unit as in the target unit, and refuses another quantity', () => {
    expect(convertUnit(3, null, 'kWh')).toBe(3);
    expect(convertUnit(3, 'kvarh', 'kWh')).toBeNull();
    expect(convertUnit(3, 'm3', 'kWh')).toBeNull();
    expect(convertUnit(3, 'A', 'V')).toBeNull();
    expect(convertUnit(3, 'mWh', 'kWh')).toBe(3000); // M and m alike: meters send no milli-watt-hours
  });
});
