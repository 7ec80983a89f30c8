import type { CliIo, Command, ParsedArgs } from './command.js';
import { MQTT_OPTIONS, MQTT_SETTINGS, resolveMqttSettings } from './mqtt-settings.js';
import { openMqttSink } from './mqtt-sink.js';
import { parseNumber } from './parse-number.js';
import { runSinks, sinkContext } from './run-sinks.js';
import { fileKeys, serviceLayers } from './service-layers.js';
import { gather } from './setting-layers.js';
import { SOURCE_OPTIONS } from './source-settings.js';

async function mqtt(args: ParsedArgs, io: CliIo): Promise<number> {
  const { layers, spec } = await serviceLayers(args, io, fileKeys(MQTT_SETTINGS));
  const settings = await resolveMqttSettings(gather(MQTT_SETTINGS, layers));
  const count = args.values.count === undefined ? Infinity : parseNumber('--count', args.values.count, { min: 1, integer: true });
  const context = sinkContext(io);
  const sink = await openMqttSink(settings, context);
  return runSinks(spec, [sink], context, io, { name: 'p1 mqtt', count, statusEveryMs: settings.statusEveryMs });
}

export const MQTT_COMMAND: Command = {
  summary: 'The Home Assistant bridge: a meter into MQTT, every sensor discovered for the Energy dashboard.',
  usage: 'p1 mqtt (--port PATH | --port tcp://HOST:PORT | --emulator [PROFILE]) [options]',
  description:
    'Publishes every reading to an MQTT broker: the whole reading as JSON on BASE/METER/reading and one topic per\n' +
    'value (BASE/METER/electricity/received/tariff1, .../power/L1, gas/1, ...), retained, QoS 1, each sent when its\n' +
    'value changed (--every-value: with every reading). Home Assistant finds every sensor through MQTT discovery\n' +
    '(kWh, kW, V, A, m³ with the classes its Energy dashboard takes) and shows the meter offline when p1 stops, dies\n' +
    '(last will) or the meter goes quiet. While the broker is away, readings wait in memory and p1 reconnects with\n' +
    'backoff. Settings come from flags, then MQTT_* environment variables, then the "mqtt" section of a JSON config\n' +
    'file; the user name and password only from the environment or the file. Exit code 2 for a configuration error,\n' +
    'bad credentials or a TLS failure.',
  options: { ...SOURCE_OPTIONS, ...MQTT_OPTIONS },
  positionals: false,
  examples: [
    'p1 mqtt --port /dev/ttyUSB0                           # to mqtt://localhost:1883',
    'MQTT_USERNAME=p1 MQTT_PASSWORD=... p1 mqtt --port /dev/p1 --url mqtt://homeassistant.local',
    'p1 mqtt --port /dev/p1 --url mqtts://nas:8883 --ca /etc/p1/ca.crt',
    'p1 mqtt --port /dev/p1 --throttle 10                  # one message per topic per 10 s, power averaged',
    'p1 mqtt --config /etc/p1/p1.json',
    'p1 mqtt --emulator dsmr5                              # try it without a meter',
  ],
  run: mqtt,
};
