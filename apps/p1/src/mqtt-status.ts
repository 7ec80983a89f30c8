import type { MqttError, MqttPublisherEvent, MqttPublisherStats } from '@p1/mqtt';

/** One log line for a publisher event, or null for those not worth a line. Pure. */
export function formatMqttEvent(event: MqttPublisherEvent, meterTopic: string | null): string | null {
  switch (event.type) {
    case 'connected':
      return event.again
        ? `p1 mqtt: connected to ${event.url} again; sending ${event.queued} queued readings${event.dropped > 0 ? ` (${event.dropped} dropped so far: the queue was full)` : ''}`
        : `p1 mqtt: connected to ${event.url}${meterTopic === null ? '' : `; the meter is ${meterTopic}`}`;
    case 'disconnected':
      return `p1 mqtt: ${event.error.message}; readings wait in memory and p1 keeps trying (every ${Math.ceil(event.retryInMs / 1000)} s, then less often)`;
    case 'fatal':
      return null;
    case 'meter-offline':
      return `p1 mqtt: no reading for ${Math.round(event.silentMs / 1000)} s: the meter is marked offline`;
    case 'meter-online':
      return 'p1 mqtt: readings again: the meter is online';
    case 'discovery':
      if (event.reason === 'birth') return `p1 mqtt: Home Assistant (re)started: ${event.configs} sensors announced again`;
      return event.reason === 'new-sensors' ? `p1 mqtt: ${event.configs} sensors announced to Home Assistant` : null;
    case 'stale-removed':
      return `p1 mqtt: removed ${event.topics.length} sensors the meter no longer sends from Home Assistant`;
    case 'unit-refused':
      return `p1 mqtt: ${event.topic}: the meter sends ${event.unit}, which p1 cannot convert to the unit it announced; not published`;
  }
}

/** The status line logged every minute and at the end. Pure. */
export function formatMqttStatus(stats: MqttPublisherStats, lastError: MqttError | null, badTelegrams: number, prefix = 'status'): string {
  const parts = [
    `${stats.readings} readings`,
    `${stats.published} messages published`,
    `${stats.queued} queued`,
    ...(stats.dropped > 0 ? [`${stats.dropped} dropped`] : []),
    ...(stats.refused > 0 ? [`${stats.refused} values refused`] : []),
    ...(badTelegrams > 0 ? [`${badTelegrams} bad telegrams`] : []),
    `last error: ${lastError === null ? 'none' : lastError.message}`,
  ];
  return `p1 mqtt: ${prefix}: ${parts.join(', ')}`;
}
