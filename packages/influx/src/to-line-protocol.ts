import type { Reading } from '@p1/core';
import { formatPoint } from './format-point.js';
import type { Schema, SchemaName } from './schema.js';
import { toPoints, type MappingOptions } from './to-points.js';

/**
 * A reading as InfluxDB line protocol under a schema (default `full`), second precision: one line per point, each
 * ending in `\n` (so results concatenate), '' when the reading holds nothing to write. Pure apart from the host
 * clock, read only for a telegram without a time of its own.
 */
export function toLineProtocol(reading: Reading, schema: SchemaName | Schema = 'full', options: MappingOptions = {}): string {
  const { telegram, captured } = toPoints(reading, schema, options);
  let text = '';
  for (const point of [...telegram, ...captured]) {
    const line = formatPoint(point);
    if (line !== null) text += `${line}\n`;
  }
  return text;
}
