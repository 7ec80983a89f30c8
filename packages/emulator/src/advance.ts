import { addDemand, QUARTER_HOUR } from './capacity-demand.js';
import type { EmulatorConfig } from './emulator-options.js';
import { householdStep } from './household-model.js';
import { copyState, type MeterState } from './meter-state.js';
import type { Rng } from './rng.js';
import { steadyStep } from './steady-model.js';
import { tariffAt } from './tariff-schedule.js';

const HOUR = 3_600_000;

/**
 * The meter `seconds` later: a new state, the given one untouched. The model sets what flows during the interval
 * (constant over it); the meter then counts it into the register of the tariff in force, the capacity-tariff
 * demand, and the M-Bus devices, cutting the interval at every quarter-hour and capture time, so a tariff switch,
 * a quarter's end or a gas value is placed exactly where it falls.
 */
export function advance(state: MeterState, seconds: number, rng: Rng): MeterState {
  const next = copyState(state);
  const from = state.time;
  const to = from + seconds * 1000;
  applyModel(next, from, to, rng);
  const config = next.config;
  const kW = next.power;
  for (let t = from; t < to; ) {
    const end = Math.min(to, nextQuarter(t), nextCapture(config, t));
    const hours = (end - t) / HOUR;
    const tariff = tariffOf(config, t) - 1;
    next.energy.received[tariff]! += kW.received * hours;
    next.energy.delivered[tariff]! += kW.delivered * hours;
    addDemand(next.demand, t, end, kW.received * hours);
    const capture = end === nextCapture(config, t);
    for (const device of next.mbus) {
      device.register += device.flow * hours;
      if (!capture) continue;
      if (config.realistic === null) device.register += deviceIncrement(config, device.channel);
      device.captured = { time: end, value: device.register };
    }
    t = end;
  }
  next.time = to;
  next.tariff = tariffOf(config, to);
  return next;
}

/** Sets the conditions of the interval (from, to] by the configured model. */
export function applyModel(state: MeterState, from: number, to: number, rng: Rng): void {
  if (state.config.realistic === null) steadyStep(state);
  else householdStep(state, from, to, rng);
}

/** The tariff at `utc`: by the local clock in the realistic model, always tariff 1 in the seed's steady one. */
export function tariffOf(config: EmulatorConfig, utc: number): 1 | 2 {
  return config.realistic?.tariffs ? tariffAt(config.profile, utc) : 1;
}

/**
 * The last M-Bus capture at or before `utc`. The steady model counts `intervalGas` from the start, as the seed
 * did; the realistic one captures on the clock (every full hour, or every 5 minutes on DSMR 5 and eMUCs).
 */
export function lastCapture(config: EmulatorConfig, utc: number): number {
  const origin = config.realistic === null ? config.start : 0;
  const period = config.intervalGas * 1000;
  return origin + Math.floor((utc - origin) / period) * period;
}

function nextCapture(config: EmulatorConfig, utc: number): number {
  return lastCapture(config, utc) + config.intervalGas * 1000;
}

function nextQuarter(utc: number): number {
  return (Math.floor(utc / QUARTER_HOUR) + 1) * QUARTER_HOUR;
}

function deviceIncrement(config: EmulatorConfig, channel: number): number {
  return config.devices.find((d) => d.channel === channel)!.increment;
}
