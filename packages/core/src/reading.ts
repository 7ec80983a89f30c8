/**
 * The reading users consume: the predecessor's (p1-reader) structure key for key, so code written for it keeps
 * working, plus `electricity.demand` (Belgian capacity tariff) and `mbus` (every M-Bus device). Every key is always
 * present; a value the telegram does not carry is `null`.
 */

/** A measured quantity with the unit the meter sent (original spelling). */
export interface Measurement {
  reading: number | null;
  unit: string | null;
}

/** A limit or threshold, as the predecessor named it (`value` rather than `reading`). */
export interface Threshold {
  value: number | null;
  unit: string | null;
}

export interface Phases<T> {
  L1: T;
  L2: T;
  L3: T;
}

export interface PowerFailure {
  /** ISO UTC; end minus duration. */
  startOfFailure: string | null;
  /** ISO UTC; the meter logs the end of each failure. */
  endOfFailure: string | null;
  duration: number | null;
  unit: string | null;
}

export interface MaximumDemand {
  timestamp: string | null;
  reading: number | null;
  unit: string | null;
}

export interface ActiveDemand {
  /** Running 15-minute average demand (`1-0:1.4.0` / `1-0:2.4.0`). */
  currentDemandPeriod: Measurement;
  /** Highest 15-minute average of the running month (`1-0:1.6.0` / `1-0:2.6.0`). */
  maximumDemand: MaximumDemand;
}

export interface MonthlyDemand {
  /** ISO UTC of the period stamp: 00:00 local on the 1st of the month after the one it covers. */
  month: string | null;
  /** ISO UTC of the quarter-hour with that month's peak; null for a month without data. */
  timestamp: string | null;
  value: number | null;
  unit: string | null;
}

export interface Demand {
  positiveActiveDemand: ActiveDemand;
  negativeActiveDemand: ActiveDemand;
  /** `0-0:98.1.0`: up to 13 months, oldest first as sent. */
  maximumDemandLastMonths: { count: number | null; months: MonthlyDemand[] };
}

/** What an M-Bus device measures, from its device type (EN 13757-3), never from its channel. */
export type MbusMedium =
  | 'other'
  | 'oil'
  | 'electricity'
  | 'gas'
  | 'heat'
  | 'steam'
  | 'warm-water'
  | 'water'
  | 'heat-cost-allocator'
  | 'compressed-air'
  | 'cooling'
  | 'heat-cooling'
  | 'bus'
  | 'unknown'
  | 'cold-water'
  | 'dual-water'
  | 'pressure'
  | 'ad-converter';

export interface MbusDevice {
  /** The B group of the OBIS code (`0-2:...` is channel 2). */
  channel: number;
  /** As sent: `003`, `03` or `3`. */
  deviceType: string | null;
  medium: MbusMedium | null;
  /** As sent, in hex. */
  equipmentId: string | null;
  /** When the device captured the value (ISO UTC), not the telegram time. */
  timestamp: string | null;
  reading: number | null;
  unit: string | null;
  valvePosition: string | null;
}

export interface GasReading {
  deviceType: string | null;
  equipmentId: string | null;
  timestamp: string | null;
  reading: number | null;
  unit: string | null;
  valvePosition: string | null;
}

export interface Reading {
  /** The identification line without `/`, e.g. `ISk5\2MT382-1000`. */
  meterType: string | null;
  /** `1-3:0.2.8` (NL, e.g. `42`, `50`) or `0-0:96.1.4` (BE, e.g. `50217`). */
  version: string | null;
  /** Telegram time (`0-0:1.0.0`) as ISO UTC. */
  timestamp: string | null;
  /** As sent, in hex. */
  equipmentId: string | null;
  textMessage: {
    /** `0-0:96.13.1` as sent. */
    codes: string | null;
    /** `0-0:96.13.0` decoded from hex where it is printable text, else as sent. */
    message: string | null;
  };
  electricity: {
    received: { tariff1: Measurement; tariff2: Measurement; actual: Measurement };
    delivered: { tariff1: Measurement; tariff2: Measurement; actual: Measurement };
    tariffIndicator: number | null;
    threshold: Threshold;
    fuseThreshold: Threshold;
    switchPosition: string | null;
    numberOfPowerFailures: number | null;
    numberOfLongPowerFailures: number | null;
    longPowerFailureLog: { count: number | null; log: PowerFailure[] };
    voltageSags: Phases<number | null>;
    voltageSwell: Phases<number | null>;
    instantaneous: {
      current: Phases<Measurement>;
      voltage: Phases<Measurement>;
      power: { positive: Phases<Measurement>; negative: Phases<Measurement> };
    };
    demand: Demand;
  };
  /** The first configured gas device (type 3), for compatibility; all devices are in `mbus`. */
  gas: GasReading;
  mbus: MbusDevice[];
}
