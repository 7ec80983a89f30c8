import type { Schema } from '@p1/influx';
import { CliError, usageError } from './cli-error.js';
import type { CliIo, Command, ParsedArgs } from './command.js';
import { checkKnownKeys, readConfigFile, type ConfigFile } from './config-file.js';
import { IGNORED_FILE_KEYS, INFLUX_OPTIONS, INFLUX_SETTINGS, isLegacyConfig, resolveInfluxSettings, type InfluxServiceSettings } from './influx-settings.js';
import { formatStatus, formatWriterEvent, influxHints } from './influx-status.js';
import { loadPackage } from './load-package.js';
import { openSource } from './open-source.js';
import { parseNumber } from './parse-number.js';
import { gather, type Layers } from './setting-layers.js';
import { describeSource, resolveSource, SOURCE_OPTIONS, SOURCE_SETTINGS, sourceSettings } from './source-settings.js';
import { redactUrl } from './url-credentials.js';

type Influx = typeof import('@p1/influx');

const KNOWN_FILE_KEYS = new Set([
  ...[...Object.values(INFLUX_SETTINGS), ...Object.values(SOURCE_SETTINGS)].flatMap((s) => ('file' in s ? s.file : [])),
  ...Object.keys(IGNORED_FILE_KEYS),
]);

/** The schema to write with: a built-in one, with p1-to-influxdb's own measurement name when its config sets one. */
export function schemaFor(settings: InfluxServiceSettings, influx: Influx): Schema {
  const schema = influx.SCHEMAS[settings.schema as keyof Influx['SCHEMAS']];
  if (schema === undefined) throw usageError(`the schema must be ${Object.keys(influx.SCHEMAS).join(' or ')}, got "${settings.schema}"`);
  if (settings.measurement === null || schema.series.length !== 1) return schema;
  return { ...schema, series: schema.series.map((s) => ({ ...s, measurement: settings.measurement! })) };
}

/**
 * The settings of `p1 influx` and `p1 import`, from flags, environment and the config file (whose unknown keys are
 * refused and whose keys without effect are logged).
 */
export async function influxSettings(args: ParsedArgs, io: CliIo, command: string): Promise<{ settings: InfluxServiceSettings; layers: Layers }> {
  const configPath = (args.values.config as string | undefined) ?? io.env.P1_CONFIG;
  const file: ConfigFile | undefined = configPath ? await readConfigFile(configPath) : undefined;
  if (file !== undefined) {
    checkKnownKeys(file, KNOWN_FILE_KEYS);
    for (const key of file.values.keys()) if (key in IGNORED_FILE_KEYS) io.stderr.write(`${command}: ${file.name}: "${key}" has no effect: ${IGNORED_FILE_KEYS[key]}\n`);
  }
  const layers = { flags: args.values, env: io.env, ...(file && { file }) };
  const settings = resolveInfluxSettings(gather(INFLUX_SETTINGS, layers), { legacy: file !== undefined && isLegacyConfig(file.values.keys()), env: io.env });
  return { settings, layers };
}

async function influx(args: ParsedArgs, io: CliIo): Promise<number> {
  const log = (line: string): void => void io.stderr.write(`${line}\n`);
  const { settings, layers } = await influxSettings(args, io, 'p1 influx');
  const spec = resolveSource(sourceSettings(layers), false);
  if (spec === null) {
    throw usageError('no meter to read: give --port PATH, --port tcp://HOST:PORT or --emulator (or P1_PORT, or "source.port" in the config file)');
  }
  const count = args.values.count === undefined ? Infinity : parseNumber('--count', args.values.count, { min: 1, integer: true });
  // How long a stop may take to send what is spooled; what is not sent stays on disk for the next start.
  const flushTimeout = parseNumber('--flush-timeout', args.values['flush-timeout'] ?? '10', { min: 0 }) * 1000;

  const pkg = await loadPackage<Influx>('@p1/influx', 'p1 influx');
  const hints = influxHints(settings.target);
  let writer: Awaited<ReturnType<Influx['createInfluxWriter']>>;
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

  log(`p1 influx: ${describeSource(spec)} -> ${redactUrl(settings.target.url)} (schema ${settings.schema}, spool ${settings.spoolDir})`);
  let rejected = 0;
  const status = setInterval(() => log(formatStatus(writer.stats, writer.lastError, rejected)), settings.statusEveryMs);
  status.unref();
  let failure: unknown = null;
  try {
    const source = await openSource(spec, {
      onTelegramError: () => void rejected++,
      onStatus: (message) => log(`p1 influx: ${message}`),
    });
    const close = (): void => void source.close();
    io.signal.addEventListener('abort', close);
    if (io.signal.aborted) close();
    let taken = 0;
    try {
      for await (const telegram of source.telegrams) {
        await writer.write(telegram.reading);
        if (++taken >= count) break;
      }
    } finally {
      io.signal.removeEventListener('abort', close);
      await source.close();
    }
  } catch (error) {
    failure = error;
  } finally {
    clearInterval(status);
  }
  const stats = await writer.close(flushTimeout);
  log(formatStatus(stats, writer.lastError, rejected, 'stopped'));
  if (stats.spooled > 0) log(`p1 influx: ${stats.spooled} points wait in ${settings.spoolDir}; they are sent at the next start`);
  if (failure !== null) throw failure;
  return 0;
}

export const INFLUX_COMMAND: Command = {
  summary: 'The bridge service: a meter into InfluxDB 1.x, 2.x or 3.x, through a durable spool.',
  usage: 'p1 influx (--port PATH | --port tcp://HOST:PORT | --emulator [PROFILE]) [options]',
  description:
    'Writes every reading to InfluxDB. Readings go to an on-disk spool first, so none is lost while InfluxDB is\n' +
    'down or the machine restarts. Settings come from flags, then environment variables, then a JSON config file\n' +
    "(--config; the predecessor p1-to-influxdb's config.json is read as it is). Logs one status line a minute;\n" +
    'SIGINT and SIGTERM send what is spooled before it exits. Exit code 2 for a configuration error.',
  options: { ...SOURCE_OPTIONS, ...INFLUX_OPTIONS },
  positionals: false,
  examples: [
    'p1 influx --port /dev/ttyUSB0 --database p1',
    'INFLUX_URL=http://nas:8086 INFLUX_DATABASE=p1 p1 influx --port /dev/p1',
    'INFLUX_TOKEN=... p1 influx --port /dev/p1 --url http://localhost:8086 --org home --bucket p1',
    'p1 influx --config config.json            # p1-to-influxdb\'s config file',
    'p1 influx --emulator dsmr5 --database test # try it without a meter',
  ],
  run: influx,
};
