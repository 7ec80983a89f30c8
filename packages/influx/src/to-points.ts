import type { Reading } from '@p1/core';
import type { Point } from './format-point.js';
import type { Schema, SchemaName } from './schema.js';
import { resolveSchema } from './schemas.js';
import { compileSchema, pointOf, walkReading, type MappingOptions } from './walk-reading.js';

/** A reading's points: per telegram (thinning applies) and per captured value (written once per capture time). */
export interface MappedPoints {
  telegram: Point[];
  captured: Point[];
}

/**
 * The points of one reading under a schema (default `full`), as objects. Pure apart from the host clock, which it
 * reads only for a telegram without a time. Throws `invalid-reading` for a value that is not an object.
 */
export function toPoints(reading: Reading, schema: SchemaName | Schema = 'full', options: MappingOptions = {}): MappedPoints {
  const mapped: MappedPoints = { telegram: [], captured: [] };
  walkReading(reading, compileSchema(resolveSchema(schema)), options, (v) => {
    (v.series.captured ? mapped.captured : mapped.telegram).push(pointOf(v));
  });
  return mapped;
}
