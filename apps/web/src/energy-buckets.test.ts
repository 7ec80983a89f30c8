import { describe, expect, it } from 'vitest';
import { EnergyBuckets, localDay, localHour } from './energy-buckets.js';
import type { Sample } from './totals.js';

const sample = (time: string, importKwh: number | null, exportKwh: number | null = 0): Sample => ({
  time: Date.parse(time),
  importKw: null,
  exportKw: null,
  importKwh,
  exportKwh,
  gasM3: null,
});

describe('EnergyBuckets', () => {
  it("counts each register step in the later sample's period, so the periods add up to the registers' difference", () => {
    const hours = new EnergyBuckets(localHour);
    [sample('2025-01-01T10:59:00', 100, 5), sample('2025-01-01T11:00:10', 100.5, 5), sample('2025-01-01T11:30:00', 101.25, 6), sample('2025-01-01T12:00:00', 102, 6)].forEach(
      (s) => hours.add(s),
    );
    const sorted = hours.sorted();
    expect(sorted.map(([start]) => new Date(start).getHours())).toEqual([11, 12]);
    expect(sorted[0]![1].importKwh).toBeCloseTo(1.25);
    expect(sorted[0]![1].exportKwh).toBeCloseTo(1);
    expect(sorted[1]![1].importKwh).toBeCloseTo(0.75);
    expect(sorted.reduce((n, [, t]) => n + t.importKwh, 0)).toBeCloseTo(102 - 100);
  });

  it('adds nothing for a register that went back (a replaced meter) and bridges a telegram without the register', () => {
    const days = new EnergyBuckets(localDay);
    [sample('2025-01-01T10:00:00', 500), sample('2025-01-01T11:00:00', 3), sample('2025-01-01T12:00:00', null), sample('2025-01-01T13:00:00', 4)].forEach((s) => days.add(s));
    expect(days.sorted()).toHaveLength(1);
    expect(days.sorted()[0]![1].importKwh).toBeCloseTo(1);
  });

  it('forgets old periods on request', () => {
    const hours = new EnergyBuckets(localHour);
    ['2025-01-01T10:00:00', '2025-01-01T11:00:00', '2025-01-01T12:00:00'].forEach((t, i) => hours.add(sample(t, i)));
    hours.dropBefore(Date.parse('2025-01-01T12:00:00'));
    expect([...hours.periods.keys()]).toEqual([Date.parse('2025-01-01T12:00:00')]);
  });
});
