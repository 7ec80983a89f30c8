import type { Reading } from '@p1/core';

/** One CSV column: its header and where its value is in a reading. */
export interface CsvColumn {
  name: string;
  get: (r: Reading) => number | string | null;
}

const power = (r: Reading) => r.electricity.instantaneous.power;

/**
 * The fixed columns of `p1 parse --format csv`, in order. Units are the ones the standards define (kWh, kW, V, A,
 * m3); a value the telegram does not carry is an empty cell. Documented in apps/p1/README.md.
 */
export const CSV_COLUMNS: readonly CsvColumn[] = [
  { name: 'timestamp', get: (r) => r.timestamp },
  { name: 'meter_type', get: (r) => r.meterType },
  { name: 'tariff', get: (r) => r.electricity.tariffIndicator },
  { name: 'import_t1_kwh', get: (r) => r.electricity.received.tariff1.reading },
  { name: 'import_t2_kwh', get: (r) => r.electricity.received.tariff2.reading },
  { name: 'export_t1_kwh', get: (r) => r.electricity.delivered.tariff1.reading },
  { name: 'export_t2_kwh', get: (r) => r.electricity.delivered.tariff2.reading },
  { name: 'import_kw', get: (r) => r.electricity.received.actual.reading },
  { name: 'export_kw', get: (r) => r.electricity.delivered.actual.reading },
  { name: 'import_l1_kw', get: (r) => power(r).positive.L1.reading },
  { name: 'import_l2_kw', get: (r) => power(r).positive.L2.reading },
  { name: 'import_l3_kw', get: (r) => power(r).positive.L3.reading },
  { name: 'export_l1_kw', get: (r) => power(r).negative.L1.reading },
  { name: 'export_l2_kw', get: (r) => power(r).negative.L2.reading },
  { name: 'export_l3_kw', get: (r) => power(r).negative.L3.reading },
  { name: 'voltage_l1_v', get: (r) => r.electricity.instantaneous.voltage.L1.reading },
  { name: 'voltage_l2_v', get: (r) => r.electricity.instantaneous.voltage.L2.reading },
  { name: 'voltage_l3_v', get: (r) => r.electricity.instantaneous.voltage.L3.reading },
  { name: 'current_l1_a', get: (r) => r.electricity.instantaneous.current.L1.reading },
  { name: 'current_l2_a', get: (r) => r.electricity.instantaneous.current.L2.reading },
  { name: 'current_l3_a', get: (r) => r.electricity.instantaneous.current.L3.reading },
  { name: 'gas_m3', get: (r) => r.gas.reading },
  { name: 'gas_timestamp', get: (r) => r.gas.timestamp },
];

/** A value as a CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. */
function cell(value: number | string | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const CSV_HEADER = `${CSV_COLUMNS.map((c) => c.name).join(',')}\n`;

/** One CSV row for a reading, ending in `\n`. */
export function csvRow(reading: Reading): string {
  return `${CSV_COLUMNS.map((c) => cell(c.get(reading))).join(',')}\n`;
}
