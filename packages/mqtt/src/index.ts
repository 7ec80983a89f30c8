export {
  createMqttPublisher,
  type MqttPublisher,
  type MqttPublisherEvent,
  type MqttPublisherOptions,
  type MqttPublisherStats,
  type TelegramLike,
} from './mqtt-publisher.js';
export { MqttError, isMqttError, type MqttErrorCode, type MqttErrorDetails } from './mqtt-error.js';
export { readingValues, type RefusedValue, type SensorValue } from './reading-values.js';
export { availabilityTopic, configTopic, discoveryConfig, type TopicLayout } from './discovery.js';
export { meterDevice, mbusDevice, type DeviceInfo } from './device-info.js';
export { meterId } from './meter-id.js';
export { QUANTITIES, normalize, type Quantity, type QuantityName } from './quantities.js';
export { METER_SENSORS, MEDIUM_QUANTITIES, type SensorSpec } from './sensors.js';
export { RateControl, type RateOptions } from './rate-control.js';
