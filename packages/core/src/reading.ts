/**
 * The reading users consume: the predecessor's (p1-reader) structure key for key, so code written for it keeps
 * working, plus `electricity.demand` (Belgian capacity tariff) and `mbus` (every M-Bus device). Every key is always
 * present; a value the telegram does not carry is `null`.
 */

/** A measured quantity with the unit the meter sent (original spelling). */
export interface Measurement {
  readonly reading: number | null;
  readonly unit: string | null;
}

/** A limit or threshold, as the predecessor named it (`value` rather than `reading`). */
export interface Threshold {
  readonly value: number | null;
  readonly unit: string | null;
}

export interface Phases<T> {
  readonly L1: T;
  readonly L2: T;
  readonly L3: T;
}

export interface PowerFailure {
  /** ISO UTC; end minus duration. */
  readonly startOfFailure: string | null;
  /** ISO UTC; the meter logs the end of each failure. */
  readonly endOfFailure: string | null;
  readonly duration: number | null;
  readonly unit: string | null;
}

export interface MaximumDemand {
  readonly timestamp: string | null;
  readonly reading: number | null;
  readonly unit: string | null;
}

export interface ActiveDemand {
  /** Running 15-minute average demand (`1-0:1.4.0` / `1-0:2.4.0`). */
  readonly currentDemandPeriod: Measurement;
  /** Highest 15-minute average of the running month (`1-0:1.6.0` / `1-0:2.6.0`). */
  readonly maximumDemand: MaximumDemand;
}

export interface MonthlyDemand {
  /** ISO UTC of the period stamp: 00:00 local on the 1st of the month after the one it covers. */
  readonly month: string | null;
  /** ISO UTC of the quarter-hour with that month's peak; null for a month without data. */
  readonly timestamp: string | null;
  readonly value: number | null;
  readonly unit: string | null;
}

/** `0-0:98.1.0`: the peak of each of up to 13 past months, oldest first as sent. */
export interface DemandHistory {
  readonly count: number | null;
  readonly months: readonly MonthlyDemand[];
}

export interface Demand {
  readonly positiveActiveDemand: ActiveDemand;
  readonly negativeActiveDemand: ActiveDemand;
  readonly maximumDemandLastMonths: DemandHistory;
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
  readonly channel: number;
  /** As sent: `003`, `03` or `3`. */
  readonly deviceType: string | null;
  readonly medium: MbusMedium | null;
  /** As sent, in hex. */
  readonly equipmentId: string | null;
  /** When the device captured the value (ISO UTC), not the telegram time. */
  readonly timestamp: string | null;
  readonly reading: number | null;
  readonly unit: string | null;
  readonly valvePosition: string | null;
}

export interface GasReading {
  readonly deviceType: string | null;
  readonly equipmentId: string | null;
  readonly timestamp: string | null;
  readonly reading: number | null;
  readonly unit: string | null;
  readonly valvePosition: string | null;
}

/** Energy in one direction: the two tariff registers and the power now. */
export interface Energy {
  readonly tariff1: Measurement;
  readonly tariff2: Measurement;
  readonly actual: Measurement;
}

export interface TextMessage {
  /** `0-0:96.13.1` as sent. */
  readonly codes: string | null;
  /** `0-0:96.13.0` decoded from hex where it is printable text, else as sent. */
  readonly message: string | null;
}

/** `1-0:99.97.0`: the long power failures the meter logged, newest last as sent. */
export interface PowerFailureLog {
  readonly count: number | null;
  readonly log: readonly PowerFailure[];
}

export interface Instantaneous {
  readonly current: Phases<Measurement>;
  readonly voltage: Phases<Measurement>;
  readonly power: { readonly positive: Phases<Measurement>; readonly negative: Phases<Measurement> };
}

export interface Electricity {
  readonly received: Energy;
  readonly delivered: Energy;
  readonly tariffIndicator: number | null;
  readonly threshold: Threshold;
  readonly fuseThreshold: Threshold;
  readonly switchPosition: string | null;
  readonly numberOfPowerFailures: number | null;
  readonly numberOfLongPowerFailures: number | null;
  readonly longPowerFailureLog: PowerFailureLog;
  readonly voltageSags: Phases<number | null>;
  readonly voltageSwell: Phases<number | null>;
  readonly instantaneous: Instantaneous;
  readonly demand: Demand;
}

/**
 * A reading is immutable, deeply (`Object.freeze`): the parts that did not change since the meter's previous
 * telegram are the previous reading's own objects, so that many kept readings cost little memory. For a copy you
 * can change, use `structuredClone(reading)`.
 */
export interface Reading {
  /** The identification line without `/`, e.g. `ISk5\2MT382-1000`. */
  readonly meterType: string | null;
  /** `1-3:0.2.8` (NL, e.g. `42`, `50`) or `0-0:96.1.4` (BE, e.g. `50217`). */
  readonly version: string | null;
  /** Telegram time (`0-0:1.0.0`) as ISO UTC. */
  readonly timestamp: string | null;
  /** As sent, in hex. */
  readonly equipmentId: string | null;
  readonly textMessage: TextMessage;
  readonly electricity: Electricity;
  /** The first configured gas device (type 3), for compatibility; all devices are in `mbus`. */
  readonly gas: GasReading;
  readonly mbus: readonly MbusDevice[];
}

/** `T` with every property writable, all the way down. */
export type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

/** A reading whose fields can be set: what `emptyReading()` and `structuredClone(reading)` give. */
export type MutableReading = Mutable<Reading>;
