import type { CosemValue } from './decode-value.js';
import { copyPlain } from './copy-plain.js';
import type { Demand, MaximumDemand, Measurement, Reading, Threshold } from './reading.js';

/**
 * Every COSEM object p1 understands, one declaration each (spec digest §4.1): its OBIS code, a name, how its value is
 * read, the units the standards define, and where it lands in the `Reading`. Adding an object is a line here.
 * `0-n:` marks an M-Bus object; n is the channel (1-4).
 */

/** How an object's groups become a value. */
export type ValueKind =
  /** `(123.456*kWh)`: a decimal number with an optional unit. */
  | 'number'
  /** `(0002)`, `(00004)`: an integer, counters and enums. */
  | 'integer'
  /** Kept as sent: versions, ids, switch states, device types. */
  | 'string'
  /** An octet string in hex, decoded where it is printable text (text messages). */
  | 'hex-text'
  | 'timestamp'
  /** `1-0:99.97.0(z)(0-0:96.7.19)(end)(duration)...` */
  | 'power-failure-log'
  /** `0-0:98.1.0(n)(1-0:1.6.0)(1-0:1.6.0)(period)(peak)(value)...` */
  | 'demand-history'
  /** `1-0:1.6.0(TST)(value*kW)`, the groups in either order. */
  | 'maximum-demand'
  /** `0-n:24.2.1(TST)(value*unit)`: an M-Bus value with the device's capture time. */
  | 'mbus-value'
  /** DSMR 2.2/3.0 `0-n:24.3.0(TST12)(status)(period)(count)(obis)(unit)` + `(value)` on the next line. */
  | 'mbus-profile-value';

export interface CosemDefinition {
  obis: string;
  name: string;
  kind: ValueKind;
  /** Units the standards define (compared without regard to case); the first is used when none was sent. */
  units?: readonly string[];
  /** Puts the value into a reading: set for objects that have a place in `Reading`. */
  set?: ReadingSetter;
  /** For M-Bus objects: the field of the channel's device the value fills. */
  mbus?: 'deviceType' | 'equipmentId' | 'value' | 'valvePosition';
}

/** Puts one decoded value (with the unit sent, for numbers) into a reading. */
export type ReadingSetter = (reading: Reading, value: CosemValue, unit: string | null) => void;

// Setters are written out, one small function each, rather than derived from dotted paths: every property access
// then stays monomorphic (this runs for every line of every telegram), and TypeScript checks each path.
const measure =
  (at: (r: Reading) => Measurement): ReadingSetter =>
  (r, value, unit) => {
    const m = at(r);
    m.reading = value as number | null;
    m.unit = value === null ? null : unit;
  };
const limit =
  (at: (r: Reading) => Threshold): ReadingSetter =>
  (r, value, unit) => {
    const t = at(r);
    t.value = value as number | null;
    t.unit = value === null ? null : unit;
  };
const text = (set: (r: Reading, v: string | null) => void): ReadingSetter => (r, v) => set(r, v as string | null);
const count = (set: (r: Reading, v: number | null) => void): ReadingSetter => (r, v) => set(r, v as number | null);
// Structured values are shared between telegrams (a line that repeats is decoded once): each reading gets a copy.
const copyInto =
  <T>(set: (r: Reading, v: T) => void): ReadingSetter =>
  (r, v) => {
    if (v !== null) set(r, copyPlain(v as T));
  };
type FailureLog = Reading['electricity']['longPowerFailureLog'];

const kWh = ['kWh'];
const kW = ['kW'];

export const COSEM_OBJECTS: readonly CosemDefinition[] = [
  { obis: '1-3:0.2.8', name: 'version', kind: 'string', set: text((r, v) => (r.version = v)) },
  { obis: '0-0:96.1.4', name: 'versionBelgium', kind: 'string', set: text((r, v) => (r.version = v)) },
  { obis: '0-0:1.0.0', name: 'timestamp', kind: 'timestamp', set: text((r, v) => (r.timestamp = v)) },
  { obis: '0-0:96.1.1', name: 'equipmentId', kind: 'string', set: text((r, v) => (r.equipmentId = v)) },
  { obis: '0-0:42.0.0', name: 'logicalDeviceName', kind: 'hex-text' },
  { obis: '0-0:96.1.2', name: 'eanCode', kind: 'string' },
  { obis: '1-0:0.2.0', name: 'firmwareVersion', kind: 'string' },
  { obis: '0-0:96.13.1', name: 'textMessageCodes', kind: 'string', set: text((r, v) => (r.textMessage.codes = v)) },
  { obis: '0-0:96.13.0', name: 'textMessage', kind: 'hex-text', set: text((r, v) => (r.textMessage.message = v)) },

  { obis: '1-0:1.8.1', name: 'energyReceivedTariff1', kind: 'number', units: kWh, set: measure((r) => r.electricity.received.tariff1) },
  { obis: '1-0:1.8.2', name: 'energyReceivedTariff2', kind: 'number', units: kWh, set: measure((r) => r.electricity.received.tariff2) },
  { obis: '1-0:2.8.1', name: 'energyDeliveredTariff1', kind: 'number', units: kWh, set: measure((r) => r.electricity.delivered.tariff1) },
  { obis: '1-0:2.8.2', name: 'energyDeliveredTariff2', kind: 'number', units: kWh, set: measure((r) => r.electricity.delivered.tariff2) },
  { obis: '1-0:1.8.0', name: 'energyReceivedTotal', kind: 'number', units: ['kWh', 'Wh'] },
  { obis: '1-0:2.8.0', name: 'energyDeliveredTotal', kind: 'number', units: ['kWh', 'Wh'] },
  { obis: '0-0:96.14.0', name: 'tariffIndicator', kind: 'integer', set: count((r, v) => (r.electricity.tariffIndicator = v)) },
  { obis: '1-0:1.7.0', name: 'powerReceived', kind: 'number', units: kW, set: measure((r) => r.electricity.received.actual) },
  { obis: '1-0:2.7.0', name: 'powerDelivered', kind: 'number', units: kW, set: measure((r) => r.electricity.delivered.actual) },

  { obis: '0-0:17.0.0', name: 'threshold', kind: 'number', units: ['kW', 'A', 'kVA'], set: limit((r) => r.electricity.threshold) },
  { obis: '1-0:31.4.0', name: 'fuseThreshold', kind: 'number', units: ['A'], set: limit((r) => r.electricity.fuseThreshold) },
  { obis: '0-0:96.3.10', name: 'switchPosition', kind: 'string', set: text((r, v) => (r.electricity.switchPosition = v)) },
  { obis: '0-0:96.7.21', name: 'powerFailures', kind: 'integer', set: count((r, v) => (r.electricity.numberOfPowerFailures = v)) },
  { obis: '0-0:96.7.9', name: 'longPowerFailures', kind: 'integer', set: count((r, v) => (r.electricity.numberOfLongPowerFailures = v)) },
  { obis: '1-0:99.97.0', name: 'powerFailureLog', kind: 'power-failure-log', units: ['s'], set: copyInto((r, v: FailureLog) => (r.electricity.longPowerFailureLog = v)) },
  { obis: '1-0:32.32.0', name: 'voltageSagsL1', kind: 'integer', set: count((r, v) => (r.electricity.voltageSags.L1 = v)) },
  { obis: '1-0:52.32.0', name: 'voltageSagsL2', kind: 'integer', set: count((r, v) => (r.electricity.voltageSags.L2 = v)) },
  { obis: '1-0:72.32.0', name: 'voltageSagsL3', kind: 'integer', set: count((r, v) => (r.electricity.voltageSags.L3 = v)) },
  { obis: '1-0:32.36.0', name: 'voltageSwellsL1', kind: 'integer', set: count((r, v) => (r.electricity.voltageSwell.L1 = v)) },
  { obis: '1-0:52.36.0', name: 'voltageSwellsL2', kind: 'integer', set: count((r, v) => (r.electricity.voltageSwell.L2 = v)) },
  { obis: '1-0:72.36.0', name: 'voltageSwellsL3', kind: 'integer', set: count((r, v) => (r.electricity.voltageSwell.L3 = v)) },

  { obis: '1-0:32.7.0', name: 'voltageL1', kind: 'number', units: ['V'], set: measure((r) => r.electricity.instantaneous.voltage.L1) },
  { obis: '1-0:52.7.0', name: 'voltageL2', kind: 'number', units: ['V'], set: measure((r) => r.electricity.instantaneous.voltage.L2) },
  { obis: '1-0:72.7.0', name: 'voltageL3', kind: 'number', units: ['V'], set: measure((r) => r.electricity.instantaneous.voltage.L3) },
  { obis: '1-0:31.7.0', name: 'currentL1', kind: 'number', units: ['A'], set: measure((r) => r.electricity.instantaneous.current.L1) },
  { obis: '1-0:51.7.0', name: 'currentL2', kind: 'number', units: ['A'], set: measure((r) => r.electricity.instantaneous.current.L2) },
  { obis: '1-0:71.7.0', name: 'currentL3', kind: 'number', units: ['A'], set: measure((r) => r.electricity.instantaneous.current.L3) },
  { obis: '1-0:21.7.0', name: 'powerReceivedL1', kind: 'number', units: kW, set: measure((r) => r.electricity.instantaneous.power.positive.L1) },
  { obis: '1-0:41.7.0', name: 'powerReceivedL2', kind: 'number', units: kW, set: measure((r) => r.electricity.instantaneous.power.positive.L2) },
  { obis: '1-0:61.7.0', name: 'powerReceivedL3', kind: 'number', units: kW, set: measure((r) => r.electricity.instantaneous.power.positive.L3) },
  { obis: '1-0:22.7.0', name: 'powerDeliveredL1', kind: 'number', units: kW, set: measure((r) => r.electricity.instantaneous.power.negative.L1) },
  { obis: '1-0:42.7.0', name: 'powerDeliveredL2', kind: 'number', units: kW, set: measure((r) => r.electricity.instantaneous.power.negative.L2) },
  { obis: '1-0:62.7.0', name: 'powerDeliveredL3', kind: 'number', units: kW, set: measure((r) => r.electricity.instantaneous.power.negative.L3) },

  // Belgian capacity tariff (eMUCs 1.7+)
  { obis: '1-0:1.4.0', name: 'demandReceivedCurrent', kind: 'number', units: kW, set: measure((r) => r.electricity.demand.positiveActiveDemand.currentDemandPeriod) },
  { obis: '1-0:2.4.0', name: 'demandDeliveredCurrent', kind: 'number', units: kW, set: measure((r) => r.electricity.demand.negativeActiveDemand.currentDemandPeriod) },
  { obis: '1-0:1.6.0', name: 'demandReceivedMaximum', kind: 'maximum-demand', units: kW, set: copyInto((r, v: MaximumDemand) => (r.electricity.demand.positiveActiveDemand.maximumDemand = v)) },
  { obis: '1-0:2.6.0', name: 'demandDeliveredMaximum', kind: 'maximum-demand', units: kW, set: copyInto((r, v: MaximumDemand) => (r.electricity.demand.negativeActiveDemand.maximumDemand = v)) },
  { obis: '0-0:98.1.0', name: 'demandHistory', kind: 'demand-history', units: kW, set: copyInto((r, v: Demand['maximumDemandLastMonths']) => (r.electricity.demand.maximumDemandLastMonths = v)) },

  // M-Bus devices: classified by their device type, never by the channel (spec digest §3.5)
  { obis: '0-n:24.1.0', name: 'mbusDeviceType', kind: 'string', mbus: 'deviceType' },
  { obis: '0-n:96.1.0', name: 'mbusEquipmentId', kind: 'string', mbus: 'equipmentId' },
  { obis: '0-n:96.1.1', name: 'mbusEquipmentIdBelgium', kind: 'string', mbus: 'equipmentId' },
  { obis: '0-n:24.2.1', name: 'mbusValue', kind: 'mbus-value', mbus: 'value' },
  { obis: '0-n:24.2.3', name: 'mbusGasUncorrected', kind: 'mbus-value', mbus: 'value' },
  { obis: '0-n:24.3.0', name: 'mbusProfileValue', kind: 'mbus-profile-value', mbus: 'value' },
  { obis: '0-n:24.4.0', name: 'mbusValvePosition', kind: 'string', mbus: 'valvePosition' },
];

const BY_OBIS = new Map(COSEM_OBJECTS.map((d) => [d.obis, d]));

/** The definition for a normalised OBIS code (`0-2:24.2.1` finds `0-n:24.2.1`), or undefined. */
export function findDefinition(obis: string): CosemDefinition | undefined {
  const exact = BY_OBIS.get(obis);
  if (exact !== undefined || !obis.startsWith('0-')) return exact;
  const colon = obis.indexOf(':');
  const channel = obis.slice(2, colon);
  if (channel === '0') return undefined;
  return BY_OBIS.get(`0-n${obis.slice(colon)}`);
}

/** The M-Bus channel of a normalised OBIS code (its B group). */
export function channelOf(obis: string): number {
  return +obis.slice(obis.indexOf('-') + 1, obis.indexOf(':'));
}
