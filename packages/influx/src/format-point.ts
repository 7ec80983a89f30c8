/** One InfluxDB point before it becomes a line of line protocol. */
export interface Point {
  measurement: string;
  /** Tag key -> value; an empty value leaves the tag out (line protocol has no empty tags). */
  tags: Readonly<Record<string, string>>;
  /** Field key -> number; a non-finite number leaves the field out. */
  fields: Readonly<Record<string, number>>;
  /** Fields written as integers (`2i`); the others are floats, so a field keeps one type for its whole life. */
  integers?: ReadonlySet<string>;
  /** Unix time in whole seconds (the writer's precision). */
  time: number;
}

// Line protocol has no escape for these in names and tag values; the servers disagree on `\\` (1.x keeps both
// backslashes, 3.x folds them), so a backslash is sent bare and only replaced where it would escape what follows.
const CONTROL = /[\u0000-\u001f\u007f]/g;
const BACKSLASH_BEFORE_DELIMITER = /\\(?=[ ,=]|$)/g;
const TAG_DELIMITERS = /[ ,=]/g;
const MEASUREMENT_DELIMITERS = /[ ,]/g;
const NEEDS_WORK = /[\u0000-\u001f\u007f\\ ,=]/;
const REPLACEMENT = '\ufffd';

function escapeWith(text: string, delimiters: RegExp): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text
    .replace(CONTROL, REPLACEMENT)
    .replace(BACKSLASH_BEFORE_DELIMITER, REPLACEMENT)
    .replace(delimiters, '\\$&');
}

/** A tag key, tag value or field key as line protocol carries it. */
export function escapeTag(text: string): string {
  return escapeWith(text, TAG_DELIMITERS);
}

/** A measurement name as line protocol carries it. */
export function escapeMeasurement(text: string): string {
  return escapeWith(text, MEASUREMENT_DELIMITERS);
}

/** `measurement,tag=value` with the tags in key order (what the servers index fastest). */
export function formatSeries(measurement: string, tags: Readonly<Record<string, string>>): string {
  let series = escapeMeasurement(measurement);
  for (const tag of Object.keys(tags).sort()) {
    const value = tags[tag]!;
    if (value !== '') series += `,${escapeTag(tag)}=${escapeTag(value)}`;
  }
  return series;
}

const SERIES_LIMIT = 1024;

/**
 * The series one pipeline writes, each formatted once: a meter's points repeat a handful of series, and escaping
 * each once saves a regex per tag per telegram. Bounded (a stream of ever new tag values empties it rather than
 * growing it), and owned by one `PointPipeline`: nothing is shared between pipelines or writers.
 */
export class SeriesNames {
  readonly #names = new Map<string, string>();

  /** `formatSeries(measurement, tags)`, remembered. */
  of(measurement: string, tags: Readonly<Record<string, string>>): string {
    let key = measurement;
    for (const tag in tags) key += `\0${tag}\0${tags[tag]}`;
    let series = this.#names.get(key);
    if (series === undefined) {
      series = formatSeries(measurement, tags);
      if (this.#names.size >= SERIES_LIMIT) this.#names.clear();
      this.#names.set(key, series);
    }
    return series;
  }
}

/**
 * `fields` with one more field, `prefix` being its escaped `key=`: a float as JavaScript writes it (`1.5`), an
 * integer field with `i` (`2i`). Unchanged when the value is not writable: not a finite number, or a fraction where
 * the field is an integer (a field keeps one type for its whole life). The one way p1 writes a field value.
 */
export function appendField(fields: string, prefix: string, value: unknown, integer: boolean): string {
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) return fields;
  return `${fields}${fields === '' ? '' : ','}${prefix}${integer ? `${value}i` : value}`;
}

/**
 * The field set (`a=1.5,b=2i`), or '' when no field holds a writable number. `prefixes`: escaped `key=` by field
 * key, worked out once by a pipeline for its schema's fields; other keys are escaped here.
 */
export function formatFields(point: Point, prefixes?: ReadonlyMap<string, string>): string {
  let fields = '';
  for (const key in point.fields) {
    const prefix = prefixes?.get(key) ?? `${escapeTag(key)}=`;
    fields = appendField(fields, prefix, point.fields[key], point.integers?.has(key) === true);
  }
  return fields;
}

/** `series fields time` (second precision, no trailing newline), or null without a field or a whole-second time. */
export function formatLine(series: string, fields: string, time: number): string | null {
  return fields === '' || !Number.isSafeInteger(time) ? null : `${series} ${fields} ${time}`;
}

/** A point as one line of line protocol, or null when it has nothing to write. */
export function formatPoint(point: Point, series = formatSeries(point.measurement, point.tags), prefixes?: ReadonlyMap<string, string>): string | null {
  return formatLine(series, formatFields(point, prefixes), point.time);
}
