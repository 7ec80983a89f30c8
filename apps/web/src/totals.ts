import { energyRegister, type Reading } from '@p1/core';

/** The numbers of one reading the dashboard charts and sums: power now and the meter's registers. */
export interface Sample {
  /** ms since the epoch: the meter's time where the telegram has one, else the receiver's. */
  time: number;
  importKw: number | null;
  exportKw: number | null;
  /** The meter's register: its total, or both tariffs added (`energyRegister`). */
  importKwh: number | null;
  exportKwh: number | null;
  gasM3: number | null;
}

/** The time a reading stands for: its own stamp, or `fallback` (ms) for meters that send none (DSMR 2.2/3.0). */
export function readingTime(reading: Reading, fallback: number): number {
  const parsed = reading.timestamp === null ? NaN : Date.parse(reading.timestamp);
  return Number.isNaN(parsed) ? fallback : parsed;
}

/** The sample of a reading taken at `time` (ms). */
export function sampleOf(reading: Reading, time: number): Sample {
  const { received, delivered } = reading.electricity;
  return {
    time,
    importKw: received.actual.reading,
    exportKw: delivered.actual.reading,
    importKwh: energyRegister(received),
    exportKwh: energyRegister(delivered),
    gasM3: reading.gas.reading,
  };
}
