import type { DeviceMedium, EmulatorConfig } from './emulator-options.js';

/** One value per phase: L1, L2, L3 (a single-phase meter uses L1 only). */
export type PhaseValues = [number, number, number];

/** An M-Bus device as the meter knows it. */
export interface MbusDeviceState {
  readonly channel: number;
  readonly medium: DeviceMedium;
  /** Text; telegrams carry it in hex. */
  readonly equipmentId: string;
  /** The device's own register now: m3 (gas, water) or GJ (heat). */
  register: number;
  /** The last value the device reported to the meter and when it captured it (ms UTC): what telegrams show. Replaced. */
  captured: { readonly time: number; readonly value: number };
  /** Consumption now, per hour (m3/h or GJ/h); 0 in the steady model, which adds `increment` per capture instead. */
  flow: number;
}

/** A long power failure in the meter's log. */
export interface PowerFailureEntry {
  /** When power returned (ms UTC); the log stamps the end. */
  end: number;
  /** Seconds without power. */
  duration: number;
}

/** The Belgian capacity tariff's memory (eMUCs 1.7+): 15-minute average demand and its monthly peaks. */
export interface DemandState {
  /** Start (ms UTC) of the quarter-hour running at `time`; `time` lies in (quarterStart, quarterStart + 15 min]. */
  quarterStart: number;
  /** kWh received since `quarterStart`. */
  quarterEnergy: number;
  /** Highest quarter-hour average of the running month (kW) and the start of that quarter. Replaced, never changed. */
  monthMaximum: { readonly time: number; readonly value: number };
  /** Peaks of past months, oldest first, at most 13; `month` is 00:00 local on the 1st of the month after. Replaced. */
  history: readonly { readonly month: number; readonly time: number; readonly value: number }[];
}

/** What the household model keeps between steps: invisible in telegrams, but it shapes what they show. */
export interface WorldState {
  /** 0 clear sky ... 1 overcast. */
  cloud: number;
  /** Appliances and taps in use: index in the model's table, and until when (ms UTC). Replaced, never changed. */
  running: readonly { readonly use: number; readonly until: number }[];
  /** Slow drift of each phase's voltage around 230 V. */
  drift: PhaseValues;
  /** A power failure in progress on one phase (0-2), from `start` to `end` (ms UTC). Replaced, never changed. */
  failure: { readonly phase: number; readonly start: number; readonly end: number } | null;
  /** When the text message shown now expires (ms UTC). */
  messageUntil: number;
}

/**
 * Everything a telegram shows, at `time`, in the units of the standards (kWh, kW, V, A, m3, GJ) and at full
 * precision: rendering rounds to each standard's format. Plain data, so a state can be logged, compared and copied.
 */
export interface MeterState {
  /** The options this meter was made with; shared by all its states. */
  readonly config: EmulatorConfig;
  /** ms UTC, whole seconds: the telegram's timestamp. */
  time: number;
  /** The tariff in force: 1 or 2 (NL 1 = low, BE 1 = day). */
  tariff: 1 | 2;
  /** kWh registers: index 0 tariff 1, index 1 tariff 2. */
  energy: { received: [number, number]; delivered: [number, number] };
  /** kW now: totals over all phases (netted, as meters do) and each phase on its own. */
  power: { received: number; delivered: number; receivedPhases: PhaseValues; deliveredPhases: PhaseValues };
  voltage: PhaseValues;
  current: PhaseValues;
  powerFailures: number;
  longPowerFailures: number;
  /** Oldest first, at most 10 (the size DSMR gives the log). Replaced, never changed in place. */
  powerFailureLog: readonly PowerFailureEntry[];
  voltageSags: PhaseValues;
  voltageSwells: PhaseValues;
  /** Empty when there is none. */
  textMessage: string;
  demand: DemandState;
  mbus: MbusDeviceState[];
  world: WorldState;
}

/**
 * A copy to change without touching the original. Numbers and phase arrays are copied; the log, the demand
 * history and peak, and captured M-Bus values are shared, because whoever changes them replaces them (which also
 * lets rendering recognise an unchanged one). Written out field by field: it runs once per telegram.
 */
export function copyState(s: MeterState): MeterState {
  const w = s.world;
  return {
    config: s.config,
    time: s.time,
    tariff: s.tariff,
    energy: { received: [s.energy.received[0], s.energy.received[1]], delivered: [s.energy.delivered[0], s.energy.delivered[1]] },
    power: {
      received: s.power.received,
      delivered: s.power.delivered,
      receivedPhases: s.power.receivedPhases.slice() as PhaseValues,
      deliveredPhases: s.power.deliveredPhases.slice() as PhaseValues,
    },
    voltage: s.voltage.slice() as PhaseValues,
    current: s.current.slice() as PhaseValues,
    powerFailures: s.powerFailures,
    longPowerFailures: s.longPowerFailures,
    powerFailureLog: s.powerFailureLog,
    voltageSags: s.voltageSags.slice() as PhaseValues,
    voltageSwells: s.voltageSwells.slice() as PhaseValues,
    textMessage: s.textMessage,
    demand: { ...s.demand },
    mbus: s.mbus.map((m) => ({ ...m })),
    world: { cloud: w.cloud, running: w.running, drift: w.drift.slice() as PhaseValues, failure: w.failure, messageUntil: w.messageUntil },
  };
}
