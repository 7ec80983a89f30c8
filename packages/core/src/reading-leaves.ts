import type { CosemValue } from './decode-value.js';
import { freezeDeep } from './freeze-deep.js';
import type { DemandHistory, MaximumDemand, Measurement, PowerFailureLog, Threshold } from './reading.js';

// What a place holds when no line filled it. Frozen and shared by every reading.
const NO_MEASUREMENT: Measurement = Object.freeze({ reading: null, unit: null });
const NO_THRESHOLD: Threshold = Object.freeze({ value: null, unit: null });
const NO_FAILURE_LOG: PowerFailureLog = freezeDeep({ count: null, log: [] });
const NO_MAXIMUM_DEMAND: MaximumDemand = Object.freeze({ timestamp: null, reading: null, unit: null });
const NO_DEMAND_HISTORY: DemandHistory = freezeDeep({ count: null, months: [] });

const text = null as string | null;
const count = null as number | null;

/**
 * Every place a data line can fill in a reading. A telegram's lines fill `Leaves`, indexed by these; the reading is
 * then assembled from it (see `assembleReading`). A line that repeats word for word gives the very same leaf again
 * (the parser keeps it with the line), which is what lets a reading share its unchanged parts with the meter's
 * previous one. A `const enum`: the bundle reads `leaves[5]`, not a lookup by name.
 */
export const enum Leaf {
  version,
  timestamp,
  equipmentId,
  textCodes,
  textMessage,
  receivedTariff1,
  receivedTariff2,
  receivedActual,
  deliveredTariff1,
  deliveredTariff2,
  deliveredActual,
  tariffIndicator,
  threshold,
  fuseThreshold,
  switchPosition,
  powerFailures,
  longPowerFailures,
  powerFailureLog,
  sagsL1,
  sagsL2,
  sagsL3,
  swellsL1,
  swellsL2,
  swellsL3,
  currentL1,
  currentL2,
  currentL3,
  voltageL1,
  voltageL2,
  voltageL3,
  powerReceivedL1,
  powerReceivedL2,
  powerReceivedL3,
  powerDeliveredL1,
  powerDeliveredL2,
  powerDeliveredL3,
  demandReceivedCurrent,
  demandDeliveredCurrent,
  demandReceivedMaximum,
  demandDeliveredMaximum,
  demandHistory,
}

/** What each place holds when no line filled it; its type is the place's type. */
const NOTHING = {
  [Leaf.version]: text,
  [Leaf.timestamp]: text,
  [Leaf.equipmentId]: text,
  [Leaf.textCodes]: text,
  [Leaf.textMessage]: text,
  [Leaf.receivedTariff1]: NO_MEASUREMENT,
  [Leaf.receivedTariff2]: NO_MEASUREMENT,
  [Leaf.receivedActual]: NO_MEASUREMENT,
  [Leaf.deliveredTariff1]: NO_MEASUREMENT,
  [Leaf.deliveredTariff2]: NO_MEASUREMENT,
  [Leaf.deliveredActual]: NO_MEASUREMENT,
  [Leaf.tariffIndicator]: count,
  [Leaf.threshold]: NO_THRESHOLD,
  [Leaf.fuseThreshold]: NO_THRESHOLD,
  [Leaf.switchPosition]: text,
  [Leaf.powerFailures]: count,
  [Leaf.longPowerFailures]: count,
  [Leaf.powerFailureLog]: NO_FAILURE_LOG,
  [Leaf.sagsL1]: count,
  [Leaf.sagsL2]: count,
  [Leaf.sagsL3]: count,
  [Leaf.swellsL1]: count,
  [Leaf.swellsL2]: count,
  [Leaf.swellsL3]: count,
  [Leaf.currentL1]: NO_MEASUREMENT,
  [Leaf.currentL2]: NO_MEASUREMENT,
  [Leaf.currentL3]: NO_MEASUREMENT,
  [Leaf.voltageL1]: NO_MEASUREMENT,
  [Leaf.voltageL2]: NO_MEASUREMENT,
  [Leaf.voltageL3]: NO_MEASUREMENT,
  [Leaf.powerReceivedL1]: NO_MEASUREMENT,
  [Leaf.powerReceivedL2]: NO_MEASUREMENT,
  [Leaf.powerReceivedL3]: NO_MEASUREMENT,
  [Leaf.powerDeliveredL1]: NO_MEASUREMENT,
  [Leaf.powerDeliveredL2]: NO_MEASUREMENT,
  [Leaf.powerDeliveredL3]: NO_MEASUREMENT,
  [Leaf.demandReceivedCurrent]: NO_MEASUREMENT,
  [Leaf.demandDeliveredCurrent]: NO_MEASUREMENT,
  [Leaf.demandReceivedMaximum]: NO_MAXIMUM_DEMAND,
  [Leaf.demandDeliveredMaximum]: NO_MAXIMUM_DEMAND,
  [Leaf.demandHistory]: NO_DEMAND_HISTORY,
} satisfies Record<Leaf, unknown>;

export type LeafTypes = typeof NOTHING;
/** The places whose leaves are of type `T`. */
type PlacesOf<T> = { [K in Leaf]: LeafTypes[K] extends T ? K : never }[Leaf];

/**
 * A telegram's leaves, by place: at run time an array. A line fills its place with one indexed store, the same for
 * every line, instead of calling a setter of its own (a call site that sees 41 setters is slow).
 */
export type Leaves = { -readonly [K in Leaf]: LeafTypes[K] };

const EMPTY = Object.keys(NOTHING).map((key) => NOTHING[Number(key) as Leaf]);

/** Leaves with nothing filled in: a fresh array per telegram. */
export function emptyLeaves(): Leaves {
  return EMPTY.slice() as unknown as Leaves;
}

/**
 * Where a line's value lands in a reading: `leaf` makes the part from the decoded value, which the parser has frozen,
 * and the unit (the unit sent, or the definition's first unit for a number sent without one); `index` is its place in
 * `Leaves`.
 */
export interface Place {
  readonly index: Leaf;
  leaf(value: CosemValue, unit: string | null): unknown;
}

const asMeasurement = (value: CosemValue, unit: string | null): Measurement =>
  value === null ? NO_MEASUREMENT : Object.freeze({ reading: value as number, unit });
const asThreshold = (value: CosemValue, unit: string | null): Threshold =>
  value === null ? NO_THRESHOLD : Object.freeze({ value: value as number, unit });
const asIs = (value: CosemValue): CosemValue => value;
const place = (index: Leaf, leaf: Place['leaf']): Place => ({ index, leaf });

/** A number with its unit, as `{ reading, unit }`. */
export const measure = (index: PlacesOf<Measurement>): Place => place(index, asMeasurement);
/** A limit with its unit, as `{ value, unit }` (the predecessor's name for thresholds). */
export const limit = (index: PlacesOf<Threshold>): Place => place(index, asThreshold);
/** A string, or a count or enumeration, as decoded. */
export const plain = (index: PlacesOf<string | null> | PlacesOf<number | null>): Place => place(index, asIs);
/** A decoded structure (a log, a history) as it is; the place's empty structure where it could not be read. */
export const structure = (index: PlacesOf<PowerFailureLog | MaximumDemand | DemandHistory>): Place =>
  place(index, (value) => (value === null ? NOTHING[index] : value));
