// @p1/mqtt against a real Mosquitto 2.0 broker, checked by MQTT.js subscribers.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashEquipmentId, type Reading } from '@p1/core';
import { startMosquitto, useServer } from '@p1/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMqttPublisher, readingValues, type MqttPublisher, type MqttPublisherEvent, type MqttPublisherOptions } from '../src/index.js';
import { emulated } from './meter.js';
import { subscribe, type Received, type Subscriber } from './subscriber.js';
import { ENERGY_RULES } from '../src/energy-rules.test-helper.js';

const broker = useServer(() => startMosquitto());


const open: { end(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.end()));
});

// Each test publishes under topics of its own, so that what another test retained does not count.
let base = '';
let prefix = '';
beforeEach((context) => {
  const n = context.task.name.replace(/[^a-z]/gi, '').slice(0, 20);
  base = `p1-${n}`;
  prefix = `ha-${n}`;
});

function publisher(options: Partial<MqttPublisherOptions> = {}): { publisher: MqttPublisher; events: MqttPublisherEvent[] } {
  const events: MqttPublisherEvent[] = [];
  const p = createMqttPublisher({ url: broker().url, baseTopic: base, discoveryPrefix: prefix, onEvent: (e) => events.push(e), ...options });
  open.push({ end: () => p.close(1_000) });
  return { publisher: p, events };
}

async function subscriber(filters: string[], url = broker().url): Promise<Subscriber> {
  const s = await subscribe(url, filters);
  open.push(s);
  return s;
}

const configs = (messages: Received[]): Map<string, Record<string, unknown>> =>
  new Map(messages.filter((m) => m.topic.startsWith(`${prefix}/sensor/`) && m.text !== '').map((m) => [m.topic, JSON.parse(m.text) as Record<string, unknown>]));

/** The meter's topic level as p1 derives it: the equipment id, hex-decoded. */
const meterOf = (reading: Reading): string => Buffer.from(reading.equipmentId!, 'hex').toString('latin1');

describe('@p1/mqtt with a real Mosquitto', () => {
  it('announces every sensor, retained, with the keys, classes and units Home Assistant and its Energy dashboard need', async () => {
    const { telegrams, expected } = emulated(5, { mbus: ['gas', 'water', 'heat'], seed: 11 });
    const meter = meterOf(expected[0]!);
    const { publisher: p } = publisher();
    for (const t of telegrams) await p.write(t);
    await p.close();
    // A subscriber that comes later gets what is retained: every config, the last states, the availability.
    const later = await subscriber([`${prefix}/#`, `${base}/${meter}/#`]);
    await later.until((m) => m.some((x) => x.topic === `${base}/${meter}/status`) && configs(m).size >= 30, 'the retained configs');
    await later.until((m) => m.some((x) => x.topic === `${base}/${meter}/reading`), 'the retained reading');
    const found = configs(later.messages);
    expect(later.messages.filter((m) => m.topic.startsWith(`${prefix}/`)).every((m) => m.retain)).toBe(true);
    const ids = [...found.values()].map((c) => c.unique_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [topic, c] of found) {
      expect(topic).toMatch(new RegExp(`^${prefix}/sensor/p1_${meter}/[A-Za-z0-9_-]+/config$`));
      expect(c).toMatchObject({
        name: expect.any(String),
        unique_id: expect.stringMatching(new RegExp(`^p1_${meter}_`)),
        state_topic: expect.stringMatching(new RegExp(`^${base}/${meter}/`)),
        availability_topic: `${base}/${meter}/status`,
        device: { identifiers: [expect.stringMatching(new RegExp(`^p1_${meter}`))] },
      });
      const rule = ENERGY_RULES[c.device_class as string];
      if (rule !== undefined) {
        expect(c.state_class, topic).toBe(rule.stateClass);
        expect(rule.units, topic).toContain(c.unit_of_measurement);
      }
      // Nothing with a unit and no class may claim the Energy dashboard's units.
      if (c.device_class === undefined) expect(['kWh', 'm³', 'm3', 'GJ']).not.toContain(c.unit_of_measurement);
    }
    const byId = (id: string) => found.get(`${prefix}/sensor/p1_${meter}/${id}/config`);
    expect(byId('electricity_received_tariff1')).toMatchObject({ device_class: 'energy', state_class: 'total_increasing', unit_of_measurement: 'kWh' });
    expect(byId('electricity_received_power')).toMatchObject({ device_class: 'power', state_class: 'measurement', unit_of_measurement: 'kW' });
    expect(byId('gas_1')).toMatchObject({ device_class: 'gas', unit_of_measurement: 'm³', device: { name: 'Gas meter', via_device: `p1_${meter}` } });
    expect(byId('water_2')).toMatchObject({ device_class: 'water', unit_of_measurement: 'm³' });
    expect(byId('heat_3')).toMatchObject({ device_class: 'energy', unit_of_measurement: 'GJ' });
    expect(byId('electricity_tariff')).toMatchObject({ device_class: 'enum', options: ['1', '2'], entity_category: 'diagnostic' });
    expect(byId('electricity_received_tariff1')!.device).toMatchObject({ manufacturer: expect.any(String), sw_version: 'DSMR 5.0' });
    // Stopped cleanly: offline.
    expect(later.last(`${base}/${meter}/status`)).toMatchObject({ text: 'offline', retain: true });
  });

  it("publishes each reading's values and JSON as the emulator's expected readings say, in order", async () => {
    const { telegrams, expected } = emulated(8, { mbus: ['gas', 'water'], seed: 12 });
    const meter = meterOf(expected[0]!);
    const live = await subscriber([`${base}/${meter}/#`]);
    const { publisher: p } = publisher();
    for (const t of telegrams) await p.write(t);
    await live.until((m) => m.filter((x) => x.topic === `${base}/${meter}/reading`).length === 8, 'eight readings');
    expect(live.on(new RegExp(`^${base}/${meter}/reading$`)).map((m) => JSON.parse(m.text) as unknown)).toEqual(expected.map((r) => JSON.parse(JSON.stringify(r)) as unknown));
    const series = (topic: string): string[] => live.on(new RegExp(`^${base}/${meter}/${topic}$`)).map((m) => m.text);
    // Retained, so by default a value goes out when it differs from the last one sent on its topic.
    const changes = <T>(values: T[]): T[] => values.filter((v, i) => i === 0 || v !== values[i - 1]);
    expect(series('electricity/received/tariff1')).toEqual(changes(expected.map((r) => String(r.electricity.received.tariff1.reading))));
    expect(series('electricity/received/power')).toEqual(changes(expected.map((r) => String(r.electricity.received.actual.reading))));
    expect(series('electricity/received/power/L2')).toEqual(changes(expected.map((r) => String(r.electricity.instantaneous.power.positive.L2.reading))));
    expect(series('electricity/voltage/L1')).toEqual(changes(expected.map((r) => String(r.electricity.instantaneous.voltage.L1.reading))));
    expect(series('electricity/current/L3')).toEqual(changes(expected.map((r) => String(r.electricity.instantaneous.current.L3.reading))));
    expect(series('electricity/tariff')).toEqual(changes(expected.map((r) => String(r.electricity.tariffIndicator))));
    expect(series('gas/1')).toEqual(changes(expected.map((r) => String(r.mbus[0]!.reading))));
    expect(series('water/2')).toEqual(changes(expected.map((r) => String(r.mbus[1]!.reading))));
    expect(series('timestamp')).toEqual(changes(expected.map((r) => r.timestamp)));
    expect(live.last(`${base}/${meter}/status`)?.text).toBe('online');
  });

  it("announces everything again when Home Assistant's birth message arrives", async () => {
    const { telegrams, expected } = emulated(2, { seed: 13 });
    const meter = meterOf(expected[0]!);
    const { publisher: p, events } = publisher();
    for (const t of telegrams) await p.write(t);
    const ha = await subscriber([`${prefix}/sensor/p1_${meter}/+/config`]);
    const announced = readingValues(expected[1]!).values.length;
    await ha.until((m) => configs(m).size === announced, 'the retained configs');
    ha.messages.length = 0;
    await ha.client.publishAsync(`${prefix}/status`, 'online', { qos: 1 });
    await ha.until((m) => m.filter((x) => !x.retain).length >= announced, 'the configs sent again');
    expect(configs(ha.messages).size).toBe(announced);
    expect(events).toContainEqual({ type: 'discovery', configs: announced, reason: 'birth' });
  });

  it('hides the equipment ids behind the same hash as @p1/influx when asked', async () => {
    const { telegrams, expected } = emulated(1, { seed: 14 });
    const hash = hashEquipmentId(expected[0]!.equipmentId!);
    const live = await subscriber([`${base}/${hash}/reading`]);
    const { publisher: p } = publisher({ hashEquipmentId: true });
    await p.write(telegrams[0]!);
    await live.until((m) => m.length === 1, 'the reading');
    const json = JSON.parse(live.messages[0]!.text) as Reading;
    expect(json.equipmentId).toBe(hash);
    expect(json.mbus[0]!.equipmentId).toBe(hashEquipmentId(expected[0]!.mbus[0]!.equipmentId!));
    expect(live.messages[0]!.text).not.toContain(expected[0]!.equipmentId!);
    expect(p.meterTopic).toBe(`${base}/${hash}`);
  });

  it('publishes at most one message per topic per throttle window: power averaged, registers latest', async () => {
    const { telegrams, expected } = emulated(25, { seed: 15 });
    const meter = meterOf(expected[0]!);
    const live = await subscriber([`${base}/${meter}/#`]);
    const { publisher: p } = publisher({ throttle: 10, changesOnly: false });
    for (const t of telegrams) await p.write(t);
    // DSMR 5 sends every second: telegrams 0, 10 and 20 close a window.
    await live.until((m) => m.filter((x) => x.topic === `${base}/${meter}/reading`).length === 3, 'three readings');
    const mean = (from: number, to: number) => Number((expected.slice(from, to + 1).reduce((s, r) => s + r.electricity.received.actual.reading!, 0) / (to - from + 1)).toPrecision(12));
    expect(live.on(new RegExp(`^${base}/${meter}/electricity/received/power$`)).map((m) => Number(m.text))).toEqual([expected[0]!.electricity.received.actual.reading, mean(1, 10), mean(11, 20)]);
    expect(live.on(new RegExp(`^${base}/${meter}/electricity/received/tariff1$`)).map((m) => m.text)).toEqual([0, 10, 20].map((i) => String(expected[i]!.electricity.received.tariff1.reading)));
    expect(live.on(new RegExp(`^${base}/${meter}/reading$`)).map((m) => (JSON.parse(m.text) as Reading).timestamp)).toEqual([0, 10, 20].map((i) => expected[i]!.timestamp));
  });

  it('publishes a value only when it changed, by default when retained, and every value when asked or not retained', async () => {
    const { telegrams, expected } = emulated(6, { seed: 16 });
    const meter = meterOf(expected[0]!);
    const gas = expected.map((r) => String(r.mbus[0]!.reading));
    const changes = gas.filter((v, i, all) => i === 0 || v !== all[i - 1]);
    expect(changes.length).toBeLessThan(6);
    for (const [options, sent] of [
      [{}, changes],
      [{ changesOnly: true, retain: false }, changes],
      [{ changesOnly: false }, gas],
      [{ retain: false }, gas],
    ] as const) {
      const live = await subscriber([`${base}/${meter}/#`]);
      const { publisher: p } = publisher(options);
      for (const t of telegrams) await p.write(t);
      await live.until((m) => m.filter((x) => x.topic === `${base}/${meter}/reading` && !x.retain).length === 6, 'six readings');
      expect(live.on(new RegExp(`^${base}/${meter}/gas/1$`)).filter((m) => !m.retain).map((m) => m.text), JSON.stringify(options)).toEqual(sent);
      await p.close(5_000);
      await live.end();
    }
  });

  it('marks the meter offline when its readings stop, and online when they come back', async () => {
    const { telegrams, expected } = emulated(2, { seed: 17 });
    const meter = meterOf(expected[0]!);
    const live = await subscriber([`${base}/${meter}/status`]);
    const { publisher: p, events } = publisher({ meterTimeoutMs: 300 });
    await p.write(telegrams[0]!);
    await live.until((m) => m.some((x) => x.text === 'offline'), 'offline after the timeout');
    expect(events.some((e) => e.type === 'meter-offline')).toBe(true);
    await p.write(telegrams[1]!);
    await live.until((m) => m.at(-1)?.text === 'online', 'online again');
    expect(live.messages.map((m) => m.text)).toEqual(['online', 'offline', 'online']);
    expect(events.filter((e) => e.type === 'meter-online')).toHaveLength(1);
  });

  it('empties the retained configs of sensors the meter no longer sends, only with removeStale', async () => {
    const { telegrams, expected } = emulated(1, { seed: 18 });
    const meter = meterOf(expected[0]!);
    const setup = await subscriber([`${prefix}/sensor/#`]);
    const old = `${prefix}/sensor/p1_${meter}/electricity_old_register/config`;
    const otherMeter = `${prefix}/sensor/p1_someone_else/electricity_old_register/config`;
    for (const topic of [old, otherMeter]) await setup.client.publishAsync(topic, JSON.stringify({ name: 'old', state_topic: 'x' }), { qos: 1, retain: true });

    const keep = publisher();
    await keep.publisher.write(telegrams[0]!);
    await keep.publisher.close();
    const { publisher: p, events } = publisher({ removeStale: true });
    await p.write(telegrams[0]!);
    await setup.until((m) => m.some((x) => x.topic === old && x.text === ''), 'the stale config emptied');
    expect(events).toContainEqual({ type: 'stale-removed', topics: [old] });
    await p.close();
    const later = await subscriber([`${prefix}/sensor/#`]);
    await later.until((m) => m.some((x) => x.topic === otherMeter), 'the retained configs');
    expect(later.messages.some((x) => x.topic === old)).toBe(false);
    expect(configs(later.messages).has(`${prefix}/sensor/p1_${meter}/electricity_received_tariff1/config`)).toBe(true);
  });

  it('rejects what is not a reading, and bad options, with MqttErrors that say what is wrong', async () => {
    const { publisher: p } = publisher();
    await expect(p.write({ nothing: true } as never)).rejects.toMatchObject({ code: 'invalid-reading' });
    expect(() => createMqttPublisher({ url: 'http://nas' })).toThrow(/url must be mqtt:\/\//);
    expect(() => createMqttPublisher({ url: 'mqtt://user:secret@nas', baseTopic: 'p1/#' })).toThrow(/baseTopic must be a topic without \+, #/);
    expect(() => createMqttPublisher({ url: 'ftp://user:secret@nas' })).toThrow(/^(?!.*secret)/);
  });

  it("runs the README's example as it is", async () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const readme = readFileSync(join(here, '../README.md'), 'utf8');
    const code = /## Example\n[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)![1]!;
    // Inside the package, so that '@p1/mqtt' (itself, built) and '@p1/emulator' resolve as they do for a user.
    const file = join(here, 'readme-example.mjs');
    writeFileSync(file, code);
    const live = await subscriber([`p1/+/reading`]);
    try {
      const run = spawnSync(process.execPath, [file], { env: { ...process.env, MQTT_URL: broker().url, COUNT: '3' }, encoding: 'utf8', timeout: 60_000 });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/readings: 3/);
    } finally {
      rmSync(file, { force: true });
    }
    await live.until((m) => m.filter((x) => !x.retain).length === 3, 'the example\'s three readings');
  });
});
