import { READING_FIELDS, type Reading } from '@p1/core';

/** One CSV column: its header and where its value is in a reading. */
export interface CsvColumn {
  name: string;
  get: (r: Reading) => number | string | null;
}

/** The value at a dotted path of a reading. */
function pathGetter(path: string): CsvColumn['get'] {
  const keys = path.split('.');
  return (r) => keys.reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], r) as number | string | null;
}

/**
 * The columns of `p1 parse --format csv`, in order: the telegram's time and meter, then every reading field that
 * @p1/core's catalogue gives a column (`READING_FIELDS`: influx's field names, with the unit the standards define
 * appended, `energy_import_t1_kwh`), then the gas meter. A value the telegram does not carry is an empty cell.
 * Documented in apps/p1/README.md.
 */
export const CSV_COLUMNS: readonly CsvColumn[] = [
  { name: 'timestamp', get: (r) => r.timestamp },
  { name: 'meter_type', get: (r) => r.meterType },
  ...READING_FIELDS.flatMap((f) =>
    f.column === null ? [] : [{ name: f.unit === null ? f.column : `${f.column}_${f.unit.toLowerCase()}`, get: pathGetter(f.valuePath) }],
  ),
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
