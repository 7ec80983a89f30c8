import { parseTelegram } from '@p1/core';
import { describe, expect, it } from 'vitest';
import { MeterEmulator } from './meter-emulator.js';
import { tariffAt } from './tariff-schedule.js';

// Instants by their local (Europe/Amsterdam) wall clock: winter UTC+1, summer UTC+2.
const winter = (day: number, hour: number, minute = 0): number => Date.UTC(2024, 0, day, hour - 1, minute);
const summer = (day: number, hour: number, minute = 0): number => Date.UTC(2024, 6, day, hour - 2, minute);

describe('tariff by the local clock', () => {
  it('NL: tariff 1 (low) from 23:00 to 07:00 on working days and all weekend, tariff 2 otherwise', () => {
    // 17 January 2024 is a Wednesday, 20 and 21 January the weekend.
    expect(tariffAt('dsmr5', winter(17, 22, 59))).toBe(2);
    expect(tariffAt('dsmr5', winter(17, 23, 0))).toBe(1);
    expect(tariffAt('dsmr5', winter(18, 6, 59))).toBe(1);
    expect(tariffAt('dsmr5', winter(18, 7, 0))).toBe(2);
    expect(tariffAt('dsmr5', winter(20, 12))).toBe(1);
    expect(tariffAt('dsmr5', winter(21, 12))).toBe(1);
    expect(tariffAt('dsmr5', winter(22, 12))).toBe(2);
  });

  it('follows local time in summer too (23:00 local is 21:00 UTC)', () => {
    // 17 July 2024 is a Wednesday.
    expect(tariffAt('dsmr4', summer(17, 22, 59))).toBe(2);
    expect(tariffAt('dsmr4', summer(17, 23, 0))).toBe(1);
  });

  it('BE: the codes are reversed, 1 = day and 2 = night, and night starts at 22:00', () => {
    expect(tariffAt('emucs', winter(17, 21, 59))).toBe(1);
    expect(tariffAt('emucs', winter(17, 22, 0))).toBe(2);
    expect(tariffAt('emucs', winter(18, 7, 0))).toBe(1);
    expect(tariffAt('emucs', winter(20, 12))).toBe(2);
  });

  it('a realistic meter switches its indicator at 23:00 sharp and counts each side into its own register', () => {
    const meter = new MeterEmulator({ profile: 'dsmr5', realistic: { solar: 0 }, interval: 60, start: winter(17, 22, 58) });
    const seen = Array.from({ length: 6 }, () => {
      const { bytes, state } = meter.next();
      return { time: state.time, reading: parseTelegram(bytes).reading };
    });
    const at = (time: number) => seen.find((s) => s.time === time)!.reading.electricity;
    const before = at(winter(17, 22, 59));
    const switched = at(winter(17, 23, 0));
    const after = at(winter(17, 23, 3));
    expect(before.tariffIndicator).toBe(2);
    expect(switched.tariffIndicator).toBe(1);
    // Before 23:00 only tariff 2 grows, after it only tariff 1 (a house always draws some standby power).
    expect(switched.received.tariff1.reading).toBe(before.received.tariff1.reading);
    expect(switched.received.tariff2.reading!).toBeGreaterThan(before.received.tariff2.reading!);
    expect(after.received.tariff2.reading).toBe(switched.received.tariff2.reading);
    expect(after.received.tariff1.reading!).toBeGreaterThan(switched.received.tariff1.reading!);
  });
});
