import { freezeDeep } from './freeze-deep.js';
import { Leaf, limit, measure, type Place, plain, structure } from './reading-leaves.js';

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
  readonly obis: string;
  readonly name: string;
  readonly kind: ValueKind;
  /** Units the standards define (compared without regard to case); the first is used when none was sent. */
  readonly units?: readonly string[];
  /** Where the value lands in a `Reading`, for objects that have a place there. */
  readonly place?: Place;
  /** For M-Bus objects: the field of the channel's device the value fills. */
  readonly mbus?: 'deviceType' | 'equipmentId' | 'value' | 'valvePosition';
}

const kWh = ['kWh'];
const kW = ['kW'];

export const COSEM_OBJECTS: readonly CosemDefinition[] = freezeDeep([
  { obis: '1-3:0.2.8', name: 'version', kind: 'string', place: plain(Leaf.version) },
  { obis: '0-0:96.1.4', name: 'versionBelgium', kind: 'string', place: plain(Leaf.version) },
  { obis: '0-0:1.0.0', name: 'timestamp', kind: 'timestamp', place: plain(Leaf.timestamp) },
  { obis: '0-0:96.1.1', name: 'equipmentId', kind: 'string', place: plain(Leaf.equipmentId) },
  { obis: '0-0:42.0.0', name: 'logicalDeviceName', kind: 'hex-text' },
  { obis: '0-0:96.1.2', name: 'eanCode', kind: 'string' },
  { obis: '1-0:0.2.0', name: 'firmwareVersion', kind: 'string' },
  { obis: '0-0:96.13.1', name: 'textMessageCodes', kind: 'string', place: plain(Leaf.textCodes) },
  { obis: '0-0:96.13.0', name: 'textMessage', kind: 'hex-text', place: plain(Leaf.textMessage) },

  { obis: '1-0:1.8.1', name: 'energyReceivedTariff1', kind: 'number', units: kWh, place: measure(Leaf.receivedTariff1) },
  { obis: '1-0:1.8.2', name: 'energyReceivedTariff2', kind: 'number', units: kWh, place: measure(Leaf.receivedTariff2) },
  { obis: '1-0:2.8.1', name: 'energyDeliveredTariff1', kind: 'number', units: kWh, place: measure(Leaf.deliveredTariff1) },
  { obis: '1-0:2.8.2', name: 'energyDeliveredTariff2', kind: 'number', units: kWh, place: measure(Leaf.deliveredTariff2) },
  { obis: '1-0:1.8.0', name: 'energyReceivedTotal', kind: 'number', units: ['kWh', 'Wh'] },
  { obis: '1-0:2.8.0', name: 'energyDeliveredTotal', kind: 'number', units: ['kWh', 'Wh'] },
  { obis: '0-0:96.14.0', name: 'tariffIndicator', kind: 'integer', place: plain(Leaf.tariffIndicator) },
  { obis: '1-0:1.7.0', name: 'powerReceived', kind: 'number', units: kW, place: measure(Leaf.receivedActual) },
  { obis: '1-0:2.7.0', name: 'powerDelivered', kind: 'number', units: kW, place: measure(Leaf.deliveredActual) },

  { obis: '0-0:17.0.0', name: 'threshold', kind: 'number', units: ['kW', 'A', 'kVA'], place: limit(Leaf.threshold) },
  { obis: '1-0:31.4.0', name: 'fuseThreshold', kind: 'number', units: ['A'], place: limit(Leaf.fuseThreshold) },
  { obis: '0-0:96.3.10', name: 'switchPosition', kind: 'string', place: plain(Leaf.switchPosition) },
  { obis: '0-0:96.7.21', name: 'powerFailures', kind: 'integer', place: plain(Leaf.powerFailures) },
  { obis: '0-0:96.7.9', name: 'longPowerFailures', kind: 'integer', place: plain(Leaf.longPowerFailures) },
  { obis: '1-0:99.97.0', name: 'powerFailureLog', kind: 'power-failure-log', units: ['s'], place: structure(Leaf.powerFailureLog) },
  { obis: '1-0:32.32.0', name: 'voltageSagsL1', kind: 'integer', place: plain(Leaf.sagsL1) },
  { obis: '1-0:52.32.0', name: 'voltageSagsL2', kind: 'integer', place: plain(Leaf.sagsL2) },
  { obis: '1-0:72.32.0', name: 'voltageSagsL3', kind: 'integer', place: plain(Leaf.sagsL3) },
  { obis: '1-0:32.36.0', name: 'voltageSwellsL1', kind: 'integer', place: plain(Leaf.swellsL1) },
  { obis: '1-0:52.36.0', name: 'voltageSwellsL2', kind: 'integer', place: plain(Leaf.swellsL2) },
  { obis: '1-0:72.36.0', name: 'voltageSwellsL3', kind: 'integer', place: plain(Leaf.swellsL3) },

  { obis: '1-0:32.7.0', name: 'voltageL1', kind: 'number', units: ['V'], place: measure(Leaf.voltageL1) },
  { obis: '1-0:52.7.0', name: 'voltageL2', kind: 'number', units: ['V'], place: measure(Leaf.voltageL2) },
  { obis: '1-0:72.7.0', name: 'voltageL3', kind: 'number', units: ['V'], place: measure(Leaf.voltageL3) },
  { obis: '1-0:31.7.0', name: 'currentL1', kind: 'number', units: ['A'], place: measure(Leaf.currentL1) },
  { obis: '1-0:51.7.0', name: 'currentL2', kind: 'number', units: ['A'], place: measure(Leaf.currentL2) },
  { obis: '1-0:71.7.0', name: 'currentL3', kind: 'number', units: ['A'], place: measure(Leaf.currentL3) },
  { obis: '1-0:21.7.0', name: 'powerReceivedL1', kind: 'number', units: kW, place: measure(Leaf.powerReceivedL1) },
  { obis: '1-0:41.7.0', name: 'powerReceivedL2', kind: 'number', units: kW, place: measure(Leaf.powerReceivedL2) },
  { obis: '1-0:61.7.0', name: 'powerReceivedL3', kind: 'number', units: kW, place: measure(Leaf.powerReceivedL3) },
  { obis: '1-0:22.7.0', name: 'powerDeliveredL1', kind: 'number', units: kW, place: measure(Leaf.powerDeliveredL1) },
  { obis: '1-0:42.7.0', name: 'powerDeliveredL2', kind: 'number', units: kW, place: measure(Leaf.powerDeliveredL2) },
  { obis: '1-0:62.7.0', name: 'powerDeliveredL3', kind: 'number', units: kW, place: measure(Leaf.powerDeliveredL3) },

  // Belgian capacity tariff (eMUCs 1.7+)
  { obis: '1-0:1.4.0', name: 'demandReceivedCurrent', kind: 'number', units: kW, place: measure(Leaf.demandReceivedCurrent) },
  { obis: '1-0:2.4.0', name: 'demandDeliveredCurrent', kind: 'number', units: kW, place: measure(Leaf.demandDeliveredCurrent) },
  { obis: '1-0:1.6.0', name: 'demandReceivedMaximum', kind: 'maximum-demand', units: kW, place: structure(Leaf.demandReceivedMaximum) },
  { obis: '1-0:2.6.0', name: 'demandDeliveredMaximum', kind: 'maximum-demand', units: kW, place: structure(Leaf.demandDeliveredMaximum) },
  { obis: '0-0:98.1.0', name: 'demandHistory', kind: 'demand-history', units: kW, place: structure(Leaf.demandHistory) },

  // M-Bus devices: classified by their device type, never by the channel (spec digest §3.5)
  { obis: '0-n:24.1.0', name: 'mbusDeviceType', kind: 'string', mbus: 'deviceType' },
  { obis: '0-n:96.1.0', name: 'mbusEquipmentId', kind: 'string', mbus: 'equipmentId' },
  { obis: '0-n:96.1.1', name: 'mbusEquipmentIdBelgium', kind: 'string', mbus: 'equipmentId' },
  { obis: '0-n:24.2.1', name: 'mbusValue', kind: 'mbus-value', mbus: 'value' },
  { obis: '0-n:24.2.3', name: 'mbusGasUncorrected', kind: 'mbus-value', mbus: 'value' },
  { obis: '0-n:24.3.0', name: 'mbusProfileValue', kind: 'mbus-profile-value', mbus: 'value' },
  { obis: '0-n:24.4.0', name: 'mbusValvePosition', kind: 'string', mbus: 'valvePosition' },
]);

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
