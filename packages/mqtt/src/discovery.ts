import type { DeviceInfo } from './device-info.js';
import { QUANTITIES } from './quantities.js';
import type { SensorValue } from './reading-values.js';

/** Where a meter's topics are and how they are published: what every discovery config refers to. */
export interface TopicLayout {
  /** The discovery prefix, `homeassistant` by default. */
  prefix: string;
  /** `<base>/<meter>`: the state topics' parent. */
  meterTopic: string;
  /** `p1_<meter>`: the node id in discovery topics, the meter device's id, the start of every unique id. */
  node: string;
  qos: 0 | 1 | 2;
}

/** The availability topic of a meter: `online` while p1 reads it, `offline` otherwise (last will included). */
export const availabilityTopic = (meterTopic: string): string => `${meterTopic}/status`;

/** The retained config topic of one sensor: `<prefix>/sensor/<node>/<object id>/config`. */
export const configTopic = (layout: TopicLayout, value: Pick<SensorValue, 'objectId'>): string => `${layout.prefix}/sensor/${layout.node}/${value.objectId}/config`;

/**
 * The Home Assistant MQTT discovery config of one sensor (https://www.home-assistant.io/integrations/sensor.mqtt/,
 * https://www.home-assistant.io/integrations/mqtt/#mqtt-discovery). Keys a quantity does not have are left out:
 * an `enum` sensor must have neither a unit nor a state class. Pure.
 */
export function discoveryConfig(layout: TopicLayout, value: SensorValue, device: DeviceInfo): Record<string, unknown> {
  const quantity = QUANTITIES[value.quantity];
  const config: Record<string, unknown> = {
    name: value.name,
    unique_id: `${layout.node}_${value.objectId}`,
    state_topic: `${layout.meterTopic}/${value.topic}`,
    availability_topic: availabilityTopic(layout.meterTopic),
    payload_available: 'online',
    payload_not_available: 'offline',
    qos: layout.qos,
  };
  if (quantity.deviceClass !== null) config.device_class = quantity.deviceClass;
  if (quantity.stateClass !== null) config.state_class = quantity.stateClass;
  if (quantity.unit !== null) config.unit_of_measurement = quantity.unit;
  if (quantity.options !== undefined) config.options = [...quantity.options];
  if (quantity.precision !== undefined) config.suggested_display_precision = quantity.precision;
  if (quantity.diagnostic) config.entity_category = 'diagnostic';
  config.device = device;
  config.origin = { name: 'p1', support_url: 'https://www.npmjs.com/package/@p1/mqtt' };
  return config;
}
