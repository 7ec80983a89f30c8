import type { Schema } from './schema.js';

/**
 * What the predecessor's example project (ruudverheijden/p1-to-influxdb) wrote, spelling included, so that its
 * users' dashboards keep working: one `p1-readings` point per telegram, no tags.
 */
export const P1_TO_INFLUXDB_SCHEMA: Schema = {
  name: 'p1-to-influxdb',
  series: [
    {
      measurement: 'p1-readings',
      tags: [],
      fields: [
        { field: 'electricity_tarrif1', path: 'electricity.received.tariff1.reading', unit: 'kWh', kind: 'counter' },
        { field: 'electricity_tarrif2', path: 'electricity.received.tariff2.reading', unit: 'kWh', kind: 'counter' },
        { field: 'electricity_actual', path: 'electricity.received.actual.reading', unit: 'kW', kind: 'gauge' },
        { field: 'gas_reading', path: 'gas.reading', unit: 'm3', kind: 'counter' },
      ],
    },
  ],
};
