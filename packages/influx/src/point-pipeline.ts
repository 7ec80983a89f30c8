import type { Reading } from '@p1/core';
import { formatLine, formatPoint, SeriesNames } from './format-point.js';
import type { Schema, SchemaName } from './schema.js';
import { fieldKinds, resolveSchema } from './schemas.js';
import { checkThinning, createThinner, type Thinner, type Thinning } from './thinner.js';
import { compileSchema, fieldText, pointOf, walkReading, type CompiledSeries, type MappingOptions } from './walk-reading.js';

/** How readings become lines: schema (default `full`), thinning (default none), id hashing, clock. */
export interface PipelineOptions extends MappingOptions {
  /** Default `full`. */
  schema?: SchemaName | Schema;
  /** Default none: every telegram is written. */
  thinning?: Thinning;
}

/** Line protocol text, one `\n`-terminated line per point, and how many lines it holds. */
export interface Lines {
  text: string;
  count: number;
}

// Captured values already written, by series and capture time; past this many the oldest are forgotten, which
// costs at most one rewrite of the same point (same series and time: the server stores it once).
const REMEMBERED = 4096;

/**
 * Readings -> line protocol for one stream of telegrams: maps by the schema, thins the per-telegram points, and
 * writes each captured value (an hourly gas reading) once per capture time rather than once per telegram.
 */
export class PointPipeline {
  private readonly schema: readonly CompiledSeries[];
  // Truly private: a hashing key is a secret.
  readonly #mapping: MappingOptions;
  private readonly thinner: Thinner | null;
  private readonly written = new Map<string, string>();
  private readonly series = new SeriesNames();
  /** Escaped `key=` of every field of the schema, for the points thinning hands back. */
  private readonly prefixes: ReadonlyMap<string, string>;

  constructor(options: PipelineOptions = {}) {
    const schema = resolveSchema(options.schema ?? 'full');
    this.schema = compileSchema(schema);
    this.prefixes = new Map(this.schema.flatMap((s) => s.fields.map((f) => [f.field, f.prefix] as const)));
    checkThinning(options.thinning);
    this.thinner = options.thinning === undefined ? null : createThinner(options.thinning, fieldKinds(schema));
    this.#mapping = { hashEquipmentId: options.hashEquipmentId, clock: options.clock };
  }

  /** The lines a reading adds; throws `invalid-reading` for a value that is not an object. */
  push(reading: Reading): Lines {
    const out: Lines = { text: '', count: 0 };
    walkReading(reading, this.schema, this.#mapping, (v) => {
      const series = this.series.of(v.series.measurement, v.tags);
      if (this.thinner !== null && !v.series.captured) {
        for (const kept of this.thinner.push(pointOf(v), series)) add(out, formatPoint(kept, series, this.prefixes));
        return;
      }
      const line = formatLine(series, fieldText(v), v.time);
      if (v.series.captured) {
        const key = `${series} ${v.time}`;
        if (line === null || this.written.get(key) === line) return;
        if (this.written.size >= REMEMBERED) this.written.delete(this.written.keys().next().value!);
        this.written.set(key, line);
      }
      add(out, line);
    });
    return out;
  }

  /** Lines still held back (an open averaging window); call before the stream ends. */
  drain(): Lines {
    const out: Lines = { text: '', count: 0 };
    for (const point of this.thinner?.drain() ?? []) add(out, formatPoint(point, undefined, this.prefixes));
    return out;
  }
}

function add(out: Lines, line: string | null): void {
  if (line === null) return;
  out.text += `${line}\n`;
  out.count++;
}
