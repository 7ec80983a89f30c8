import { parseTelegram } from '@p1/core';
import { describe, expect, it } from 'vitest';
import { addDemand, createDemand, currentDemand, QUARTER_HOUR } from './capacity-demand.js';
import { MeterEmulator } from './meter-emulator.js';
import { createRng } from './rng.js';

const MINUTE = 60_000;

describe('Belgian capacity tariff', () => {
  it('starts with 13 months of history, oldest first, each peak on a quarter-hour of its month', () => {
    const start = Date.UTC(2024, 4, 20, 10, 7);
    const demand = createDemand(start, createRng(1));
    expect(demand.history).toHaveLength(13);
    expect(new Date(demand.history[0]!.month).toISOString()).toBe('2023-04-30T22:00:00.000Z'); // closes April 2023
    expect(new Date(demand.history[12]!.month).toISOString()).toBe('2024-04-30T22:00:00.000Z'); // closes April 2024
    demand.history.forEach((m, i) => {
      expect(m.time % QUARTER_HOUR).toBe(0);
      expect(m.time).toBeLessThan(m.month);
      if (i > 0) expect(m.time).toBeGreaterThanOrEqual(demand.history[i - 1]!.month);
    });
    expect(demand.quarterStart).toBe(Date.UTC(2024, 4, 20, 10, 0));
  });

  it('shows the running quarter-hour average, and a completed quarter becomes the peak when it is the highest', () => {
    const demand = createDemand(Date.UTC(2024, 4, 20, 10, 0), createRng(1));
    demand.monthMaximum = { time: 0, value: 2 };
    const q = demand.quarterStart + QUARTER_HOUR; // 10:00 UTC
    addDemand(demand, q, q + 5 * MINUTE, 0.5); // 6 kW for 5 minutes
    expect(currentDemand(demand, q + 5 * MINUTE)).toBeCloseTo(6, 12);
    addDemand(demand, q + 5 * MINUTE, q + 15 * MINUTE, 0); // then nothing
    expect(currentDemand(demand, q + 15 * MINUTE)).toBeCloseTo(2, 12);
    expect(demand.monthMaximum).toEqual({ time: 0, value: 2 }); // equal to the peak is no new peak
    // Another quarter at 3 kW average beats the 2 kW peak.
    addDemand(demand, q + 15 * MINUTE, q + 30 * MINUTE, 0.75);
    expect(demand.monthMaximum.time).toBe(q + 15 * MINUTE);
    expect(demand.monthMaximum.value).toBeCloseTo(3, 12);
    // A lower one does not.
    addDemand(demand, q + 30 * MINUTE, q + 45 * MINUTE, 0.1);
    expect(demand.monthMaximum.time).toBe(q + 15 * MINUTE);
  });

  it('in telegrams: 1.4.0, 1.6.0 and 98.1.0 follow a steady 7.2 kW load across a month change', () => {
    // 31 January 2024, 23:40 local; electricityIncrement 0.12 kWh per minute = 7.2 kW, above any peak the meter starts with.
    const meter = new MeterEmulator({ profile: 'emucs', start: Date.UTC(2024, 0, 31, 22, 40), interval: 60, electricityIncrement: 0.12, seed: 4 });
    const readings = Array.from({ length: 41 }, () => {
      const { bytes, state } = meter.next();
      return { state, demand: parseTelegram(bytes).reading.electricity.demand };
    });
    const first = readings[0]!;
    const history = first.demand.maximumDemandLastMonths;
    expect(history.count).toBe(13);
    // 23:45 local: the quarter since 23:30 is complete; its average (7.2 kW, steady) is January's new peak.
    const at2345 = readings[5]!.demand;
    expect(at2345.positiveActiveDemand.currentDemandPeriod.reading).toBe(7.2);
    expect(at2345.positiveActiveDemand.maximumDemand).toEqual({ timestamp: '2024-01-31T22:30:00.000Z', reading: 7.2, unit: 'kW' });
    // 00:00 local on 1 February: January's peak moves to the history, the oldest month drops, February starts at 0.
    const atMidnight = readings[20]!.demand;
    const months = atMidnight.maximumDemandLastMonths.months;
    expect(atMidnight.maximumDemandLastMonths.count).toBe(13);
    // The quarter to 00:00 drew the same 7.2 kW: no higher, so the peak stays at the first one.
    expect(months.at(-1)).toEqual({ month: '2024-01-31T23:00:00.000Z', timestamp: '2024-01-31T22:30:00.000Z', value: 7.2, unit: 'kW' });
    expect(months[0]).toEqual(history.months[1]);
    expect(atMidnight.positiveActiveDemand.maximumDemand).toEqual({ timestamp: '2024-01-31T23:00:00.000Z', reading: 0, unit: 'kW' });
    // 00:15: February's first complete quarter.
    expect(readings[35]!.demand.positiveActiveDemand.maximumDemand).toEqual({ timestamp: '2024-01-31T23:00:00.000Z', reading: 7.2, unit: 'kW' });
  });
});
