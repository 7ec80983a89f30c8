import { readFile } from 'node:fs/promises';
import type { MqttPublisherOptions } from '@p1/mqtt';
import { usageError } from './cli-error.js';
import type { OptionTable } from './command.js';
import { parseNumber } from './parse-number.js';
import type { Found, Setting } from './setting-layers.js';
import { oneOf } from './source-settings.js';

/**
 * Where each setting of `p1 mqtt` may be given: flags, `MQTT_*` variables, the config file's `mqtt` section. The
 * user name and password have no flag: a command line is visible to every user of the machine.
 */
export const MQTT_SETTINGS = {
  url: { flag: 'url', env: ['MQTT_URL'], file: ['mqtt.url'] },
  username: { env: ['MQTT_USERNAME'], file: ['mqtt.username'] },
  password: { env: ['MQTT_PASSWORD'], file: ['mqtt.password'] },
  caFile: { flag: 'ca', env: ['MQTT_CA_FILE'], file: ['mqtt.caFile'] },
  clientId: { flag: 'client-id', env: ['MQTT_CLIENT_ID'], file: ['mqtt.clientId'] },
  protocolVersion: { flag: 'mqtt-version', env: ['MQTT_VERSION'], file: ['mqtt.protocolVersion'] },
  baseTopic: { flag: 'topic', env: ['MQTT_TOPIC'], file: ['mqtt.baseTopic'] },
  discoveryPrefix: { flag: 'discovery-prefix', env: ['MQTT_DISCOVERY_PREFIX'], file: ['mqtt.discoveryPrefix'] },
  noDiscovery: { flag: 'no-discovery', file: ['mqtt.noDiscovery'] },
  noValueTopics: { flag: 'no-value-topics', file: ['mqtt.noValueTopics'] },
  noReadingTopic: { flag: 'no-reading-topic', file: ['mqtt.noReadingTopic'] },
  qos: { flag: 'qos', env: ['MQTT_QOS'], file: ['mqtt.qos'] },
  noRetain: { flag: 'no-retain', file: ['mqtt.noRetain'] },
  throttle: { flag: 'throttle', env: ['MQTT_THROTTLE'], file: ['mqtt.throttle'] },
  latest: { flag: 'latest', file: ['mqtt.latest'] },
  changesOnly: { flag: 'changes-only', file: ['mqtt.changesOnly'] },
  everyValue: { flag: 'every-value', file: ['mqtt.everyValue'] },
  hashIds: { flag: 'hash-ids', env: ['P1_HASH_IDS'], file: ['mqtt.hashEquipmentId', 'hashEquipmentId'] },
  meterId: { flag: 'meter-id', env: ['MQTT_METER_ID'], file: ['mqtt.meterId'] },
  meterTimeout: { flag: 'meter-timeout', file: ['mqtt.meterTimeout'] },
  removeStale: { flag: 'remove-stale', file: ['mqtt.removeStale'] },
  queueSize: { flag: 'queue', file: ['mqtt.queueSize'] },
  statusEvery: { flag: 'status-every', file: ['statusEvery'] },
} as const satisfies Record<string, Setting>;

export type MqttSettingKey = keyof typeof MQTT_SETTINGS;

/** The flags of `p1 mqtt` beyond the source flags. */
export const MQTT_OPTIONS: OptionTable = {
  config: { type: 'string', short: 'c', value: 'FILE', help: 'a JSON config file with an "mqtt" section (env P1_CONFIG)' },
  url: { type: 'string', value: 'URL', help: 'the broker: mqtt://HOST:1883 or mqtts://HOST:8883 (env MQTT_URL; default\nmqtt://localhost:1883). User and password only as env MQTT_USERNAME, MQTT_PASSWORD' },
  ca: { type: 'string', value: 'FILE', help: "TLS: the CA that signed the broker's certificate, PEM (env MQTT_CA_FILE)" },
  'client-id': { type: 'string', value: 'ID', help: 'the MQTT client id (env MQTT_CLIENT_ID; default p1- and random digits)' },
  'mqtt-version': { type: 'string', value: '4|5', help: 'MQTT 3.1.1 (4, default) or 5 (env MQTT_VERSION)' },
  topic: { type: 'string', value: 'BASE', help: 'the first topic level (env MQTT_TOPIC; default p1): BASE/METER/...' },
  'discovery-prefix': { type: 'string', value: 'PREFIX', help: "Home Assistant's discovery prefix (default homeassistant)" },
  'no-discovery': { type: 'boolean', help: 'no Home Assistant discovery' },
  'no-value-topics': { type: 'boolean', help: 'no topic per value, only the JSON reading' },
  'no-reading-topic': { type: 'boolean', help: 'no JSON reading, only the topics per value' },
  qos: { type: 'string', value: '0|1|2', help: 'QoS of the state messages (default 1; discovery and availability always 1)' },
  'no-retain': { type: 'boolean', help: 'do not retain the state messages (retained by default)' },
  throttle: { type: 'string', value: 'S', help: 'at most one message per topic per S seconds: power, voltage and current\naveraged over the S seconds, registers and texts the latest' },
  latest: { type: 'boolean', help: 'with --throttle: the latest power instead of the average' },
  'changes-only': { type: 'boolean', help: 'a value topic only when its value changed (the default when retained)' },
  'every-value': { type: 'boolean', help: 'every value of every reading on its topic, changed or not' },
  'hash-ids': { type: 'boolean', help: 'name the meter in topics and ids by a SHA-256 hash of its id (as p1 influx)' },
  'meter-id': { type: 'string', value: 'ID', help: "the meter's topic level instead of its equipment id" },
  'meter-timeout': { type: 'string', value: 'S', help: 'seconds without a reading before the meter is marked offline (default 60)' },
  'remove-stale': { type: 'boolean', help: "at start, remove from Home Assistant this meter's sensors it no longer sends" },
  queue: { type: 'string', value: 'N', help: 'readings kept while the broker is away; the oldest dropped beyond (default 10000)' },
  'status-every': { type: 'string', value: 'S', help: 'seconds between status lines (default 60)' },
  count: { type: 'string', short: 'n', value: 'N', help: 'stop after N readings' },
};

/** What `p1 mqtt` runs with: the publisher's options (without `onEvent`) and the status period. */
export interface MqttServiceSettings {
  publisher: Omit<MqttPublisherOptions, 'onEvent'>;
  /** The CA file named, for the banner. */
  caFile: string | null;
  statusEveryMs: number;
}

const text = (f: Found | undefined): string | undefined => (f === undefined ? undefined : String(f.value));
const yes = (f: Found | undefined): boolean => f !== undefined && !['0', 'false', 'no', 'off'].includes(String(f.value));

/** Checks the settings found; a wrong one is a usage error that names the flag, variable or key to change. */
export async function resolveMqttSettings(found: Partial<Record<MqttSettingKey, Found>>): Promise<MqttServiceSettings> {
  const url = text(found.url) ?? 'mqtt://localhost:1883';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usageError(`${found.url?.where ?? 'the broker address'} must be an mqtt:// or mqtts:// URL, got "${url}"`);
  }
  if (!['mqtt:', 'mqtts:', 'ws:', 'wss:'].includes(parsed.protocol)) throw usageError(`${found.url!.where} must be an mqtt://, mqtts://, ws:// or wss:// URL, got "${parsed.protocol}//..."`);
  if (parsed.password !== '' && found.url?.where.startsWith('--')) {
    throw usageError('--url holds a password, which every user of this machine can read on the command line: set MQTT_PASSWORD (and MQTT_USERNAME) instead');
  }
  if (found.password && !found.username) throw usageError(`${found.password.where} is set but no user name: set MQTT_USERNAME or mqtt.username`);
  const publisher: MqttServiceSettings['publisher'] = { url };
  if (found.username) publisher.username = text(found.username)!;
  if (found.password) publisher.password = text(found.password)!;
  let caFile: string | null = null;
  if (found.caFile) {
    caFile = text(found.caFile)!;
    try {
      publisher.ca = await readFile(caFile);
    } catch (error) {
      throw usageError(`${found.caFile.where}: cannot read the CA file ${caFile}: ${(error as { code?: string }).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
  }
  if (found.clientId) publisher.clientId = text(found.clientId)!;
  if (found.protocolVersion) publisher.protocolVersion = oneOf(found.protocolVersion.where, found.protocolVersion.value, [4, 5] as const);
  for (const key of ['baseTopic', 'discoveryPrefix'] as const) {
    const value = text(found[key]);
    if (value === undefined) continue;
    if (value === '' || /[+#]/.test(value) || value.startsWith('/') || value.endsWith('/')) throw usageError(`${found[key]!.where} must be a topic without +, # or a leading or trailing /, got "${value}"`);
    publisher[key] = value;
  }
  if (found.meterId) {
    const id = text(found.meterId)!;
    if (!/^[A-Za-z0-9_-]+$/.test(id)) throw usageError(`${found.meterId.where} may hold only letters, digits, _ and -, got "${id}"`);
    publisher.meterId = id;
  }
  if (found.qos) publisher.qos = oneOf(found.qos.where, found.qos.value, [0, 1, 2] as const);
  if (found.throttle) publisher.throttle = parseNumber(found.throttle.where, found.throttle.value, { min: 0 });
  if (found.meterTimeout) publisher.meterTimeoutMs = parseNumber(found.meterTimeout.where, found.meterTimeout.value, { min: 1 }) * 1000;
  if (found.queueSize) publisher.queueSize = parseNumber(found.queueSize.where, found.queueSize.value, { min: 1, integer: true });
  if (yes(found.noDiscovery)) publisher.discovery = false;
  if (yes(found.noValueTopics)) publisher.valueTopics = false;
  if (yes(found.noReadingTopic)) publisher.readingTopic = false;
  if (publisher.valueTopics === false && publisher.readingTopic === false) throw usageError(`${found.noValueTopics!.where} and ${found.noReadingTopic!.where} together leave nothing to publish`);
  if (yes(found.noRetain)) publisher.retain = false;
  if (yes(found.latest)) publisher.latest = true;
  // Retained values go out only when they change, unless asked otherwise (see @p1/mqtt's changesOnly).
  if (found.changesOnly) publisher.changesOnly = yes(found.changesOnly);
  if (yes(found.everyValue)) {
    if (publisher.changesOnly === true) throw usageError(`${found.changesOnly!.where} and ${found.everyValue!.where} contradict each other`);
    publisher.changesOnly = false;
  }
  if (yes(found.hashIds)) publisher.hashEquipmentId = true;
  if (yes(found.removeStale)) publisher.removeStale = true;
  const statusEveryMs = found.statusEvery === undefined ? 60_000 : parseNumber(found.statusEvery.where, found.statusEvery.value, { min: 1 }) * 1000;
  return { publisher, caFile, statusEveryMs };
}
