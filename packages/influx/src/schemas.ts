import { FULL_SCHEMA } from './full-schema.js';
import { InfluxError } from './influx-error.js';
import { P1_TO_INFLUXDB_SCHEMA } from './p1-to-influxdb-schema.js';
import type { FieldKind, Schema, SchemaName } from './schema.js';

/** The built-in schemas by name. */
export const SCHEMAS: Readonly<Record<SchemaName, Schema>> = {
  full: FULL_SCHEMA,
  'p1-to-influxdb': P1_TO_INFLUXDB_SCHEMA,
};

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
