import { freezeDeep } from './freeze-deep.js';
import type { MbusMedium } from './reading.js';

/**
 * Every COSEM object p1 understands, one row each (spec digest §4.1): its OBIS code, a name, how its value is read,
 * the units the standards define, and, for the objects that have one, its place in the `Reading`. The reading's
 * shape, its type, its empty values and how it is assembled are all derived from the places here
 * (`reading-shape.ts`, `reading.ts`), and so are influx's full schema and the CLI's CSV columns: adding a field is
 * one row. Rows are in the reading's key order, which is the order of first appearance of each place.
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

/**
 * How a value behaves over time, for time-series stores: a `counter` only grows (registers, event counts), a `gauge`
 * goes up and down (power, voltage), a `state` is a setting or a held value (tariff, this month's peak).
 */
export type Series = 'counter' | 'gauge' | 'state';

export interface CosemDefinition {
  readonly obis: string;
  readonly name: string;
  readonly kind: ValueKind;
  /** Units the standards define (compared without regard to case); the first is used when none was sent. */
  readonly units?: readonly string[];
  /** Its place in a `Reading`, as a dotted path (`electricity.received.tariff1`); two objects may share one. */
  readonly field?: string;
  /** A number read as a limit, `{ value, unit }` (the predecessor's shape for thresholds), not `{ reading, unit }`. */
  readonly as?: 'limit';
  /** For fields that time-series stores keep: how the value behaves over time. */
  readonly series?: Series;
  /** For those fields: a short snake_case name, influx's field name and the stem of the CSV column. */
  readonly column?: string;
  /** For M-Bus objects: the field of the channel's device the value fills. */
  readonly mbus?: 'deviceType' | 'equipmentId' | 'value' | 'valvePosition';
  /**
   * For an object that stands in for its field's own object (the meter id sent on another code): it fills the field
   * only when the field's own object (no `standIn`) is absent or empty, and the lowest `standIn` sent wins, whatever
   * the line order. Its value is read as its `kind` says, like the own object's.
   */
  readonly standIn?: number;
  /** For an M-Bus value whose code names its medium (`24.2.3` is the Belgian gas register): the device's medium when it sends no device type. */
  readonly medium?: MbusMedium;
}

// Austrian meters send every energy and power as an integer in Wh, W, varh and var (spec digest §4.2); Swedish
// ones send kvarh and kvar. Each is the standard's unit for that meter, kept as sent (`convertUnit` scales it).
const kWh = ['kWh', 'Wh'] as const;
const kW = ['kW', 'W'] as const;
const kvarh = ['kvarh', 'varh'] as const;
const kvar = ['kvar', 'var'] as const;
const V = ['V'] as const;
const A = ['A'] as const;

export const COSEM_OBJECTS = freezeDeep(oneShape([
  { obis: '1-3:0.2.8', name: 'version', kind: 'string', field: 'version' },
  { obis: '0-0:96.1.4', name: 'versionBelgium', kind: 'string', field: 'version' },
  { obis: '0-0:1.0.0', name: 'timestamp', kind: 'timestamp', field: 'timestamp' },
  { obis: '0-0:96.1.1', name: 'equipmentId', kind: 'string', field: 'equipmentId' },
  // The meter id on other codes (spec digest §4.1, §4.2), kept as sent like 96.1.1's: the COSEM logical device name,
  // which the DSMR 2.2 document names as the id and Luxembourg and Hungary send; then 96.1.0 on channel 0, the id
  // of Hungarian (beside 42.0.0) and Irish meters.
  { obis: '0-0:42.0.0', name: 'logicalDeviceName', kind: 'string', field: 'equipmentId', standIn: 1 },
  { obis: '0-0:96.1.0', name: 'deviceId', kind: 'string', field: 'equipmentId', standIn: 2 },
  { obis: '0-0:96.1.2', name: 'eanCode', kind: 'string' },
  { obis: '1-0:0.2.0', name: 'firmwareVersion', kind: 'string' },
  { obis: '0-0:96.13.1', name: 'textMessageCodes', kind: 'string', field: 'textMessage.codes' },
  { obis: '0-0:96.13.0', name: 'textMessage', kind: 'hex-text', field: 'textMessage.message' },

  // Energy registers and power now; `total` (no tariffs) as Swedish, Norwegian and Luxembourg meters send it
  { obis: '1-0:1.8.1', name: 'energyReceivedTariff1', kind: 'number', units: kWh, field: 'electricity.received.tariff1', series: 'counter', column: 'energy_import_t1' },
  { obis: '1-0:1.8.2', name: 'energyReceivedTariff2', kind: 'number', units: kWh, field: 'electricity.received.tariff2', series: 'counter', column: 'energy_import_t2' },
  { obis: '1-0:1.7.0', name: 'powerReceived', kind: 'number', units: kW, field: 'electricity.received.actual', series: 'gauge', column: 'power_import' },
  { obis: '1-0:1.8.0', name: 'energyReceivedTotal', kind: 'number', units: kWh, field: 'electricity.received.total', series: 'counter', column: 'energy_import_total' },
  { obis: '1-0:2.8.1', name: 'energyDeliveredTariff1', kind: 'number', units: kWh, field: 'electricity.delivered.tariff1', series: 'counter', column: 'energy_export_t1' },
  { obis: '1-0:2.8.2', name: 'energyDeliveredTariff2', kind: 'number', units: kWh, field: 'electricity.delivered.tariff2', series: 'counter', column: 'energy_export_t2' },
  { obis: '1-0:2.7.0', name: 'powerDelivered', kind: 'number', units: kW, field: 'electricity.delivered.actual', series: 'gauge', column: 'power_export' },
  { obis: '1-0:2.8.0', name: 'energyDeliveredTotal', kind: 'number', units: kWh, field: 'electricity.delivered.total', series: 'counter', column: 'energy_export_total' },

  // Reactive energy and power (Sweden, Lithuania, Luxembourg): received is Q+ (inductive), delivered Q- (capacitive)
  { obis: '1-0:3.8.0', name: 'reactiveEnergyReceivedTotal', kind: 'number', units: kvarh, field: 'electricity.reactive.received.total', series: 'counter', column: 'reactive_energy_import' },
  { obis: '1-0:3.7.0', name: 'reactivePowerReceived', kind: 'number', units: kvar, field: 'electricity.reactive.received.actual', series: 'gauge', column: 'reactive_power_import' },
  { obis: '1-0:4.8.0', name: 'reactiveEnergyDeliveredTotal', kind: 'number', units: kvarh, field: 'electricity.reactive.delivered.total', series: 'counter', column: 'reactive_energy_export' },
  { obis: '1-0:4.7.0', name: 'reactivePowerDelivered', kind: 'number', units: kvar, field: 'electricity.reactive.delivered.actual', series: 'gauge', column: 'reactive_power_export' },

  { obis: '0-0:96.14.0', name: 'tariffIndicator', kind: 'integer', field: 'electricity.tariffIndicator', series: 'state', column: 'tariff' },
  { obis: '0-0:17.0.0', name: 'threshold', kind: 'number', units: ['kW', 'A', 'kVA'], field: 'electricity.threshold', as: 'limit' },
  { obis: '1-0:31.4.0', name: 'fuseThreshold', kind: 'number', units: A, field: 'electricity.fuseThreshold', as: 'limit' },
  { obis: '0-0:96.3.10', name: 'switchPosition', kind: 'string', field: 'electricity.switchPosition' },
  { obis: '0-0:96.7.21', name: 'powerFailures', kind: 'integer', field: 'electricity.numberOfPowerFailures', series: 'counter', column: 'power_failures' },
  { obis: '0-0:96.7.9', name: 'longPowerFailures', kind: 'integer', field: 'electricity.numberOfLongPowerFailures', series: 'counter', column: 'long_power_failures' },
  { obis: '1-0:99.97.0', name: 'powerFailureLog', kind: 'power-failure-log', units: ['s'], field: 'electricity.longPowerFailureLog' },
  { obis: '1-0:32.32.0', name: 'voltageSagsL1', kind: 'integer', field: 'electricity.voltageSags.L1', series: 'counter', column: 'voltage_sags_l1' },
  { obis: '1-0:52.32.0', name: 'voltageSagsL2', kind: 'integer', field: 'electricity.voltageSags.L2', series: 'counter', column: 'voltage_sags_l2' },
  { obis: '1-0:72.32.0', name: 'voltageSagsL3', kind: 'integer', field: 'electricity.voltageSags.L3', series: 'counter', column: 'voltage_sags_l3' },
  { obis: '1-0:32.36.0', name: 'voltageSwellsL1', kind: 'integer', field: 'electricity.voltageSwell.L1', series: 'counter', column: 'voltage_swells_l1' },
  { obis: '1-0:52.36.0', name: 'voltageSwellsL2', kind: 'integer', field: 'electricity.voltageSwell.L2', series: 'counter', column: 'voltage_swells_l2' },
  { obis: '1-0:72.36.0', name: 'voltageSwellsL3', kind: 'integer', field: 'electricity.voltageSwell.L3', series: 'counter', column: 'voltage_swells_l3' },

  // Per phase
  { obis: '1-0:31.7.0', name: 'currentL1', kind: 'number', units: A, field: 'electricity.instantaneous.current.L1', series: 'gauge', column: 'current_l1' },
  { obis: '1-0:51.7.0', name: 'currentL2', kind: 'number', units: A, field: 'electricity.instantaneous.current.L2', series: 'gauge', column: 'current_l2' },
  { obis: '1-0:71.7.0', name: 'currentL3', kind: 'number', units: A, field: 'electricity.instantaneous.current.L3', series: 'gauge', column: 'current_l3' },
  { obis: '1-0:32.7.0', name: 'voltageL1', kind: 'number', units: V, field: 'electricity.instantaneous.voltage.L1', series: 'gauge', column: 'voltage_l1' },
  { obis: '1-0:52.7.0', name: 'voltageL2', kind: 'number', units: V, field: 'electricity.instantaneous.voltage.L2', series: 'gauge', column: 'voltage_l2' },
  { obis: '1-0:72.7.0', name: 'voltageL3', kind: 'number', units: V, field: 'electricity.instantaneous.voltage.L3', series: 'gauge', column: 'voltage_l3' },
  { obis: '1-0:21.7.0', name: 'powerReceivedL1', kind: 'number', units: kW, field: 'electricity.instantaneous.power.positive.L1', series: 'gauge', column: 'power_import_l1' },
  { obis: '1-0:41.7.0', name: 'powerReceivedL2', kind: 'number', units: kW, field: 'electricity.instantaneous.power.positive.L2', series: 'gauge', column: 'power_import_l2' },
  { obis: '1-0:61.7.0', name: 'powerReceivedL3', kind: 'number', units: kW, field: 'electricity.instantaneous.power.positive.L3', series: 'gauge', column: 'power_import_l3' },
  { obis: '1-0:22.7.0', name: 'powerDeliveredL1', kind: 'number', units: kW, field: 'electricity.instantaneous.power.negative.L1', series: 'gauge', column: 'power_export_l1' },
  { obis: '1-0:42.7.0', name: 'powerDeliveredL2', kind: 'number', units: kW, field: 'electricity.instantaneous.power.negative.L2', series: 'gauge', column: 'power_export_l2' },
  { obis: '1-0:62.7.0', name: 'powerDeliveredL3', kind: 'number', units: kW, field: 'electricity.instantaneous.power.negative.L3', series: 'gauge', column: 'power_export_l3' },
  { obis: '1-0:23.7.0', name: 'reactivePowerReceivedL1', kind: 'number', units: kvar, field: 'electricity.instantaneous.reactivePower.positive.L1', series: 'gauge', column: 'reactive_power_import_l1' },
  { obis: '1-0:43.7.0', name: 'reactivePowerReceivedL2', kind: 'number', units: kvar, field: 'electricity.instantaneous.reactivePower.positive.L2', series: 'gauge', column: 'reactive_power_import_l2' },
  { obis: '1-0:63.7.0', name: 'reactivePowerReceivedL3', kind: 'number', units: kvar, field: 'electricity.instantaneous.reactivePower.positive.L3', series: 'gauge', column: 'reactive_power_import_l3' },
  { obis: '1-0:24.7.0', name: 'reactivePowerDeliveredL1', kind: 'number', units: kvar, field: 'electricity.instantaneous.reactivePower.negative.L1', series: 'gauge', column: 'reactive_power_export_l1' },
  { obis: '1-0:44.7.0', name: 'reactivePowerDeliveredL2', kind: 'number', units: kvar, field: 'electricity.instantaneous.reactivePower.negative.L2', series: 'gauge', column: 'reactive_power_export_l2' },
  { obis: '1-0:64.7.0', name: 'reactivePowerDeliveredL3', kind: 'number', units: kvar, field: 'electricity.instantaneous.reactivePower.negative.L3', series: 'gauge', column: 'reactive_power_export_l3' },

  // Belgian capacity tariff (eMUCs 1.7+)
  { obis: '1-0:1.4.0', name: 'demandReceivedCurrent', kind: 'number', units: kW, field: 'electricity.demand.positiveActiveDemand.currentDemandPeriod', series: 'gauge', column: 'demand_import' },
  { obis: '1-0:1.6.0', name: 'demandReceivedMaximum', kind: 'maximum-demand', units: kW, field: 'electricity.demand.positiveActiveDemand.maximumDemand', series: 'state', column: 'demand_import_max' },
  { obis: '1-0:2.4.0', name: 'demandDeliveredCurrent', kind: 'number', units: kW, field: 'electricity.demand.negativeActiveDemand.currentDemandPeriod', series: 'gauge', column: 'demand_export' },
  { obis: '1-0:2.6.0', name: 'demandDeliveredMaximum', kind: 'maximum-demand', units: kW, field: 'electricity.demand.negativeActiveDemand.maximumDemand', series: 'state', column: 'demand_export_max' },
  { obis: '0-0:98.1.0', name: 'demandHistory', kind: 'demand-history', units: kW, field: 'electricity.demand.maximumDemandLastMonths' },

  // M-Bus devices: classified by their device type, never by the channel (spec digest §3.5)
  { obis: '0-n:24.1.0', name: 'mbusDeviceType', kind: 'string', mbus: 'deviceType' },
  { obis: '0-n:96.1.0', name: 'mbusEquipmentId', kind: 'string', mbus: 'equipmentId' },
  { obis: '0-n:96.1.1', name: 'mbusEquipmentIdBelgium', kind: 'string', mbus: 'equipmentId' },
  { obis: '0-n:24.2.1', name: 'mbusValue', kind: 'mbus-value', mbus: 'value' },
  { obis: '0-n:24.2.3', name: 'mbusGasUncorrected', kind: 'mbus-value', mbus: 'value', medium: 'gas' },
  { obis: '0-n:24.3.0', name: 'mbusProfileValue', kind: 'mbus-profile-value', mbus: 'value' },
  { obis: '0-n:24.4.0', name: 'mbusValvePosition', kind: 'string', mbus: 'valvePosition' },
] as const satisfies readonly CosemDefinition[]));

const BY_OBIS = new Map<string, CosemDefinition>(COSEM_OBJECTS.map((d) => [d.obis, d]));

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

/**
 * The rows rebuilt with every key of `CosemDefinition`, in one order (`undefined` where a row has none): V8 then
 * gives them all one hidden class, and the parser's reads of `def.kind`, `def.units`, `def.field` stay monomorphic
 * instead of going through seven shapes. The type stays the table's own.
 */
function oneShape<T extends readonly CosemDefinition[]>(rows: T): T {
  return rows.map(({ obis, name, kind, units, field, as, series, column, mbus, standIn, medium }) => ({ obis, name, kind, units, field, as, series, column, mbus, standIn, medium })) as unknown as T;
}
