import { parseTelegram } from '@p1/core';
import { describe, expect, it } from 'vitest';
import type { EmulatorOptions } from './emulator-options.js';
import { HOUSEHOLD_REGISTERS, TEXT_MESSAGES } from './household-model.js';
import { MeterEmulator } from './meter-emulator.js';
import type { MeterState } from './meter-state.js';
import { renderTelegram } from './render-telegram.js';

function states(options: EmulatorOptions, count: number): MeterState[] {
  const meter = new MeterEmulator(options);
  return Array.from({ length: count }, () => meter.next().state);
}

const localHour = (s: MeterState): number => new Date(s.time + 2 * 3_600_000).getUTCHours(); // summer time

describe('the realistic household', () => {
  it('delivers solar power around noon and none at night', () => {
    // 21 June 2024, every 5 minutes for a day.
    const day = states({ profile: 'dsmr5', realistic: { solar: 6 }, interval: 300, start: '2024-06-20T22:00:00Z' }, 288);
    const noon = day.filter((s) => localHour(s) >= 12 && localHour(s) < 15);
    const night = day.filter((s) => localHour(s) < 4);
    expect(noon.filter((s) => s.power.delivered > 0).length).toBeGreaterThan(noon.length * 0.8);
    expect(night.every((s) => s.power.delivered === 0)).toBe(true);
    // What was delivered went into the delivered registers.
    expect(day.at(-1)!.energy.delivered[0] + day.at(-1)!.energy.delivered[1]).toBeGreaterThan(5);
    // Without panels nothing is ever delivered.
    const dark = states({ profile: 'dsmr5', realistic: { solar: 0 }, interval: 300, start: '2024-06-20T22:00:00Z' }, 288);
    expect(dark.every((s) => s.power.delivered === 0)).toBe(true);
  });

  it('balances its phases: per-phase power nets to the totals, and currents follow power and voltage', () => {
    for (const s of states({ profile: 'dsmr5', realistic: { solar: 8 }, interval: 60, start: '2024-06-21T04:00:00Z' }, 1440)) {
      const net = (i: number) => s.power.receivedPhases[i]! - s.power.deliveredPhases[i]!;
      expect(net(0) + net(1) + net(2)).toBeCloseTo(s.power.received - s.power.delivered, 9);
      expect(s.power.received === 0 || s.power.delivered === 0).toBe(true);
      for (let i = 0; i < 3; i++) {
        expect(s.current[i]).toBeCloseTo(s.voltage[i]! > 0 ? (Math.abs(net(i)) * 1000) / s.voltage[i]! : 0, 9);
        if (s.world.failure?.phase !== i) expect(s.voltage[i]).toBeGreaterThan(215);
      }
    }
  });

  it('logs power failures: long ones (>= 180 s) with start = end - duration, at most 10, oldest first', () => {
    const run = states({ profile: 'dsmr4', realistic: { powerFailuresPerDay: 48 }, interval: 30, start: '2024-03-01T00:00:00Z', seed: 9 }, 8 * 2880);
    const last = run.at(-1)!;
    expect(last.powerFailures).toBeGreaterThan(last.longPowerFailures);
    expect(last.longPowerFailures).toBeGreaterThan(10);
    expect(last.powerFailureLog).toHaveLength(10);
    last.powerFailureLog.forEach((entry, i) => {
      expect(entry.duration).toBeGreaterThanOrEqual(180);
      if (i > 0) expect(entry.end).toBeGreaterThan(last.powerFailureLog[i - 1]!.end);
    });
    // While a failure lasts, its phase has no voltage and carries no power.
    const during = run.filter((s) => s.world.failure !== null && s.time > s.world.failure.start);
    expect(during.length).toBeGreaterThan(0);
    for (const s of during) {
      const phase = s.world.failure!.phase;
      expect([s.voltage[phase], s.power.receivedPhases[phase], s.power.deliveredPhases[phase]]).toEqual([0, 0, 0]);
    }
    // As core parses the telegram: the same entries, start = end - duration.
    const parsed = parseTelegram(renderTelegram(last)).reading.electricity.longPowerFailureLog;
    expect(parsed.count).toBe(10);
    parsed.log.forEach((entry, i) => {
      const { end, duration } = last.powerFailureLog[i]!;
      expect(entry).toEqual({ startOfFailure: new Date(end - duration * 1000).toISOString(), endOfFailure: new Date(end).toISOString(), duration, unit: 's' });
    });
  });

  it('shows text messages from the grid operator for a while, then clears them', () => {
    const run = states({ profile: 'dsmr5', realistic: { textMessagesPerDay: 6 }, interval: 60, start: '2024-03-01T00:00:00Z', seed: 2 }, 2 * 1440);
    const shown = run.filter((s) => s.textMessage !== '');
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(run.length);
    for (const s of shown) expect(TEXT_MESSAGES).toContain(s.textMessage);
  });

  it('drives gas, water and heat meters: water only while taps run, heating on the heat meter when there is one', () => {
    const winter = states({ profile: 'dsmr5', realistic: true, mbus: ['gas', 'water', 'heat'], interval: 60, start: '2024-01-15T00:00:00Z', seed: 3 }, 1440);
    const [gas, water, heat] = [0, 1, 2].map((i) => winter.at(-1)!.mbus[i]!.register - winter[0]!.mbus[i]!.register) as [number, number, number];
    expect(heat).toBeGreaterThan(0.1); // GJ of a winter day
    expect(water).toBeGreaterThan(0.05); // m3
    expect(gas).toBeLessThan(3); // hot water only: the heating is on the heat meter
    const idle = winter.filter((s) => s.world.running.every((r) => r.until <= s.time));
    expect(idle.length).toBeGreaterThan(0);
    for (const s of idle) expect(s.mbus[1]!.flow).toBe(0);
    // Without a heat meter, the heating burns gas.
    const gasOnly = states({ profile: 'dsmr5', realistic: true, interval: 60, start: '2024-01-15T00:00:00Z', seed: 3 }, 1440);
    expect(gasOnly.at(-1)!.mbus[0]!.register - gasOnly[0]!.mbus[0]!.register).toBeGreaterThan(5);
  });

  it('starts from a meter that has run for years: the household registers, unless offsets say otherwise', () => {
    const [first] = states({ profile: 'dsmr5', realistic: true, mbus: ['gas', 'water', 'heat'], start: '2024-01-15T08:00:00Z' }, 1);
    const reading = parseTelegram(renderTelegram(first!)).reading;
    const { received, delivered } = reading.electricity;
    expect([received.tariff1.reading, received.tariff2.reading]).toEqual([...HOUSEHOLD_REGISTERS.received]);
    expect([delivered.tariff1.reading, delivered.tariff2.reading]).toEqual([...HOUSEHOLD_REGISTERS.delivered]);
    expect(reading.mbus.map((d) => d.reading)).toEqual([HOUSEHOLD_REGISTERS.gas, HOUSEHOLD_REGISTERS.water, HOUSEHOLD_REGISTERS.heat]);
    // Thousands of kWh and m3 of gas, hundreds of m3 of water: a household's meter, not a new one.
    expect(Math.min(...HOUSEHOLD_REGISTERS.received, ...HOUSEHOLD_REGISTERS.delivered, HOUSEHOLD_REGISTERS.gas)).toBeGreaterThan(1000);
    expect(HOUSEHOLD_REGISTERS.water).toBeGreaterThan(100);
    // Without solar panels nothing was ever exported; offsets given win.
    const [dark] = states({ profile: 'dsmr4', realistic: { solar: 0 }, electricityOffset: 12, gasOffset: 3, mbus: ['gas', { medium: 'water', offset: 7 }] }, 1);
    expect(dark!.energy).toEqual({ received: [12, HOUSEHOLD_REGISTERS.received[1]], delivered: [0, 0] });
    expect(dark!.mbus.map((d) => d.register)).toEqual([3, 7]);
    // The steady model still starts at 0, as p1-reader's emulator mode did.
    const [steady] = states({}, 1);
    expect(steady!.energy).toEqual({ received: [0, 0], delivered: [0, 0] });
    expect(steady!.mbus[0]!.register).toBe(0);
  });

  it('counts voltage sags and swells per phase', () => {
    const last = states({ profile: 'dsmr5', realistic: { voltageEventsPerDay: 10 }, interval: 60, start: '2024-03-01T00:00:00Z' }, 1440).at(-1)!;
    expect(last.voltageSags.every((n) => n > 0)).toBe(true);
    expect(last.voltageSwells.every((n) => n > 0)).toBe(true);
  });
});
