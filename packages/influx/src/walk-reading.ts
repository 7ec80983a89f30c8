import { convertUnit, hashEquipmentId, type Reading } from '@p1/core';
import { appendField, escapeTag, type Point } from './format-point.js';
import { InfluxError } from './influx-error.js';
import type { FieldSpec, Schema } from './schema.js';

/** How a reading becomes points. */
export interface MappingOptions {
  /** Tag equipment ids by a hash instead of as sent: `true` (SHA-256) or a secret key (HMAC). Default false. */
  hashEquipmentId?: boolean | string;
  /** The host clock (ms), used only for a telegram without a time of its own (DSMR 2.2/3.0). Default `Date.now`. */
  clock?: () => number;
}

type Path = readonly string[];

interface CompiledField {
  field: string;
  path: Path;
  /** When the value is written in `unit`: the object holding the value and the unit the meter sent, and their keys. */
  holder: Path | null;
  valueKey: string;
  unitKey: string;
  unit: string;
  integer: boolean;
  /** `key=`, escaped once. */
  prefix: string;
}

/** A series spec with its dotted paths split and its keys escaped, once per schema. */
export interface CompiledSeries {
  measurement: string;
  /** One point per captured item (an M-Bus device, a month), rather than per telegram. */
  captured: boolean;
  each: Path;
  time: Path | null;
  telegramTimeFallback: boolean;
  require: Path[];
  tags: { tag: string; path: Path; fromItem: boolean; fallback: string | undefined; private: boolean }[];
  fields: CompiledField[];
  integers: ReadonlySet<string>;
}

const split = (path: string): Path => (path === '' ? [] : path.split('.'));

// The built-in schemas are frozen all the way down, so what they compile to never changes: compiled once per
// process. A schema of your own may change between calls: each pipeline (each `toPoints` call) compiles it afresh.
const BUILT_IN = new WeakMap<Schema, readonly CompiledSeries[]>();

/** A (resolved) schema's series with their paths split and keys escaped, ready for `walkReading`. */
export function compileSchema(schema: Schema): readonly CompiledSeries[] {
  if (!Object.isFrozen(schema)) return compile(schema);
  let compiled = BUILT_IN.get(schema);
  if (compiled === undefined) BUILT_IN.set(schema, (compiled = compile(schema)));
  return compiled;
}

/** Where a field's value and the unit sent with it are: next to each other (`{ reading, unit }`), walked to once. */
function unitOf(f: FieldSpec): Pick<CompiledField, 'holder' | 'valueKey' | 'unitKey'> {
  if (f.unitPath === undefined) return { holder: null, valueKey: '', unitKey: '' };
  const value = split(f.path);
  const unit = split(f.unitPath);
  const holder = unit.slice(0, -1);
  if (value.length !== unit.length || holder.some((key, i) => value[i] !== key)) {
    throw new InfluxError('invalid-option', `field ${f.field}: unitPath ${f.unitPath} is not next to its value ${f.path}`);
  }
  return { holder, valueKey: value.at(-1)!, unitKey: unit.at(-1)! };
}

function compile(schema: Schema): CompiledSeries[] {
  return schema.series.map((s) => ({
    measurement: s.measurement,
    captured: s.each !== undefined,
    each: split(s.each ?? ''),
    time: s.time === undefined ? null : split(s.time),
    telegramTimeFallback: s.telegramTimeFallback === true,
    require: (s.require ?? []).map(split),
    tags: s.tags.map((t) => ({
      tag: t.tag,
      path: split(t.path),
      fromItem: t.fromItem === true,
      fallback: t.fallback,
      private: t.private === true,
    })),
    fields: s.fields.map((f) => ({
      field: f.field,
      path: split(f.path),
      ...unitOf(f),
      unit: f.unit,
      integer: f.type === 'integer',
      prefix: `${escapeTag(f.field)}=`,
    })),
    integers: new Set(s.fields.filter((f) => f.type === 'integer').map((f) => f.field)),
  }));
}

function get(node: unknown, path: Path): unknown {
  for (let i = 0; i < path.length; i++) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[path[i]!];
  }
  return node;
}

/** A field's value in `item`: in the field's unit where it has a `unitPath`; undefined where it cannot be. */
function valueOf(f: CompiledField, item: unknown): unknown {
  if (f.holder === null) return get(item, f.path);
  const holder = get(item, f.holder) as Record<string, unknown> | null | undefined;
  const value = holder?.[f.valueKey];
  if (typeof value !== 'number') return value;
  const unit = holder![f.unitKey];
  if (unit === f.unit) return value; // as nearly every meter sends it
  return convertUnit(value, typeof unit === 'string' ? unit : null, f.unit) ?? undefined;
}

/** Unix seconds of an ISO time, or null. */
function seconds(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

/** One point-to-be: its series spec, the object its fields are read from, its tags and time. */
export interface Visit {
  series: CompiledSeries;
  item: unknown;
  tags: Record<string, string>;
  time: number;
}

/**
 * Calls `visit` for every point a reading makes under a compiled schema (`compileSchema`), in schema order. Reads
 * the host clock only for a telegram without a time. Throws `invalid-reading` for a value that is not an object.
 */
export function walkReading(reading: Reading, schema: readonly CompiledSeries[], options: MappingOptions, visit: (v: Visit) => void): void {
  if (typeof reading !== 'object' || reading === null) {
    throw new InfluxError('invalid-reading', `expected a reading object, got ${reading === null ? 'null' : typeof reading}`);
  }
  const telegramTime = seconds(reading.timestamp) ?? Math.floor((options.clock ?? Date.now)() / 1000);
  const hashKey = options.hashEquipmentId === true ? true : options.hashEquipmentId || undefined;
  for (const series of schema) {
    const items = series.captured ? get(reading, series.each) : [reading];
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      if (series.require.some((path) => get(item, path) == null)) continue;
      const time = series.time === null ? telegramTime : (seconds(get(item, series.time)) ?? (series.telegramTimeFallback ? telegramTime : null));
      if (time === null) continue;
      const tags: Record<string, string> = {};
      for (const t of series.tags) {
        const value = get(t.fromItem ? item : reading, t.path);
        const text = typeof value === 'string' || typeof value === 'number' ? String(value) : t.fallback;
        if (text === undefined || text === '') continue;
        tags[t.tag] = t.private && hashKey !== undefined ? hashEquipmentId(text, hashKey) : text;
      }
      visit({ series, item, tags, time });
    }
  }
}

/** The visited point as an object (numbers only), for `toPoints` and thinning. */
export function pointOf(v: Visit): Point {
  const fields: Record<string, number> = {};
  for (const f of v.series.fields) {
    const value = valueOf(f, v.item);
    if (typeof value === 'number') fields[f.field] = value;
  }
  return { measurement: v.series.measurement, tags: v.tags, fields, integers: v.series.integers, time: v.time };
}

/**
 * The visited point's field set as line protocol (`a=1.5,b=2i`), straight from the reading: the hot path of
 * bulk import, the same text as `formatFields(pointOf(v))` (both write each value with `appendField`).
 */
export function fieldText(v: Visit): string {
  let text = '';
  for (const f of v.series.fields) text = appendField(text, f.prefix, valueOf(f, v.item), f.integer);
  return text;
}
