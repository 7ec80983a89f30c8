import { energyRegister, type ProfileId, type Reading } from '@p1/core';
import type { MeterTelegram } from './meter-source.js';

/** Power at one moment, for the sparkline. */
export interface PowerSample {
  /** ms: the meter's time where the telegram has one, else the host's. */
  time: number;
  importKw: number | null;
  exportKw: number | null;
}

/** The registers that "since start" is counted from. */
export interface Totals {
  importKwh: number | null;
  exportKwh: number | null;
  gasM3: number | null;
}

/** What the live view shows: the latest reading plus what it has gathered since it started. Never mutated. */
export interface LiveState {
  /** What the readings come from, e.g. `/dev/ttyUSB0` or `emulator, DSMR 5.x household`. */
  source: string;
  readings: number;
  /** Telegrams that could not be used (CRC mismatch, cut off). */
  rejected: number;
  profile: ProfileId | null;
  reading: Reading | null;
  /** The registers and time of the first reading. */
  first: (Totals & { time: number }) | null;
  /** Newest last, at most `HISTORY_LENGTH`. */
  history: readonly PowerSample[];
  /** The latest word from the source: connected, lost, an error. */
  status: string | null;
}

/** Samples kept: ten minutes at one telegram a second, well over an hour and a half at one every ten seconds. */
export const HISTORY_LENGTH = 600;

export function createLiveState(source: string): LiveState {
  return { source, readings: 0, rejected: 0, profile: null, reading: null, first: null, history: [], status: null };
}

/** The meter's registers in a reading (its total, or both tariffs added: `energyRegister`), and gas. */
export function totalsOf(reading: Reading): Totals {
  const { received, delivered } = reading.electricity;
  return { importKwh: energyRegister(received), exportKwh: energyRegister(delivered), gasM3: reading.gas.reading };
}

/** The state after one more telegram; `now` (ms) dates a telegram without a time of its own (DSMR 2.2/3.0). */
export function addTelegram(state: LiveState, telegram: MeterTelegram, now: number): LiveState {
  const { reading, profile } = telegram;
  const parsed = reading.timestamp === null ? NaN : Date.parse(reading.timestamp);
  const time = Number.isNaN(parsed) ? now : parsed;
  const sample: PowerSample = {
    time,
    importKw: reading.electricity.received.actual.reading,
    exportKw: reading.electricity.delivered.actual.reading,
  };
  const history = state.history.length >= HISTORY_LENGTH ? [...state.history.slice(1 - HISTORY_LENGTH), sample] : [...state.history, sample];
  return {
    ...state,
    readings: state.readings + 1,
    profile,
    reading,
    first: state.first ?? { ...totalsOf(reading), time },
    history,
  };
}

/** The state after a telegram that could not be used. */
export function addRejected(state: LiveState, message: string): LiveState {
  return { ...state, rejected: state.rejected + 1, status: message };
}

export function setStatus(state: LiveState, message: string): LiveState {
  return { ...state, status: message };
}
