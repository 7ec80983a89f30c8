import type { Reading } from '@p1/core';
import type { Point } from './format-point.js';
import { FULL_SCHEMA } from './full-schema.js';
import { hashEquipmentId } from './hash-equipment-id.js';
import { InfluxError } from './influx-error.js';
import { P1_TO_INFLUXDB_SCHEMA } from './p1-to-influxdb-schema.js';
import type { FieldKind, Schema, SchemaName, SeriesSpec } from './schema.js';

/** How a reading becomes points. */
export interface MappingOptions {
  /** Tag equipment ids by a hash instead of as sent: `true` (SHA-256) or a secret key (HMAC). Default false. */
  hashEquipmentId?: boolean | string;
  /** The host clock (ms), used only for a telegram without a time of its own (DSMR 2.2/3.0). Default `Date.now`. */
  clock?: () => number;
}

/** A reading's points: per telegram (thinning applies) and per captured value (written once per capture time). */
export interface MappedPoints {
  telegram: Point[];
  captured: Point[];
}

/** The built-in schemas by name. */
export const SCHEMAS: Readonly<Record<SchemaName, Schema>> = {
  full: FULL_SCHEMA,
  'p1-to-influxdb': P1_TO_INFLUXDB_SCHEMA,
};

type Path = readonly string[];

interface CompiledSeries {
  measurement: string;
  each: Path | null;
  time: Path | null;
  telegramTimeFallback: boolean;
  require: Path[];
  tags: { tag: string; path: Path; fromItem: boolean; fallback: string | undefined; private: boolean }[];
  fields: { field: string; path: Path }[];
  integers: ReadonlySet<string>;
}

const split = (path: string): Path => (path === '' ? [] : path.split('.'));

// Schemas are data; their dotted paths are split once, not on every telegram.
const COMPILED = new WeakMap<Schema, CompiledSeries[]>();

function compile(schema: Schema): CompiledSeries[] {
  let compiled = COMPILED.get(schema);
  if (compiled !== undefined) return compiled;
  compiled = schema.series.map((s: SeriesSpec) => ({
    measurement: s.measurement,
    each: s.each === undefined ? null : split(s.each),
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
    fields: s.fields.map((f) => ({ field: f.field, path: split(f.path) })),
    integers: new Set(s.fields.filter((f) => f.type === 'integer').map((f) => f.field)),
  }));
  COMPILED.set(schema, compiled);
  return compiled;
}

/** A schema by name or as given; throws `invalid-option` for an unknown name. */
export function resolveSchema(schema: SchemaName | Schema): Schema {
  if (typeof schema === 'object' && schema !== null && Array.isArray(schema.series)) return schema;
  const found = typeof schema === 'string' ? SCHEMAS[schema as SchemaName] : undefined;
  if (found === undefined) {
    throw new InfluxError('invalid-option', `unknown schema "${String(schema)}": use ${Object.keys(SCHEMAS).join(' or ')}`);
  }
  return found;
}

/** Field -> kind of the per-telegram series, for averaging. */
export function fieldKinds(schema: Schema): ReadonlyMap<string, FieldKind> {
  return new Map(schema.series.filter((s) => s.each === undefined).flatMap((s) => s.fields.map((f) => [f.field, f.kind])));
}

function get(node: unknown, path: Path): unknown {
  for (let i = 0; i < path.length; i++) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[path[i]!];
  }
  return node;
}

/** Unix seconds of an ISO time, or null. */
function seconds(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

/**
 * The points of one reading under a schema (default `full`). Pure apart from the host clock, which it reads only
 * for a telegram without a time. Throws `invalid-reading` for a value that is not an object.
 */
export function toPoints(reading: Reading, schema: SchemaName | Schema = 'full', options: MappingOptions = {}): MappedPoints {
  if (typeof reading !== 'object' || reading === null) {
    throw new InfluxError('invalid-reading', `expected a reading object, got ${reading === null ? 'null' : typeof reading}`);
  }
  const telegramTime = seconds(reading.timestamp) ?? Math.floor((options.clock ?? Date.now)() / 1000);
  const hashKey = options.hashEquipmentId === true ? true : options.hashEquipmentId || undefined;
  const mapped: MappedPoints = { telegram: [], captured: [] };

  for (const series of compile(resolveSchema(schema))) {
    const items = series.each === null ? [reading] : get(reading, series.each);
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      if (series.require.some((path) => get(item, path) == null)) continue;
      const time =
        series.time === null ? telegramTime : (seconds(get(item, series.time)) ?? (series.telegramTimeFallback ? telegramTime : null));
      if (time === null) continue;
      const tags: Record<string, string> = {};
      for (const t of series.tags) {
        const value = get(t.fromItem ? item : reading, t.path);
        const text = typeof value === 'string' || typeof value === 'number' ? String(value) : t.fallback;
        if (text === undefined || text === '') continue;
        tags[t.tag] = t.private && hashKey !== undefined ? hashEquipmentId(text, hashKey) : text;
      }
      const fields: Record<string, number> = {};
      for (const f of series.fields) {
        const value = get(item, f.path);
        if (typeof value === 'number') fields[f.field] = value;
      }
      const point: Point = { measurement: series.measurement, tags, fields, integers: series.integers, time };
      (series.each === null ? mapped.telegram : mapped.captured).push(point);
    }
  }
  return mapped;
}
