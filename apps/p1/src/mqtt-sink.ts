import { CliError, EXIT } from './cli-error.js';
import { loadPackage } from './load-package.js';
import { formatMqttEvent, formatMqttStatus } from './mqtt-status.js';
import type { MqttServiceSettings } from './mqtt-settings.js';
import type { Sink, SinkContext } from './sink.js';

type Mqtt = typeof import('@p1/mqtt');

/** How long a stop may take to send what is queued or in flight. */
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * An MQTT broker through @p1/mqtt, as a sink of `p1 mqtt` and `p1 run`. Bad credentials and TLS failures stop the
 * run with exit code 2 (a restart will not fix them); a broker that is away is waited for.
 */
export async function openMqttSink(settings: MqttServiceSettings, context: SinkContext): Promise<Sink> {
  const pkg = await loadPackage<Mqtt>('@p1/mqtt', 'p1 mqtt');
  let publisher: ReturnType<Mqtt['createMqttPublisher']>;
  try {
    publisher = pkg.createMqttPublisher({
      ...settings.publisher,
      onEvent: (event) => {
        if (event.type === 'fatal') context.stop(new CliError(`p1 mqtt: ${event.error.message}`, EXIT.usage));
        const line = formatMqttEvent(event, publisher.meterTopic);
        if (line !== null) context.log(line);
      },
    });
  } catch (error) {
    if (pkg.isMqttError(error)) throw new CliError(`p1 mqtt: ${error.message}`, EXIT.usage);
    throw error;
  }
  const { publisher: o } = settings;
  return {
    banner: (source) =>
      `p1 mqtt: ${source} -> ${o.url.replace(/\/\/[^@/]*@/, '//')} (topics ${o.baseTopic ?? 'p1'}/METER/..., ` +
      `${o.discovery === false ? 'no discovery' : `discovery ${o.discoveryPrefix ?? 'homeassistant'}/...`}, qos ${o.qos ?? 1}${o.throttle ? `, throttle ${o.throttle} s` : ''})`,
    async write(telegram) {
      try {
        await publisher.write(telegram);
      } catch (error) {
        // A fatal fault: context.stop() has the message for the user.
        if (!pkg.isMqttError(error)) throw error;
      }
    },
    status: (bad, prefix) => formatMqttStatus(publisher.stats, publisher.lastError, bad, prefix),
    async close() {
      const stats = await publisher.close(CLOSE_TIMEOUT_MS);
      return stats.queued > 0 ? [`p1 mqtt: ${stats.queued} readings could not be sent before the stop`] : [];
    },
  };
}
