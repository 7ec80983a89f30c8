/**
 * The reading users consume: the predecessor's (p1-reader) structure key for key, so code written for it keeps
 * working, plus what p1 adds (`electricity.demand` for the Belgian capacity tariff, `total` registers, reactive
 * energy and power, and `mbus`: every M-Bus device). Every key is always present; a value the telegram does not
 * carry is `null`.
 *
 * The shape is not written out here: it is derived from the places in the COSEM catalogue (`cosem-catalogue.ts`),
 * one row per field, so that the type, the empty reading and the assembly can never disagree. This file holds the
 * shapes of the leaves and the derivation.
 */
import type { COSEM_OBJECTS } from './cosem-catalogue.js';

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

/** `1-0:99.97.0`: the long power failures the meter logged, newest last as sent. */
export interface PowerFailureLog {
  readonly count: number | null;
  readonly log: readonly PowerFailure[];
}

/** What each kind of place holds (see `SHAPES` in `reading-shape.ts`, which makes them). */
export interface LeafShapes {
  measurement: Measurement;
  limit: Threshold;
  text: string | null;
  count: number | null;
  'power-failure-log': PowerFailureLog;
  'maximum-demand': MaximumDemand;
  'demand-history': DemandHistory;
}

export type LeafShape = keyof LeafShapes;

/** The shape of a place, from its object's kind: a number is a measurement unless the row says it is a limit. */
export interface KindShapes {
  number: 'measurement';
  integer: 'count';
  string: 'text';
  'hex-text': 'text';
  timestamp: 'text';
  'power-failure-log': 'power-failure-log';
  'maximum-demand': 'maximum-demand';
  'demand-history': 'demand-history';
}

type Row = (typeof COSEM_OBJECTS)[number];
type ShapeOf<R> = R extends { readonly as: infer S extends LeafShape }
  ? S
  : R extends { readonly kind: infer K extends keyof KindShapes }
    ? KindShapes[K]
    : never;
/** Every place of the catalogue, as `{ path, shape }`. */
type Places = Row extends infer R ? (R extends { readonly field: infer P extends string } ? { path: P; shape: ShapeOf<R> } : never) : never;
type Head<P extends string> = P extends `${infer H}.${string}` ? H : P;
/** The places under `H`, their paths without `H.`. */
type Under<E, H extends string> = E extends { path: `${H}.${infer T}`; shape: infer S } ? { path: T; shape: S } : never;
/** Places -> nested read-only object: a path's last part holds its shape's leaf, the others nest. */
type Tree<E extends { path: string; shape: LeafShape }> = {
  readonly [H in Head<E['path']>]: [Extract<E, { path: H }>] extends [never]
    ? Tree<Under<E, H>>
    : LeafShapes[Extract<E, { path: H }>['shape']];
};

/** The reading's parts that come from data lines, as the catalogue places them. */
export type ReadingFields = Tree<Places>;

/**
 * A reading is immutable, deeply (`Object.freeze`): the parts that did not change since the meter's previous
 * telegram are the previous reading's own objects, so that many kept readings cost little memory. For a copy you
 * can change, use `structuredClone(reading)`.
 *
 * - `meterType`: the identification line without `/`, e.g. `ISk5\2MT382-1000`.
 * - `version`: `1-3:0.2.8` (NL, LU, e.g. `42`, `50`) or `0-0:96.1.4` (BE, e.g. `50217`).
 * - `timestamp`: the telegram time (`0-0:1.0.0`) as ISO UTC. `equipmentId`: as sent, in hex.
 * - `gas`: the first configured gas device (type 3), for compatibility; all devices are in `mbus`.
 */
export type Reading = {
  readonly meterType: string | null;
} & ReadingFields & {
    readonly gas: GasReading;
    readonly mbus: readonly MbusDevice[];
  };

/** Energy in one direction: the two tariff registers, the power now and the register without tariffs. */
export type Energy = Reading['electricity']['received'];
/** Reactive energy and power in one direction. */
export type ReactiveEnergy = Reading['electricity']['reactive']['received'];
export type Electricity = Reading['electricity'];
export type Instantaneous = Electricity['instantaneous'];
export type Demand = Electricity['demand'];
export type ActiveDemand = Demand['positiveActiveDemand'];
/** `0-0:96.13.1` as sent, and `0-0:96.13.0` decoded from hex where it is printable text, else as sent. */
export type TextMessage = Reading['textMessage'];

/** `T` with every property writable, all the way down. */
export type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

/** A reading whose fields can be set: what `emptyReading()` and `structuredClone(reading)` give. */
export type MutableReading = Mutable<Reading>;
