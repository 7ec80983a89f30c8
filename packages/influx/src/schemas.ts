import { freezeDeep } from '@p1/core/internal';
import { FULL_SCHEMA } from './full-schema.js';
import { InfluxError } from './influx-error.js';
import { P1_TO_INFLUXDB_SCHEMA } from './p1-to-influxdb-schema.js';
import type { FieldKind, Schema, SchemaName } from './schema.js';

/** The built-in schemas by name, frozen all the way down: a caller's change must not change every writer's points. */
export const SCHEMAS: Readonly<Record<SchemaName, Schema>> = freezeDeep({
  full: FULL_SCHEMA,
  'p1-to-influxdb': P1_TO_INFLUXDB_SCHEMA,
});

/** A schema by name or as given; throws `invalid-option` for an unknown name or a schema of the wrong shape. */
export function resolveSchema(schema: SchemaName | Schema): Schema {
  if (typeof schema === 'object' && schema !== null) {
    const named = (key: string) => (x: Record<string, unknown>) => typeof x[key] === 'string' && x[key] !== '' && typeof x.path === 'string';
    const wellFormed = listOf(schema.series, (s) => typeof s.measurement === 'string' && listOf(s.tags, named('tag')) && listOf(s.fields, named('field')));
    if (!wellFormed) {
      throw new InfluxError('invalid-option', `schema "${String(schema.name)}" is not a Schema: each series needs a measurement, tags and fields`);
    }
    return schema;
  }
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

function listOf(value: unknown, item: (x: Record<string, unknown>) => boolean): boolean {
  return Array.isArray(value) && value.every((x: unknown) => typeof x === 'object' && x !== null && item(x as Record<string, unknown>));
}
