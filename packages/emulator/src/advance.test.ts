import { describe, expect, it } from 'vitest';
import { advance } from './advance.js';
import { createMeterState } from './create-meter-state.js';
import { resolveOptions, type EmulatorOptions } from './emulator-options.js';
import { createRng } from './rng.js';

function stateOf(options: EmulatorOptions, seed = 3) {
  const rng = createRng(seed);
  return { state: createMeterState(resolveOptions(options, 0), rng), rng };
}

describe('advance(state, seconds, rng)', () => {
  it('returns the meter `seconds` later and leaves the given state untouched', () => {
    const { state, rng } = stateOf({ realistic: true, start: '2024-05-01T10:00:00Z', mbus: ['gas', 'water'] });
    const before = JSON.stringify(state);
    const next = advance(state, 10, rng);
    expect(JSON.stringify(state)).toBe(before);
    expect(next.time).toBe(state.time + 10_000);
    expect(next).not.toBe(state);
    expect(next.config).toBe(state.config);
  });

  it('is deterministic: the same seed gives the same states, another seed others', () => {
    const run = (seed: number) => {
      let { state, rng } = stateOf({ realistic: true, profile: 'dsmr5', start: '2024-05-01T10:00:00Z' }, seed);
      for (let i = 0; i < 500; i++) state = advance(state, 1, rng);
      return JSON.stringify(state);
    };
    expect(run(1)).toBe(run(1));
    expect(run(1)).not.toBe(run(2));
  });

  it('counts energy into the register of the tariff in force, split exactly at the switch', () => {
    // 17 January 2024, 22:59 local: one minute on tariff 2, then one on tariff 1.
    const { state, rng } = stateOf({ realistic: { solar: 0 }, start: Date.UTC(2024, 0, 17, 21, 59) });
    const next = advance(state, 120, rng);
    const perMinute = next.power.received / 60; // the model's power holds over the interval
    expect(next.energy.received[1] - state.energy.received[1]).toBeCloseTo(perMinute, 12);
    expect(next.energy.received[0] - state.energy.received[0]).toBeCloseTo(perMinute, 12);
    expect(next.tariff).toBe(1);
  });

  it('realistic M-Bus values are captured on the clock: on the hour for DSMR 4, every 5 minutes for DSMR 5', () => {
    for (const [profile, period] of [['dsmr4', 3_600_000], ['dsmr5', 300_000]] as const) {
      let { state, rng } = stateOf({ profile, realistic: true, start: Date.UTC(2024, 0, 17, 6, 58, 20) });
      for (let i = 0; i < 40; i++) {
        state = advance(state, 37, rng);
        const { time, value } = state.mbus[0]!.captured;
        expect(time % period).toBe(0);
        expect(state.time - time).toBeLessThan(period);
        expect(value).toBeLessThanOrEqual(state.mbus[0]!.register);
      }
    }
  });

  it('steady M-Bus values step by their increment every intervalGas seconds, counted from the start', () => {
    const start = Date.UTC(2024, 0, 17, 6, 58, 20);
    let { state, rng } = stateOf({ start, intervalGas: 45, gasOffset: 2, gasIncrement: 0.25 });
    state = advance(state, 100, rng);
    expect(state.mbus[0]!.captured).toEqual({ time: start + 90_000, value: 2.5 });
  });
});
