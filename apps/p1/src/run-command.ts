import { usageError } from './cli-error.js';
import type { CliIo, Command, OptionTable, ParsedArgs } from './command.js';
import { IGNORED_FILE_KEYS, INFLUX_SETTINGS, isLegacyConfig, resolveInfluxSettings } from './influx-settings.js';
import { openInfluxSink } from './influx-sink.js';
import { MQTT_SETTINGS, resolveMqttSettings } from './mqtt-settings.js';
import { openMqttSink } from './mqtt-sink.js';
import { parseNumber } from './parse-number.js';
import { runSinks, sinkContext } from './run-sinks.js';
import { fileKeys, serviceLayers } from './service-layers.js';
import { gather } from './setting-layers.js';
import type { Sink } from './sink.js';
import { SOURCE_OPTIONS } from './source-settings.js';

const RUN_OPTIONS: OptionTable = {
  config: { type: 'string', short: 'c', value: 'FILE', help: 'a JSON config file with "influx" and/or "mqtt" sections (env P1_CONFIG)' },
  'status-every': { type: 'string', value: 'S', help: 'seconds between status lines (default 60)' },
  'flush-timeout': { type: 'string', value: 'S', help: 'seconds a stop may take to send what InfluxDB has not taken yet (default 10)' },
  count: { type: 'string', short: 'n', value: 'N', help: 'stop after N readings' },
};

/** Settings whose presence switches a sink on: an InfluxDB target, a broker. */
const INFLUX_MARKERS = ['url', 'host', 'database', 'org', 'bucket'] as const;

async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const { layers, spec } = await serviceLayers(args, io, [...fileKeys(INFLUX_SETTINGS, MQTT_SETTINGS), ...Object.keys(IGNORED_FILE_KEYS)]);
  // The section settings come from the environment and the file only: `--url` would not say which server it means.
  const sections = { ...layers, flags: { 'status-every': args.values['status-every'] } };
  const influxFound = gather(INFLUX_SETTINGS, sections);
  const mqttFound = gather(MQTT_SETTINGS, sections);
  const count = args.values.count === undefined ? Infinity : parseNumber('--count', args.values.count, { min: 1, integer: true });
  const flushTimeout = parseNumber('--flush-timeout', args.values['flush-timeout'] ?? '10', { min: 0 }) * 1000;
  const withInflux = INFLUX_MARKERS.some((key) => influxFound[key] !== undefined);
  const withMqtt = mqttFound.url !== undefined;
  if (!withInflux && !withMqtt) {
    throw usageError('nothing to send the readings to: give an "influx" section (influx.url, influx.database, ...) and/or an "mqtt" section (mqtt.url, ...) in the config file, or INFLUX_URL / MQTT_URL');
  }
  const context = sinkContext(io);
  const sinks: Sink[] = [];
  const statusEvery: number[] = [];
  try {
    if (withInflux) {
      const file = layers.file;
      const settings = resolveInfluxSettings(influxFound, { legacy: file !== undefined && isLegacyConfig(file.values.keys()), env: io.env });
      sinks.push(await openInfluxSink(settings, flushTimeout, context));
      statusEvery.push(settings.statusEveryMs);
    }
    if (withMqtt) {
      const settings = await resolveMqttSettings(mqttFound);
      sinks.push(await openMqttSink(settings, context));
      statusEvery.push(settings.statusEveryMs);
    }
  } catch (error) {
    // A sink that opened holds resources (the spool lock): release it before saying what is wrong.
    for (const sink of sinks) await sink.close();
    throw error;
  }
  return runSinks(spec, sinks, context, io, { name: 'p1 run', count, statusEveryMs: Math.min(...statusEvery) });
}

export const RUN_COMMAND: Command = {
  summary: 'InfluxDB and MQTT together from one meter (a serial port opens only once).',
  usage: 'p1 run --config FILE [--port PATH | --emulator [PROFILE]] [options]',
  description:
    'Reads one meter and sends every reading to each service the config file (or the environment) names:\n' +
    'its "influx" section as p1 influx does (through the durable spool), its "mqtt" section as p1 mqtt does\n' +
    '(with Home Assistant discovery). The keys are those of p1 influx and p1 mqtt; "source.port" names the meter.\n' +
    'Each service logs its own status lines. Exit code 2 for a configuration error, bad MQTT credentials or TLS.',
  options: { ...SOURCE_OPTIONS, ...RUN_OPTIONS },
  positionals: false,
  examples: [
    'p1 run --config /etc/p1/p1.json',
    'P1_CONFIG=/etc/p1/p1.json p1 run --port /dev/p1',
    'INFLUX_URL=http://localhost:8086 INFLUX_DATABASE=p1 MQTT_URL=mqtt://localhost p1 run --port /dev/p1',
  ],
  run,
};
