import { parseTelegram } from '@p1/core';
import { MeterEmulator } from '@p1/emulator';
import { describe, expect, it } from 'vitest';
import { DashboardModel } from './dashboard-model.js';

describe('DashboardModel', () => {
  const meter = new MeterEmulator({ profile: 'dsmr5', realistic: true, seed: 4, start: '2025-02-01T10:00:00Z', interval: 60 });
  const entries = Array.from({ length: 90 }, () => {
    const t = parseTelegram(meter.next().bytes);
    return { time: Date.parse(t.reading.timestamp!), profile: t.profile, reading: t.reading };
  });

  it('shows the latest reading, charts each once and counts energy since the first', () => {
    const m = new DashboardModel();
    m.reset('serial', 'port');
    entries.forEach((e) => m.addReading(e));
    m.addReading(entries.at(-1)!, true);
    expect(m.latest).toBe(entries.at(-1));
    expect(m.series.length).toBe(90);
    expect(m.counters.readings).toBe(90);
    const kwh = (i: number): number => entries[i]!.reading.electricity.received.tariff1.reading! + entries[i]!.reading.electricity.received.tariff2.reading!;
    expect(m.sinceStart()?.importKwh).toBeCloseTo(kwh(89) - kwh(0), 9);
    expect(m.sinceStart()?.ms).toBe(89 * 60_000);
    const hours = [...m.hours.periods.values()].reduce((n, t) => n + t.importKwh, 0);
    expect(hours).toBeCloseTo(kwh(89) - kwh(0), 9);
  });

  it('counts CRC errors apart from other rejected telegrams and keeps the last five messages', () => {
    const m = new DashboardModel();
    m.reset('file', 'x');
    for (let i = 0; i < 7; i++) m.addError(i % 2 === 0 ? 'crc-mismatch' : 'incomplete', `problem ${i}`);
    expect(m.counters).toEqual({ readings: 0, crcErrors: 4, rejected: 3 });
    expect(m.errors).toEqual(['problem 2', 'problem 3', 'problem 4', 'problem 5', 'problem 6']);
  });
});
