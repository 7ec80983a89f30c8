import type { Reading } from '@p1/core';
import { PointPipeline } from './point-pipeline.js';
import type { Schema, SchemaName } from './schema.js';
import type { MappingOptions } from './walk-reading.js';

/**
 * A reading as InfluxDB line protocol under a schema (default `full`), second precision: one line per point, each
 * ending in `\n` (so results concatenate), '' when the reading holds nothing to write. Pure apart from the host
 * clock, read only for a telegram without a time of its own.
 */
export function toLineProtocol(reading: Reading, schema: SchemaName | Schema = 'full', options: MappingOptions = {}): string {
  return new PointPipeline({ ...options, schema }).push(reading).text;
}
