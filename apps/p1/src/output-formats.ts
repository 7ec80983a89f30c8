import type { Reading } from '@p1/core';
import { usageError } from './cli-error.js';
import { CSV_HEADER, csvRow } from './csv-columns.js';
import { loadPackage } from './load-package.js';

type Influx = typeof import('@p1/influx');

/** What a reading becomes; '' leaves it out. */
export type FormatReading = (reading: Reading) => string;

/** An output format of `p1 parse`: the text before the first reading and how each reading is written. */
export interface OutputFormat {
  header: string;
  create(options: { schema: string }): Promise<FormatReading>;
}

/** The formats of `p1 parse --format`, by name. */
export const OUTPUT_FORMATS: Readonly<Record<string, OutputFormat>> = {
  ndjson: { header: '', create: async () => (reading) => `${JSON.stringify(reading)}\n` },
  csv: { header: CSV_HEADER, create: async () => csvRow },
  influx: {
    header: '',
    create: async ({ schema }) => {
      const { PointPipeline, SCHEMAS } = await loadPackage<Influx>('@p1/influx', '--format influx');
      if (!Object.hasOwn(SCHEMAS, schema)) throw usageError(`--schema must be ${Object.keys(SCHEMAS).join(' or ')}, got "${schema}"`);
      // One pipeline for the whole input, as the writer has: a captured M-Bus value is written once per capture
      // time, not in every telegram that repeats it.
      const pipeline = new PointPipeline({ schema: schema as keyof typeof SCHEMAS });
      // A capture of a meter without a clock (DSMR 2.2/3.0) has no time to write: the parse time would be a lie.
      return (reading) => (reading.timestamp === null ? '' : pipeline.push(reading).text);
    },
  },
};
