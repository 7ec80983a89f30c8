import type { CosemValue } from './decode-value.js';
import { freezeDeep } from './freeze-deep.js';
import type { DemandHistory, MaximumDemand, Measurement, PowerFailureLog, Threshold } from './reading.js';

/**
 * The parts a `Reading` is assembled from: one field for each place a data line can fill, holding what that line
 * gave (a frozen `Measurement`, a string, a count, a frozen log). A line that repeats word for word gives the very
 * same leaf again (the parser keeps it with the line), which is what lets a reading share its unchanged parts with
 * the meter's previous one (see `assembleReading`).
 */
export interface Leaves {
  version: string | null;
  timestamp: string | null;
  equipmentId: string | null;
  textCodes: string | null;
  textMessage: string | null;
  receivedTariff1: Measurement;
  receivedTariff2: Measurement;
  receivedActual: Measurement;
  deliveredTariff1: Measurement;
  deliveredTariff2: Measurement;
  deliveredActual: Measurement;
  tariffIndicator: number | null;
  threshold: Threshold;
  fuseThreshold: Threshold;
  switchPosition: string | null;
  powerFailures: number | null;
  longPowerFailures: number | null;
  powerFailureLog: PowerFailureLog;
  sagsL1: number | null;
  sagsL2: number | null;
  sagsL3: number | null;
  swellsL1: number | null;
  swellsL2: number | null;
  swellsL3: number | null;
  currentL1: Measurement;
  currentL2: Measurement;
  currentL3: Measurement;
  voltageL1: Measurement;
  voltageL2: Measurement;
  voltageL3: Measurement;
  powerReceivedL1: Measurement;
  powerReceivedL2: Measurement;
  powerReceivedL3: Measurement;
  powerDeliveredL1: Measurement;
  powerDeliveredL2: Measurement;
  powerDeliveredL3: Measurement;
  demandReceivedCurrent: Measurement;
  demandDeliveredCurrent: Measurement;
  demandReceivedMaximum: MaximumDemand;
  demandDeliveredMaximum: MaximumDemand;
  demandHistory: DemandHistory;
}

// What a place holds when no line filled it. Frozen and shared by every reading.
export const NO_MEASUREMENT: Measurement = Object.freeze({ reading: null, unit: null });
export const NO_THRESHOLD: Threshold = Object.freeze({ value: null, unit: null });
export const NO_FAILURE_LOG: PowerFailureLog = freezeDeep({ count: null, log: [] });
export const NO_MAXIMUM_DEMAND: MaximumDemand = Object.freeze({ timestamp: null, reading: null, unit: null });
export const NO_DEMAND_HISTORY: DemandHistory = freezeDeep({ count: null, months: [] });

/** Leaves with nothing filled in: a fresh object per telegram, every field present (one shape for all). */
export function emptyLeaves(): Leaves {
  return {
    version: null,
    timestamp: null,
    equipmentId: null,
    textCodes: null,
    textMessage: null,
    receivedTariff1: NO_MEASUREMENT,
    receivedTariff2: NO_MEASUREMENT,
    receivedActual: NO_MEASUREMENT,
    deliveredTariff1: NO_MEASUREMENT,
    deliveredTariff2: NO_MEASUREMENT,
    deliveredActual: NO_MEASUREMENT,
    tariffIndicator: null,
    threshold: NO_THRESHOLD,
    fuseThreshold: NO_THRESHOLD,
    switchPosition: null,
    powerFailures: null,
    longPowerFailures: null,
    powerFailureLog: NO_FAILURE_LOG,
    sagsL1: null,
    sagsL2: null,
    sagsL3: null,
    swellsL1: null,
    swellsL2: null,
    swellsL3: null,
    currentL1: NO_MEASUREMENT,
    currentL2: NO_MEASUREMENT,
    currentL3: NO_MEASUREMENT,
    voltageL1: NO_MEASUREMENT,
    voltageL2: NO_MEASUREMENT,
    voltageL3: NO_MEASUREMENT,
    powerReceivedL1: NO_MEASUREMENT,
    powerReceivedL2: NO_MEASUREMENT,
    powerReceivedL3: NO_MEASUREMENT,
    powerDeliveredL1: NO_MEASUREMENT,
    powerDeliveredL2: NO_MEASUREMENT,
    powerDeliveredL3: NO_MEASUREMENT,
    demandReceivedCurrent: NO_MEASUREMENT,
    demandDeliveredCurrent: NO_MEASUREMENT,
    demandReceivedMaximum: NO_MAXIMUM_DEMAND,
    demandDeliveredMaximum: NO_MAXIMUM_DEMAND,
    demandHistory: NO_DEMAND_HISTORY,
  };
}

/**
 * Where a line's value lands in a reading: `leaf` makes the part from the decoded value and the unit (the unit
 * sent, or the definition's first unit for a number sent without one), `put` stores it in the leaves.
 */
export interface Place {
  leaf(value: CosemValue, unit: string | null): unknown;
  put(leaves: Leaves, leaf: unknown): void;
}

// Each `put` is a small function of its own rather than a field name looked up at run time: every store then stays
// monomorphic (this runs for every line of every telegram), and TypeScript checks each field.
const asMeasurement = (value: CosemValue, unit: string | null): Measurement =>
  value === null ? NO_MEASUREMENT : Object.freeze({ reading: value as number, unit });
const asThreshold = (value: CosemValue, unit: string | null): Threshold =>
  value === null ? NO_THRESHOLD : Object.freeze({ value: value as number, unit });
const asIs = (value: CosemValue): CosemValue => value;

/** A number with its unit, as `{ reading, unit }`. */
export const measure = (put: (l: Leaves, m: Measurement) => void): Place => ({ leaf: asMeasurement, put: put as Place['put'] });
/** A limit with its unit, as `{ value, unit }` (the predecessor's name for thresholds). */
export const limit = (put: (l: Leaves, t: Threshold) => void): Place => ({ leaf: asThreshold, put: put as Place['put'] });
/** A string, as decoded. */
export const text = (put: (l: Leaves, v: string | null) => void): Place => ({ leaf: asIs, put: put as Place['put'] });
/** A count or an enumeration, as decoded. */
export const count = (put: (l: Leaves, v: number | null) => void): Place => ({ leaf: asIs, put: put as Place['put'] });
/** A decoded structure (a log, a history), frozen as it is; `none` where the line could not be read. */
export const structure = <T extends object>(none: T, put: (l: Leaves, v: T) => void): Place => ({
  leaf: (value) => (value === null ? none : freezeDeep(value)),
  put: put as Place['put'],
});
