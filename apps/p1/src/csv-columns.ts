import { convertUnit, READING_FIELDS, type Reading, type ReadingField } from '@p1/core';

/** One CSV column: its header and where its value is in a reading. */
export interface CsvColumn {
  name: string;
  get: (r: Reading) => number | string | null;
}

const at = (keys: readonly string[], r: Reading): unknown => keys.reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], r);

/**
 * A field's value, in the unit its column names: a meter that sends Wh or varh (Austria) gets kWh and kvarh, as the
 * column says; a unit that is not the same quantity gives an empty cell rather than a wrong number.
 */
function fieldGetter(field: ReadingField): CsvColumn['get'] {
  const value = field.valuePath.split('.');
  const unit = `${field.path}.unit`.split('.');
  const target = field.unit;
  if (target === null) return (r) => at(value, r) as number | string | null;
  return (r) => {
    const v = at(value, r) as number | null;
    return v === null ? null : convertUnit(v, at(unit, r) as string | null, target);
  };
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
  ...READING_FIELDS.flatMap((f) => (f.column === null ? [] : [{ name: f.unit === null ? f.column : `${f.column}_${f.unit.toLowerCase()}`, get: fieldGetter(f) }])),
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
