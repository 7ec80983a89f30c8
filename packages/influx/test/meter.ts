// Test data from @p1/emulator: a DSMR 5 three-phase meter with a gas meter, on a fixed seed and emulated clock (a
// telegram a second, gas captured every 5 minutes on the clock), so a test knows exactly what must arrive.
import type { Reading } from '@p1/core';
import { MeterEmulator, renderTelegram, type EmulatorOptions, type MeterState, type PhaseValues } from '@p1/emulator';
import { expectedReading } from '@p1/emulator/testing';

export interface MeterOptions {
  /** Seconds between telegrams. Default 1 (DSMR 5). */
  interval?: number;
  /** Seconds between gas captures. Default 300 (DSMR 5); 3600 for an hourly gas meter. */
  intervalGas?: number;
}

export interface MeterTelegram {
  /** The telegram as the meter sent it, CRC included. */
  bytes: Uint8Array;
  /** The same bytes as a latin1 string, to splice into captures. */
  text: string;
  /** What the telegram says: the emulator's `expectedReading` of the meter state it was rendered from. */
  reading: Reading;
  /** Unix seconds. */
  time: number;
  /** The `electricity` fields of the `full` schema, as the reading says them. */
  fields: Record<string, number>;
  gas: { time: number; value: number };
}

/** 07:00 local on a Wednesday in winter (stamps end in W): tariff 2 (normal) until 23:00. */
export const START = Date.UTC(2025, 0, 15, 6) / 1000;
/** The meter's equipment id as telegrams carry it (hex of `E0043007239184521`). */
export const METER_ID = '4530303433303037323339313834353231';

const SEED = 1;
const PHASES = [1, 2, 3] as const;
const phases = (value: (p: number) => number): PhaseValues => PHASES.map(value) as PhaseValues;

/**
 * The electricity values of telegram `i`: the household model's own would leave many fields equal to each other
 * (no export while importing, several phases idle), so a value written to the wrong field could go unnoticed.
 * These differ from field to field and from telegram to telegram; time, tariff and gas stay the emulator's.
 */
function distinct(state: MeterState, i: number): MeterState {
  return {
    ...state,
    energy: { received: [1000 + i / 1000, 2000 + i / 500], delivered: [300 + i / 250, 400 + i / 200] },
    power: {
      received: ((i * 37) % 5000) / 1000,
      delivered: ((i * 11) % 900) / 1000,
      receivedPhases: phases((p) => ((i * 13 + p * 101) % 3000) / 1000),
      deliveredPhases: phases((p) => ((i * 7 + p * 53) % 700) / 1000),
    },
    voltage: phases((p) => 225 + ((i + p * 7) % 100) / 10),
    current: phases((p) => (i + p) % 25),
    powerFailures: 4 + (i % 3),
    longPowerFailures: 1,
    voltageSags: phases((p) => p - 1),
    voltageSwells: phases((p) => p + 2),
  };
}

/** The `full` schema's electricity fields of a reading (the test's own map, not the schema's). */
function fieldsOf(reading: Reading): Record<string, number> {
  const e = reading.electricity;
  const { voltage, current, power } = e.instantaneous;
  const fields: Record<string, number | null> = {
    energy_import_t1: e.received.tariff1.reading,
    energy_import_t2: e.received.tariff2.reading,
    energy_export_t1: e.delivered.tariff1.reading,
    energy_export_t2: e.delivered.tariff2.reading,
    tariff: e.tariffIndicator,
    power_import: e.received.actual.reading,
    power_export: e.delivered.actual.reading,
    power_failures: e.numberOfPowerFailures,
    long_power_failures: e.numberOfLongPowerFailures,
  };
  for (const phase of ['L1', 'L2', 'L3'] as const) {
    const p = phase.toLowerCase();
    fields[`voltage_sags_${p}`] = e.voltageSags[phase];
    fields[`voltage_swells_${p}`] = e.voltageSwell[phase];
    fields[`voltage_${p}`] = voltage[phase].reading;
    fields[`current_${p}`] = current[phase].reading;
    fields[`power_import_${p}`] = power.positive[phase].reading;
    fields[`power_export_${p}`] = power.negative[phase].reading;
  }
  for (const [field, value] of Object.entries(fields)) if (value === null) throw new Error(`the emulated telegram has no ${field}`);
  return fields as Record<string, number>;
}

/** Telegrams `from` to `from + count - 1` of the meter. */
export function meterTelegrams(count: number, options: MeterOptions = {}, from = 0): MeterTelegram[] {
  const emulatorOptions: EmulatorOptions = {
    profile: 'dsmr5',
    seed: SEED,
    start: START * 1000,
    equipmentId: 'E0043007239184521',
    gasOffset: 1007.192,
    // Tariffs by the clock and gas by the heating; no failures, whose log would contradict the counters set above.
    realistic: { powerFailuresPerDay: 0 },
    ...options,
  };
  const meter = new MeterEmulator(emulatorOptions);
  const telegrams: MeterTelegram[] = [];
  for (let i = 0; i < from + count; i++) {
    const { state } = meter.next();
    if (i < from) continue;
    const shown = distinct(state, i);
    const bytes = renderTelegram(shown);
    const reading = expectedReading(shown);
    const gas = reading.gas;
    if (gas.reading === null || gas.timestamp === null) throw new Error('the emulated telegram has no gas value');
    telegrams.push({
      bytes,
      text: Buffer.from(bytes).toString('latin1'),
      reading,
      time: Date.parse(reading.timestamp!) / 1000,
      fields: fieldsOf(reading),
      gas: { time: Date.parse(gas.timestamp) / 1000, value: gas.reading },
    });
  }
  return telegrams;
}

/** Telegram `i` of the meter. */
export function meterTelegram(i: number, options: MeterOptions = {}): MeterTelegram {
  return meterTelegrams(1, options, i)[0]!;
}
