import type { FieldKind, FieldSpec, Schema, TagSpec } from './schema.js';

const PHASES = ['L1', 'L2', 'L3'] as const;

/** Three fields, `<field>_l1` to `_l3`, from a path with `$` where the phase goes. */
function perPhase(field: string, path: string, unit: string, kind: FieldKind, type?: 'integer'): FieldSpec[] {
  return PHASES.map((phase) => ({
    field: `${field}_${phase.toLowerCase()}`,
    path: path.replace('$', phase),
    unit,
    kind,
    ...(type === undefined ? {} : { type }),
  }));
}

const METER_ID: TagSpec = { tag: 'equipment_id', path: 'equipmentId', private: true };

/** The `electricity` fields of the `full` schema: field -> reading path, one row each. */
export const FULL_ELECTRICITY_FIELDS: readonly FieldSpec[] = [
  { field: 'energy_import_t1', path: 'electricity.received.tariff1.reading', unit: 'kWh', kind: 'counter' },
  { field: 'energy_import_t2', path: 'electricity.received.tariff2.reading', unit: 'kWh', kind: 'counter' },
  { field: 'energy_export_t1', path: 'electricity.delivered.tariff1.reading', unit: 'kWh', kind: 'counter' },
  { field: 'energy_export_t2', path: 'electricity.delivered.tariff2.reading', unit: 'kWh', kind: 'counter' },
  { field: 'power_import', path: 'electricity.received.actual.reading', unit: 'kW', kind: 'gauge' },
  { field: 'power_export', path: 'electricity.delivered.actual.reading', unit: 'kW', kind: 'gauge' },
  { field: 'tariff', path: 'electricity.tariffIndicator', type: 'integer', unit: '1 or 2', kind: 'state' },
  ...perPhase('voltage', 'electricity.instantaneous.voltage.$.reading', 'V', 'gauge'),
  ...perPhase('current', 'electricity.instantaneous.current.$.reading', 'A', 'gauge'),
  ...perPhase('power_import', 'electricity.instantaneous.power.positive.$.reading', 'kW', 'gauge'),
  ...perPhase('power_export', 'electricity.instantaneous.power.negative.$.reading', 'kW', 'gauge'),
  { field: 'power_failures', path: 'electricity.numberOfPowerFailures', type: 'integer', unit: 'count', kind: 'counter' },
  { field: 'long_power_failures', path: 'electricity.numberOfLongPowerFailures', type: 'integer', unit: 'count', kind: 'counter' },
  ...perPhase('voltage_sags', 'electricity.voltageSags.$', 'count', 'counter', 'integer'),
  ...perPhase('voltage_swells', 'electricity.voltageSwell.$', 'count', 'counter', 'integer'),
  { field: 'demand_import', path: 'electricity.demand.positiveActiveDemand.currentDemandPeriod.reading', unit: 'kW', kind: 'gauge' },
  { field: 'demand_export', path: 'electricity.demand.negativeActiveDemand.currentDemandPeriod.reading', unit: 'kW', kind: 'gauge' },
  { field: 'demand_import_max', path: 'electricity.demand.positiveActiveDemand.maximumDemand.reading', unit: 'kW', kind: 'state' },
  { field: 'demand_export_max', path: 'electricity.demand.negativeActiveDemand.maximumDemand.reading', unit: 'kW', kind: 'state' },
];

/**
 * The default schema: every electricity value of a telegram as one `electricity` point at the telegram's time; each
 * M-Bus device (gas, water, heat) as an `mbus` point at its own capture time; each closed month's capacity-tariff
 * peak (Belgium) as a `demand_peak` point at the quarter-hour it happened.
 */
export const FULL_SCHEMA: Schema = {
  name: 'full',
  series: [
    { measurement: 'electricity', tags: [METER_ID], fields: FULL_ELECTRICITY_FIELDS },
    {
      measurement: 'mbus',
      each: 'mbus',
      time: 'timestamp',
      telegramTimeFallback: true,
      // Not @p1/core's isConfiguredDevice, on purpose: that asks whether a channel holds a device (an equipment id)
      // to pick `reading.gas`; this asks whether there is a value to store. They agree on an empty slot (no id, zero
      // without unit) but not elsewhere: a configured device can send no value (nothing to write) or a value
      // without unit, and a value with its unit is a measurement even without an id line. Schemas stay plain data.
      require: ['reading', 'unit'],
      tags: [
        METER_ID,
        { tag: 'channel', path: 'channel', fromItem: true },
        { tag: 'medium', path: 'medium', fromItem: true, fallback: 'unknown' },
      ],
      fields: [{ field: 'value', path: 'reading', unit: 'm3 (gas, water), GJ (heat)', kind: 'counter' }],
    },
    {
      measurement: 'demand_peak',
      each: 'electricity.demand.maximumDemandLastMonths.months',
      time: 'timestamp',
      require: ['value'],
      tags: [METER_ID],
      fields: [{ field: 'value', path: 'value', unit: 'kW', kind: 'state' }],
    },
  ],
};
