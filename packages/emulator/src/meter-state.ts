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
  /** The last value the device reported to the meter and when it captured it (ms UTC): what telegrams show. */
  captured: { time: number; value: number };
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
  /** Highest quarter-hour average of the running month (kW) and the start of that quarter. */
  monthMaximum: { time: number; value: number };
  /** Peaks of past months, oldest first, at most 13. `month`: 00:00 local on the 1st of the month after. */
  history: { month: number; time: number; value: number }[];
}

/** What the household model keeps between steps: invisible in telegrams, but it shapes what they show. */
export interface WorldState {
  /** 0 clear sky ... 1 overcast. */
  cloud: number;
  /** Appliances and taps in use: index in the model's table, and until when (ms UTC). */
  running: { use: number; until: number }[];
  /** Slow drift of each phase's voltage around 230 V. */
  drift: PhaseValues;
  /** A power failure in progress on one phase (0-2), from `start` to `end` (ms UTC). */
  failure: { phase: number; start: number; end: number } | null;
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
  /** Oldest first, at most 10 (the size DSMR gives the log). */
  powerFailureLog: PowerFailureEntry[];
  voltageSags: PhaseValues;
  voltageSwells: PhaseValues;
  /** Empty when there is none. */
  textMessage: string;
  demand: DemandState;
  mbus: MbusDeviceState[];
  world: WorldState;
}

/** A copy to change without touching the original: every array and object below `config` is new. */
export function copyState(s: MeterState): MeterState {
  const d = s.demand;
  const w = s.world;
  return {
    ...s,
    energy: { received: [...s.energy.received], delivered: [...s.energy.delivered] },
    power: { ...s.power, receivedPhases: [...s.power.receivedPhases], deliveredPhases: [...s.power.deliveredPhases] },
    voltage: [...s.voltage],
    current: [...s.current],
    powerFailureLog: [...s.powerFailureLog],
    voltageSags: [...s.voltageSags],
    voltageSwells: [...s.voltageSwells],
    demand: { ...d, monthMaximum: { ...d.monthMaximum }, history: [...d.history] },
    mbus: s.mbus.map((m) => ({ ...m, captured: { ...m.captured } })),
    world: { ...w, running: [...w.running], drift: [...w.drift], failure: w.failure && { ...w.failure } },
  };
}
