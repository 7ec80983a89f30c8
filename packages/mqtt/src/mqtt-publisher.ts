import { randomBytes } from 'node:crypto';
import { hashEquipmentId, type ProfileId, type Reading, type Telegram } from '@p1/core';
import { backoffDelay } from '@p1/core/internal';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { classifyError, safeUrl } from './classify-error.js';
import { mbusDevice, meterDevice, type DeviceInfo } from './device-info.js';
import { availabilityTopic, configTopic, discoveryConfig, type TopicLayout } from './discovery.js';
import { meterId, topicWord } from './meter-id.js';
import { MqttError } from './mqtt-error.js';
import { QUANTITIES } from './quantities.js';
import { RateControl } from './rate-control.js';
import { readingValues, type SensorValue } from './reading-values.js';

/** What `write()` needs of a telegram: its reading, and its standard for the device's version. */
export type TelegramLike = Pick<Telegram, 'reading' | 'profile'>;

/** Options of `createMqttPublisher`. Only `url` is required. */
export interface MqttPublisherOptions {
  /** The broker: `mqtt://host:1883`, `mqtts://host:8883` (TLS), `ws://` or `wss://`. */
  url: string;
  username?: string;
  password?: string;
  /** PEM text of the CA(s) that signed the broker's certificate (TLS); default the system's CAs. */
  ca?: string | Buffer;
  /** Default `p1-` and 8 random hex digits. */
  clientId?: string;
  /** MQTT 3.1.1 (4, default: every broker speaks it) or 5. */
  protocolVersion?: 4 | 5;
  /** The first topic level of every state topic. Default `p1`. */
  baseTopic?: string;
  /** Home Assistant discovery: retained configs, re-sent on its birth message. Default true. */
  discovery?: boolean;
  /** Default `homeassistant`. */
  discoveryPrefix?: string;
  /** One topic per value (`<base>/<meter>/electricity/received/tariff1`). Default true. */
  valueTopics?: boolean;
  /** The whole reading as JSON on `<base>/<meter>/reading`. Default true. */
  readingTopic?: boolean;
  /** QoS of state messages (discovery and availability are always QoS 1). Default 1. */
  qos?: 0 | 1 | 2;
  /** Retain state messages, so that a subscriber gets the last value at once. Default true. */
  retain?: boolean;
  /**
   * At most one message per topic per this many seconds: rates (power, voltage, current) averaged over the window,
   * registers, counters and texts the latest. Default 0: every reading.
   */
  throttle?: number;
  /** With `throttle`: send the latest rate instead of the window's mean. Default false. */
  latest?: boolean;
  /**
   * Per-value topics only when the value changed since the last one sent on the topic. Default: true when `retain`
   * (the broker keeps the last value for whoever subscribes later, and Home Assistant records a state only when it
   * changes), false otherwise. The JSON reading goes out for every reading either way.
   */
  changesOnly?: boolean;
  /** Topics and unique ids name the meter by a SHA-256 hash of its id (`true`) or an HMAC with this key. Default false. */
  hashEquipmentId?: boolean | string;
  /** The meter's topic level, instead of its equipment id; also the fallback for meters that send none. */
  meterId?: string;
  /** The meter is `offline` after this many ms without a reading. Default 60000. */
  meterTimeoutMs?: number;
  /** On the first connection, empty the retained discovery configs of this meter's sensors it no longer sends. Default false. */
  removeStale?: boolean;
  /** Readings kept while the broker is away; the oldest are dropped (and counted) beyond it. Default 10000. */
  queueSize?: number;
  /** Messages handed to the client and not yet acknowledged before `write()` waits. Default 2000. */
  maxInflight?: number;
  /** Reconnect backoff bounds in ms. Defaults 1000 and 60000. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** Gives up a connection attempt after this many ms. Default 30000. */
  connectTimeoutMs?: number;
  /** Faults and recoveries, once per episode. */
  onEvent?: (event: MqttPublisherEvent) => void;
}

/** What the publisher reports. */
export type MqttPublisherEvent =
  | { type: 'connected'; url: string; again: boolean; queued: number; dropped: number }
  /** The broker went away, or cannot be reached at start: once per episode. */
  | { type: 'disconnected'; error: MqttError; retryInMs: number }
  /** Bad credentials, a TLS failure, a refusal: the publisher stopped; `write()` rejects from now on. */
  | { type: 'fatal'; error: MqttError }
  | { type: 'meter-offline'; silentMs: number }
  | { type: 'meter-online' }
  | { type: 'discovery'; configs: number; reason: 'new-sensors' | 'connected' | 'birth' }
  | { type: 'stale-removed'; topics: string[] }
  /** A value in a unit p1 cannot convert to the one it announces: left out, reported once per topic. */
  | { type: 'unit-refused'; topic: string; unit: string };

export interface MqttPublisherStats {
  /** Readings given to `write()`. */
  readings: number;
  /** Messages the broker acknowledged (QoS 1, 2) or that were sent (QoS 0). */
  published: number;
  /** Readings waiting for the broker. */
  queued: number;
  /** Readings dropped because the queue was full while the broker was away. */
  dropped: number;
  /** Values left out for a unit that cannot be converted. */
  refused: number;
  /** Successful connections. */
  connects: number;
}

export interface MqttPublisher {
  /** Publishes a telegram's reading (or a reading); queues it while the broker is away. Waits when too much is in flight. */
  write(input: TelegramLike | Reading): Promise<void>;
  /** Marks the meter `offline`, sends what is in flight (up to `timeoutMs`, default 5000) and disconnects. */
  close(timeoutMs?: number): Promise<MqttPublisherStats>;
  readonly stats: Readonly<MqttPublisherStats>;
  /** The last connection fault, or null. */
  readonly lastError: MqttError | null;
  /** The meter's topic (`<base>/<meter>`), once the first reading named the meter; else null. */
  readonly meterTopic: string | null;
}

const DEFAULTS = {
  protocolVersion: 4,
  baseTopic: 'p1',
  discovery: true,
  discoveryPrefix: 'homeassistant',
  valueTopics: true,
  readingTopic: true,
  qos: 1,
  retain: true,
  throttle: 0,
  latest: false,
  hashEquipmentId: false,
  meterTimeoutMs: 60_000,
  removeStale: false,
  queueSize: 10_000,
  maxInflight: 2_000,
  reconnectMinMs: 1_000,
  reconnectMaxMs: 60_000,
  connectTimeoutMs: 30_000,
} as const;

type Resolved = Required<Omit<MqttPublisherOptions, 'username' | 'password' | 'ca' | 'clientId' | 'meterId' | 'onEvent'>> &
  Pick<MqttPublisherOptions, 'username' | 'password' | 'ca' | 'clientId' | 'meterId' | 'onEvent'>;

function check(options: MqttPublisherOptions): Resolved {
  const o = { ...DEFAULTS, ...options } as Resolved;
  o.changesOnly ??= o.retain;
  const bad = (what: string): never => {
    throw new MqttError('invalid-option', what);
  };
  if (typeof o.url !== 'string' || !/^(mqtts?|wss?|tcp|ssl):\/\/[^/]/.test(o.url)) bad(`url must be mqtt://, mqtts://, ws:// or wss:// and a host, got ${JSON.stringify(safeUrl(String(o.url)))}`);
  if (o.password !== undefined && o.username === undefined) bad('a password is given without a user name');
  for (const key of ['baseTopic', 'discoveryPrefix'] as const) {
    if (typeof o[key] !== 'string' || o[key] === '' || /[+#\0]/.test(o[key]) || o[key].startsWith('/') || o[key].endsWith('/')) {
      bad(`${key} must be a topic without +, # or a leading or trailing /, got ${JSON.stringify(o[key])}`);
    }
  }
  if (o.meterId !== undefined && (o.meterId === '' || topicWord(o.meterId) !== o.meterId)) bad(`meterId may hold only letters, digits, _ and -, got ${JSON.stringify(o.meterId)}`);
  if (![0, 1, 2].includes(o.qos)) bad(`qos must be 0, 1 or 2, got ${o.qos}`);
  if (o.protocolVersion !== 4 && o.protocolVersion !== 5) bad(`protocolVersion must be 4 or 5, got ${o.protocolVersion}`);
  const positive: (keyof Resolved)[] = ['meterTimeoutMs', 'queueSize', 'maxInflight', 'reconnectMinMs', 'reconnectMaxMs', 'connectTimeoutMs'];
  for (const key of positive) if (!(typeof o[key] === 'number' && (o[key] as number) >= 1)) bad(`${key} must be a number >= 1, got ${String(o[key])}`);
  if (!(typeof o.throttle === 'number' && o.throttle >= 0)) bad(`throttle must be a number of seconds >= 0, got ${String(o.throttle)}`);
  return o;
}

/** Whether MQTT.js's own log is asked for (DEBUG=mqttjs*, as the `debug` package reads it). */
const MQTT_DEBUG = /mqttjs|\*/.test(globalThis.process?.env?.DEBUG ?? '');
const ignore = (): void => {};

/** A telegram's reading and standard, or a reading as it is; anything else is an error. */
function unwrap(input: TelegramLike | Reading): { reading: Reading; profile: ProfileId | undefined } {
  const value = input as Partial<Telegram> & Partial<Reading>;
  if (typeof value === 'object' && value !== null) {
    if (typeof value.reading === 'object' && value.reading !== null && 'electricity' in value.reading) {
      return { reading: value.reading, profile: value.profile as ProfileId | undefined };
    }
    if (typeof value.electricity === 'object' && value.electricity !== null && Array.isArray(value.mbus)) return { reading: value as Reading, profile: undefined };
  }
  throw new MqttError('invalid-reading', 'write() takes a Telegram or a Reading from @p1/core');
}

/** A reading with its equipment ids replaced by their pseudonyms, for the JSON topic when ids are hidden. */
function withHiddenIds(reading: Reading, hide: (id: string | null) => string | null): Reading {
  return {
    ...reading,
    equipmentId: hide(reading.equipmentId),
    gas: { ...reading.gas, equipmentId: hide(reading.gas.equipmentId) },
    mbus: reading.mbus.map((d) => ({ ...d, equipmentId: hide(d.equipmentId) })),
  };
}

/**
 * Publishes meter readings to an MQTT broker through MQTT.js: per-value topics, the whole reading as JSON, Home
 * Assistant discovery and availability. It connects at the first reading (the last will names the meter), keeps
 * readings in a bounded queue while the broker is away, and reconnects with backoff. Bad credentials and TLS
 * failures stop it (event `fatal`); nothing else a broker or a meter does makes it throw.
 */
export function createMqttPublisher(options: MqttPublisherOptions): MqttPublisher {
  const o = check(options);
  const where = safeUrl(o.url);
  const emit = (event: MqttPublisherEvent): void => o.onEvent?.(event);
  const stats: MqttPublisherStats = { readings: 0, published: 0, queued: 0, dropped: 0, refused: 0, connects: 0 };
  const rates = new RateControl({ windowMs: o.throttle * 1000, average: !o.latest, changesOnly: o.changesOnly });
  const readingRate = new RateControl({ windowMs: o.throttle * 1000, average: false, changesOnly: false });
  const refusedTopics = new Set<string>();
  /** Discovery configs by topic, as last published: sent again on every connection and birth message. */
  const configs = new Map<string, string>();
  /**
   * Full state topics by value topic (`p1/<meter>/electricity/received/tariff1` by `electricity/received/tariff1`),
   * made when a value first appears, and announced then: a reading carries ~30 values, all seen before.
   */
  const stateTopics = new Map<string, string>();
  // One options object per kind of message, not one per message: MQTT.js copies it anyway.
  const stateOptions = { qos: o.qos, retain: o.retain } as const;
  const controlOptions = { qos: 1, retain: true } as const;
  const queue: Reading[] = [];

  let client: MqttClient | null = null;
  let layout: TopicLayout | null = null;
  let readingTopic = '';
  let profile: ProfileId | undefined;
  let connected = false;
  let everConnected = false;
  let episodeOpen = false;
  let lastError: MqttError | null = null;
  let fatal: MqttError | null = null;
  let closed = false;
  // Reconnects in a row that failed, and how their delay grows (doubling; MQTT.js has no jitter of its own to add to).
  let failures = 0;
  const reconnect = { initialDelay: o.reconnectMinMs, maxDelay: o.reconnectMaxMs, factor: 2, jitter: 0 };
  let staleChecked = !o.removeStale;
  let meterOnline = true;
  let lastReadingAt = Date.now();
  let inflight = 0;
  let roomWaiters: (() => void)[] = [];
  let pumping: Promise<void> | null = null;
  let meterDeviceInfo: DeviceInfo | null = null;

  const wakeWriters = (): void => {
    const waiters = roomWaiters;
    roomWaiters = [];
    for (const wake of waiters) wake();
  };

  /** MQTT.js calls it when the broker acknowledged a message (QoS 1, 2) or it was written (QoS 0). One for all. */
  const onSent = (error?: Error | null): void => {
    inflight--;
    if (error === undefined || error === null) stats.published++;
    if (inflight <= o.maxInflight / 2 && roomWaiters.length > 0) wakeWriters();
  };

  /** Hands one message to MQTT.js, counting it until the broker acknowledges it. */
  const send = (topic: string, payload: string, options: { qos: 0 | 1 | 2; retain: boolean }): void => {
    if (client === null) return;
    inflight++;
    client.publish(topic, payload, options, onSent);
  };

  const setAvailability = (state: 'online' | 'offline'): void => {
    if (layout !== null && connected) send(availabilityTopic(layout.meterTopic), state, controlOptions);
  };

  const publishConfigs = (reason: 'connected' | 'birth'): void => {
    if (!connected || configs.size === 0) return;
    for (const [topic, payload] of configs) send(topic, payload, controlOptions);
    emit({ type: 'discovery', configs: configs.size, reason });
  };

  /**
   * The state topic of each value, in order; values not seen before (a new meter, a new M-Bus device, a value that
   * appeared) get theirs made and their discovery config announced.
   */
  const topicsOf = (reading: Reading, values: SensorValue[]): string[] => {
    const l = layout!;
    const topics: string[] = [];
    let added = 0;
    for (const value of values) {
      let topic = stateTopics.get(value.topic);
      if (topic === undefined) {
        stateTopics.set(value.topic, (topic = `${l.meterTopic}/${value.topic}`));
        if (o.discovery) {
          const device =
            value.channel === null
              ? (meterDeviceInfo ??= meterDevice(reading, l.node, profile, o.hashEquipmentId === false))
              : mbusDevice(reading.mbus.find((d) => d.channel === value.channel)!, l.node, o.hashEquipmentId === false);
          const config = configTopic(l, value);
          const payload = JSON.stringify(discoveryConfig(l, value, device));
          configs.set(config, payload);
          if (connected) send(config, payload, controlOptions);
          added++;
        }
      }
      topics.push(topic);
    }
    if (added > 0 && connected) emit({ type: 'discovery', configs: added, reason: 'new-sensors' });
    return topics;
  };

  const hideId = (id: string | null): string | null => (id === null || id === '' || o.hashEquipmentId === false ? id : hashEquipmentId(id, o.hashEquipmentId));

  /** Every message of one reading, through rate control. */
  const publishReading = (reading: Reading): void => {
    const l = layout!;
    const now = reading.timestamp === null ? Date.now() : Date.parse(reading.timestamp);
    const { values, refused } = readingValues(reading);
    for (const r of refused) {
      stats.refused++;
      if (!refusedTopics.has(r.topic)) {
        refusedTopics.add(r.topic);
        emit({ type: 'unit-refused', topic: `${l.meterTopic}/${r.topic}`, unit: r.unit });
      }
    }
    const topics = topicsOf(reading, values);
    if (o.valueTopics) {
      for (let i = 0; i < values.length; i++) {
        const value = values[i]!;
        const payload = rates.offer(value.topic, value.payload, QUANTITIES[value.quantity].averaged, now);
        if (payload !== undefined) send(topics[i]!, payload, stateOptions);
      }
    }
    if (o.readingTopic && readingRate.offer('reading', 0, false, now) !== undefined) {
      const json = JSON.stringify(o.hashEquipmentId === false ? reading : withHiddenIds(reading, hideId));
      send(readingTopic, json, stateOptions);
    }
    if (!staleChecked) {
      staleChecked = true;
      removeStale();
    }
  };

  /** Publishes queued readings in order while connected, waiting for room when too much is in flight. */
  const pump = (): Promise<void> => {
    pumping ??= (async () => {
      while (connected && queue.length > 0) {
        publishReading(queue.shift()!);
        stats.queued = queue.length;
        if (inflight >= o.maxInflight) await new Promise<void>((resolve) => roomWaiters.push(resolve));
      }
    })().finally(() => {
      pumping = null;
    });
    return pumping;
  };

  /** Empties retained configs under this meter's node that the meter's current sensors do not have. */
  const removeStale = (): void => {
    if (client === null || layout === null) return;
    const c = client;
    const l = layout;
    const filter = `${l.prefix}/+/${l.node}/+/config`;
    const sync = `${l.meterTopic}/sync/${randomBytes(4).toString('hex')}`;
    const seen = new Set<string>();
    const onMessage = (topic: string, payload: Buffer): void => {
      if (topic === sync) {
        c.removeListener('message', onMessage);
        c.unsubscribe([filter, sync]);
        const stale = [...seen].filter((t) => !configs.has(t));
        for (const t of stale) send(t, '', controlOptions);
        if (stale.length > 0) emit({ type: 'stale-removed', topics: stale });
      } else if (payload.length > 0 && topic.startsWith(`${l.prefix}/`) && topic.endsWith('/config')) {
        seen.add(topic);
      }
    };
    c.on('message', onMessage);
    // The broker sends a subscription's retained messages before anything published after it: the sync message
    // comes back once every retained config has arrived.
    c.subscribe([filter, sync], { qos: 1 }, (error) => {
      if (!error) c.publish(sync, '', { qos: 1, retain: false });
    });
  };

  const onConnect = (): void => {
    connected = true;
    stats.connects++;
    failures = 0;
    client!.options.reconnectPeriod = o.reconnectMinMs;
    const again = everConnected;
    everConnected = true;
    if (episodeOpen || !again) emit({ type: 'connected', url: where, again, queued: queue.length, dropped: stats.dropped });
    episodeOpen = false;
    if (o.discovery) client!.subscribe(`${o.discoveryPrefix}/status`, { qos: 1 });
    setAvailability(meterOnline ? 'online' : 'offline');
    publishConfigs('connected');
    // A broker that restarted without persistence lost the retained states: send the last ones again.
    if (again && o.valueTopics && o.retain && layout !== null) for (const [topic, payload] of rates.published()) send(`${layout.meterTopic}/${topic}`, payload, stateOptions);
    void pump();
  };

  const onError = (error: unknown): void => {
    const classified = classifyError(error, where);
    lastError = classified;
    if (classified.code !== 'unavailable' && fatal === null) {
      fatal = classified;
      connected = false;
      client?.end(true);
      wakeWriters();
      emit({ type: 'fatal', error: classified });
    }
  };

  const onClose = (): void => {
    const wasConnected = connected;
    connected = false;
    wakeWriters();
    if (closed || fatal !== null) return;
    const delay = backoffDelay(++failures, reconnect);
    if (!episodeOpen && (wasConnected || !everConnected)) {
      episodeOpen = true;
      lastError ??= new MqttError('unavailable', `${where} closed the connection`);
      emit({ type: 'disconnected', error: lastError, retryInMs: delay });
    }
    // MQTT.js reads reconnectPeriod when it schedules the next attempt, right after 'close'.
    client!.options.reconnectPeriod = delay;
  };

  const start = (meter: string): void => {
    const meterTopic = `${o.baseTopic}/${meter}`;
    layout = { prefix: o.discoveryPrefix, meterTopic, node: `p1_${meter}`, qos: o.qos };
    readingTopic = `${meterTopic}/reading`;
    const clientOptions: IClientOptions = {
      clientId: o.clientId ?? `p1-${randomBytes(4).toString('hex')}`,
      protocolVersion: o.protocolVersion,
      clean: true,
      reconnectPeriod: o.reconnectMinMs,
      connectTimeout: o.connectTimeoutMs,
      queueQoSZero: false,
      // The keepalive timer is re-armed on every packet sent unless told not to: ~30 timer moves per reading. Left
      // alone, a PINGREQ goes every keepalive period whatever else is sent, which costs the broker nothing.
      reschedulePings: false,
      // MQTT.js logs each publish a dozen times through `debug`, each call a check that the log is off: ~7 % of
      // p1's CPU with a topic per value. Its log stays available with DEBUG=mqttjs*.
      ...(!MQTT_DEBUG && { log: ignore }),
      will: { topic: availabilityTopic(meterTopic), payload: Buffer.from('offline'), qos: 1, retain: true },
    };
    if (o.username !== undefined) clientOptions.username = o.username;
    if (o.password !== undefined) clientOptions.password = o.password;
    if (o.ca !== undefined) clientOptions.ca = o.ca;
    client = mqtt.connect(o.url, clientOptions);
    client.on('connect', onConnect);
    client.on('error', onError);
    client.on('close', onClose);
    client.on('message', (topic, payload, packet) => {
      // Home Assistant's birth message (re)starts its MQTT integration: announce everything again. A retained one
      // is an old birth, not a restart.
      if (topic === `${o.discoveryPrefix}/status` && payload.toString() === 'online' && !packet.retain) {
        setAvailability(meterOnline ? 'online' : 'offline');
        publishConfigs('birth');
      }
    });
  };

  const watchdog = setInterval(() => {
    const silent = Date.now() - lastReadingAt;
    if (meterOnline && layout !== null && silent >= o.meterTimeoutMs) {
      meterOnline = false;
      setAvailability('offline');
      emit({ type: 'meter-offline', silentMs: silent });
    }
  }, Math.max(50, Math.min(1_000, o.meterTimeoutMs / 4)));
  watchdog.unref();

  return {
    async write(input) {
      if (fatal !== null) throw fatal;
      if (closed) throw new MqttError('closed', 'the MQTT publisher is closed');
      const { reading, profile: p } = unwrap(input);
      stats.readings++;
      lastReadingAt = Date.now();
      profile ??= p;
      if (client === null) start(o.meterId ?? meterId(reading, o.hashEquipmentId, 'meter'));
      if (!meterOnline) {
        meterOnline = true;
        setAvailability('online');
        emit({ type: 'meter-online' });
      }
      queue.push(reading);
      if (queue.length > o.queueSize) {
        queue.shift();
        stats.dropped++;
      }
      stats.queued = queue.length;
      if (connected) await pump();
      // Without a connection nothing here waits for I/O: a source that is flat out (a replay, the emulator at speed 0)
      // would keep the event loop from ever connecting, or from taking a signal. One turn of it per reading.
      else await new Promise((resolve) => setImmediate(resolve));
      if (fatal !== null) throw fatal;
    },

    async close(timeoutMs = 5_000) {
      if (closed) return { ...stats };
      closed = true;
      clearInterval(watchdog);
      const c = client;
      if (c !== null) {
        // Whatever is queued or in flight gets `timeoutMs` to reach the broker, which may still be connecting.
        const deadline = Date.now() + timeoutMs;
        const sleep = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));
        while (fatal === null && !(connected && queue.length === 0 && inflight === 0) && Date.now() < deadline) {
          if (connected && queue.length > 0) void pump();
          await sleep();
        }
        if (connected) {
          setAvailability('offline');
          while (connected && inflight > 0 && Date.now() < deadline + 1_000) await sleep();
        }
        await new Promise<void>((resolve) => c.end(!connected, {}, () => resolve()));
      }
      connected = false;
      stats.queued = queue.length;
      return { ...stats };
    },

    get stats() {
      return stats;
    },
    get lastError() {
      return lastError;
    },
    get meterTopic() {
      return layout?.meterTopic ?? null;
    },
  };
}
