import { describe, expect, it } from 'vitest';
import { emptyReading, energyRegister } from './index.js';

describe('energyRegister', () => {
  const energy = (parts: Record<string, [number, string] | undefined>) => {
    const e = emptyReading(null).electricity.received;
    for (const [key, value] of Object.entries(parts)) if (value) (e as Record<string, unknown>)[key] = { reading: value[0], unit: value[1] };
    return e;
  };

  it('adds the two tariffs (NL, BE), takes the total where there is one (SE, LU), in kWh', () => {
    expect(energyRegister(energy({ tariff1: [100.5, 'kWh'], tariff2: [20.25, 'kWh'] }))).toBe(120.75);
    expect(energyRegister(energy({ tariff1: [100.5, 'kWh'] }))).toBe(100.5);
    expect(energyRegister(energy({ total: [6545.766, 'kWh'] }))).toBe(6545.766);
    expect(energyRegister(energy({ total: [6545766, 'Wh'], tariff1: [1, 'Wh'] }))).toBe(6545.766);
    expect(energyRegister(energy({ tariff1: [1500, 'Wh'], tariff2: [500, 'wh'] }))).toBe(2);
  });

  it('is null when the meter sends neither, or a unit that is not energy', () => {
    expect(energyRegister(energy({}))).toBeNull();
    expect(energyRegister(energy({ total: [3, 'kvarh'] }))).toBeNull();
  });
});
