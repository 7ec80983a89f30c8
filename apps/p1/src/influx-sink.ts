import type { InfluxWriter, InfluxWriterStats, Schema } from '@p1/influx';
import { CliError, usageError } from './cli-error.js';
import { formatStatus, formatWriterEvent, influxHints } from './influx-status.js';
import type { InfluxServiceSettings } from './influx-settings.js';
import { loadPackage } from './load-package.js';
import type { Sink, SinkContext } from './sink.js';
import { redactUrl } from './url-credentials.js';

type Influx = typeof import('@p1/influx');

/** The schema to write with: a built-in one, with p1-to-influxdb's own measurement name when its config sets one. */
export function schemaFor(settings: InfluxServiceSettings, influx: Influx): Schema {
  const schema = influx.SCHEMAS[settings.schema as keyof Influx['SCHEMAS']];
  if (schema === undefined) throw usageError(`the schema must be ${Object.keys(influx.SCHEMAS).join(' or ')}, got "${settings.schema}"`);
  if (settings.measurement === null || schema.series.length !== 1) return schema;
  return { ...schema, series: schema.series.map((s) => ({ ...s, measurement: settings.measurement! })) };
}

/** InfluxDB through @p1/influx's spooling writer, as a sink of `p1 influx` and `p1 run`. `flushTimeoutMs` bounds the stop. */
export async function openInfluxSink(settings: InfluxServiceSettings, flushTimeoutMs: number, context: SinkContext): Promise<Sink> {
  const { log } = context;
  const pkg = await loadPackage<Influx>('@p1/influx', 'p1 influx');
  const hints = influxHints(settings.target);
  let writer: InfluxWriter;
  try {
    writer = await pkg.createInfluxWriter({
      target: settings.target,
      spoolDir: settings.spoolDir,
      schema: schemaFor(settings, pkg),
      ...(settings.thinning && { thinning: settings.thinning }),
      hashEquipmentId: settings.hashEquipmentId,
      onEvent: (event) => log(formatWriterEvent(event, hints)),
    });
  } catch (error) {
    if (!pkg.isInfluxError(error)) throw error;
    const hint = error.code === 'spool-locked' ? ': another p1 influx uses it; stop that one or give this one its own --spool DIR' : '';
    throw new CliError(`p1 influx: ${error.message}${hint}`, error.code === 'invalid-option' ? 2 : 1);
  }
  let final: InfluxWriterStats | null = null;
  return {
    // The writer probes InfluxDB itself from the start: an unreachable server is in its first events and status.
    banner(source) {
      return `p1 influx: ${source} -> ${redactUrl(settings.target.url)} (schema ${settings.schema}, spool ${settings.spoolDir})`;
    },
    write: async (telegram) => void (await writer.write(telegram.reading)),
    status: (bad, prefix) => formatStatus(final ?? writer.stats, writer.lastError, bad, prefix),
    async close() {
      const stats = (final = await writer.close(flushTimeoutMs));
      return stats.spooled > 0 ? [`p1 influx: ${stats.spooled} points wait in ${settings.spoolDir}; they are sent at the next start`] : [];
    },
  };
}
