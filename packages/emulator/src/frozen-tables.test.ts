import { unfrozenPaths } from '@p1/test-kit';
import { describe, expect, it } from 'vitest';
import * as emulator from './index.js';
import * as internal from './internal.js';
import * as testing from './testing.js';

describe("the emulator's exported tables and constants", () => {
  const tables = Object.entries({ ...emulator, ...internal, ...testing }).filter(([, value]) => value !== null && typeof value === 'object');

  it('are frozen all the way down, every one of them, so that no caller changes every meter', () => {
    expect(tables.map(([name]) => name)).toEqual(
      expect.arrayContaining(['HOUSEHOLD_REGISTERS', 'HOUSEHOLD_USES', 'TARIFF_SCHEDULES', 'TELEGRAM_LAYOUTS', 'TEXT_MESSAGES', 'systemClock']),
    );
    expect(tables.flatMap(([name, value]) => unfrozenPaths(value, name))).toEqual([]);
  });

  it('cannot be changed by a caller', () => {
    const schedules = emulator.TARIFF_SCHEDULES as unknown as Record<string, { nightFrom: number }>;
    expect(() => (schedules.NL!.nightFrom = 21)).toThrow(TypeError);
    expect(emulator.TARIFF_SCHEDULES.NL.nightFrom).toBe(23);
  });
});
