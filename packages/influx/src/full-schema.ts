import { READING_FIELDS } from '@p1/core';
import type { FieldSpec, Schema, TagSpec } from './schema.js';

const METER_ID: TagSpec = { tag: 'equipment_id', path: 'equipmentId', private: true };

/**
 * The `electricity` fields of the `full` schema: every reading field that @p1/core's catalogue gives a column and a
 * series (`READING_FIELDS`), under that column's name, in the unit the standards define. A field added to the
 * catalogue is a field here.
 */
export const FULL_ELECTRICITY_FIELDS: readonly FieldSpec[] = READING_FIELDS.flatMap((f) => {
  if (f.column === null || f.series === null) return [];
  const spec: FieldSpec = { field: f.column, path: f.valuePath, unit: f.unit ?? (f.series === 'counter' ? 'count' : '–'), kind: f.series };
  if (f.integer) spec.type = 'integer';
  // A number with its unit: written in the unit the standards define (an Austrian meter's Wh as kWh).
  if (f.unit !== null) spec.unitPath = `${f.path}.unit`;
  return [spec];
});

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
