import type { CliIo, Command, ParsedArgs } from './command.js';
import { IGNORED_FILE_KEYS, INFLUX_OPTIONS, INFLUX_SETTINGS, isLegacyConfig, resolveInfluxSettings, type InfluxServiceSettings } from './influx-settings.js';
import { openInfluxSink } from './influx-sink.js';
import { parseNumber } from './parse-number.js';
import { runSinks, sinkContext } from './run-sinks.js';
import { checkedLayers, fileKeys, meterOf } from './service-layers.js';
import { gather, type Layers } from './setting-layers.js';
import { SOURCE_OPTIONS } from './source-settings.js';

const KNOWN_FILE_KEYS = [...fileKeys(INFLUX_SETTINGS), ...Object.keys(IGNORED_FILE_KEYS)];

/**
 * The settings of `p1 influx` and `p1 import`, from flags, environment and the config file (whose unknown keys are
 * refused and whose keys without effect are logged).
 */
export async function influxSettings(args: ParsedArgs, io: CliIo, command: string): Promise<{ settings: InfluxServiceSettings; layers: Layers }> {
  const layers = await checkedLayers(args, io, KNOWN_FILE_KEYS);
  const { file } = layers;
  if (file !== undefined) {
    for (const key of file.values.keys()) if (key in IGNORED_FILE_KEYS) io.stderr.write(`${command}: ${file.name}: "${key}" has no effect: ${IGNORED_FILE_KEYS[key]}\n`);
  }
  const settings = resolveInfluxSettings(gather(INFLUX_SETTINGS, layers), { legacy: file !== undefined && isLegacyConfig(file.values.keys()), env: io.env });
  return { settings, layers };
}

async function influx(args: ParsedArgs, io: CliIo): Promise<number> {
  const { settings, layers } = await influxSettings(args, io, 'p1 influx');
  const spec = meterOf(layers);
  const count = args.values.count === undefined ? Infinity : parseNumber('--count', args.values.count, { min: 1, integer: true });
  // How long a stop may take to send what is spooled; what is not sent stays on disk for the next start.
  const flushTimeout = parseNumber('--flush-timeout', args.values['flush-timeout'] ?? '10', { min: 0 }) * 1000;

  const context = sinkContext(io);
  const sink = await openInfluxSink(settings, flushTimeout, context);
  return runSinks(spec, [sink], context, io, { name: 'p1 influx', count, statusEveryMs: settings.statusEveryMs });
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
