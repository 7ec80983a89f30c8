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

// A meter's points repeat a handful of series; escaping each once saves a regex per tag per telegram.
const SERIES = new Map<string, string>();

/** `measurement,tag=value` with the tags in key order (what the servers index fastest). */
export function formatSeries(measurement: string, tags: Readonly<Record<string, string>>): string {
  let key = measurement;
  for (const tag in tags) key += `\0${tag}\0${tags[tag]}`;
  let series = SERIES.get(key);
  if (series === undefined) {
    series = escapeMeasurement(measurement);
    for (const tag of Object.keys(tags).sort()) {
      const value = tags[tag]!;
      if (value !== '') series += `,${escapeTag(tag)}=${escapeTag(value)}`;
    }
    if (SERIES.size >= 1024) SERIES.clear();
    SERIES.set(key, series);
  }
  return series;
}

// Field keys come from a schema: a few dozen names, escaped once instead of on every point.
const FIELD_KEYS = new Map<string, string>();
function fieldKey(key: string): string {
  let escaped = FIELD_KEYS.get(key);
  if (escaped === undefined) {
    escaped = escapeTag(key);
    if (FIELD_KEYS.size < 1024) FIELD_KEYS.set(key, escaped);
  }
  return escaped;
}

/** The field set (`a=1.5,b=2i`), or '' when no field holds a writable number. */
export function formatFields(point: Point): string {
  let fields = '';
  for (const key in point.fields) {
    const value = point.fields[key]!;
    if (!Number.isFinite(value)) continue;
    const integer = point.integers?.has(key) === true;
    if (integer && !Number.isInteger(value)) continue;
    fields += `${fields === '' ? '' : ','}${fieldKey(key)}=${integer ? `${value}i` : value}`;
  }
  return fields;
}

/** `series fields time` (second precision, no trailing newline), or null without a field or a whole-second time. */
export function formatLine(series: string, fields: string, time: number): string | null {
  return fields === '' || !Number.isSafeInteger(time) ? null : `${series} ${fields} ${time}`;
}

/** A point as one line of line protocol, or null when it has nothing to write. */
export function formatPoint(point: Point, series = formatSeries(point.measurement, point.tags)): string | null {
  return formatLine(series, formatFields(point), point.time);
}
