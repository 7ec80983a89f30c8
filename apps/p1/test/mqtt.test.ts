// p1 mqtt and p1 run as processes, with a real Mosquitto (and a real InfluxDB for p1 run), checked by MQTT.js.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reading } from '@p1/core';
import { MeterEmulator } from '@p1/emulator';
import { expectedReading } from '@p1/emulator/testing';
import { startInfluxDB, startMosquitto, tempDir, useServer, waitFor } from '@p1/test-kit';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { runP1, startP1 } from './run-p1.js';

const dir = tempDir('mqtt');
const START = '2025-01-15T06:00:00Z';
const broker = useServer(() => startMosquitto());
const secured = useServer(() => startMosquitto({ user: { username: 'p1', password: 'top-secret-1' } }));
const tls = useServer(() => startMosquitto({ tls: true }));
const influx = useServer(startInfluxDB);

interface Message {
  topic: string;
  text: string;
  retain: boolean;
}

const clients: MqttClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
});

/** An MQTT.js subscriber on `filters`; resolves once subscribed, with the messages as they arrive. */
async function subscribe(url: string, filters: string[], options: mqtt.IClientOptions = {}): Promise<Message[]> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 200, ...options });
  clients.push(client);
  const messages: Message[] = [];
  client.on('message', (topic, payload, packet) => messages.push({ topic, text: payload.toString(), retain: packet.retain }));
  await client.subscribeAsync(filters, { qos: 1 });
  return messages;
}

function emulated(count: number, seed: number): Reading[] {
  const meter = new MeterEmulator({ profile: 'dsmr5', seed, start: START, realistic: true });
  return Array.from({ length: count }, () => JSON.parse(JSON.stringify(expectedReading(meter.next().state))) as Reading);
}

const meterOf = (r: Reading): string => Buffer.from(r.equipmentId!, 'hex').toString('latin1');
const emulator = (seed: number, count: number): string[] => ['--emulator', 'dsmr5', '--speed', '0', '--seed', String(seed), '--start', START, '--count', String(count)];

describe('p1 mqtt with a real Mosquitto', () => {
  it('publishes every reading of the emulator, its values and Home Assistant discovery, configured by environment', async () => {
    const expected = emulated(20, 31);
    const meter = meterOf(expected[0]!);
    const messages = await subscribe(broker().url, ['t31/#', 'ha31/#']);
    const run = await runP1(['mqtt', ...emulator(31, 20), '--discovery-prefix', 'ha31'], { env: { MQTT_URL: broker().url, MQTT_TOPIC: 't31' } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`p1 mqtt: emulator, DSMR 5.x household, flat out -> ${broker().url} (topics t31/METER/..., discovery ha31/..., qos 1)`);
    expect(run.stderr).toContain(`p1 mqtt: connected to ${broker().url}; the meter is t31/${meter}`);
    expect(run.stderr).toMatch(/p1 mqtt: stopped: 20 readings, \d+ messages published, 0 queued, last error: none/);
    await waitFor(() => messages.filter((m) => m.topic === `t31/${meter}/reading`).length === 20, 'twenty readings');
    expect(messages.filter((m) => m.topic === `t31/${meter}/reading`).map((m) => JSON.parse(m.text) as unknown)).toEqual(expected);
    // Each value when it changed (retained states), every value of every reading with --every-value.
    const power = expected.map((r) => String(r.electricity.received.actual.reading));
    const tariff = expected.map((r) => String(r.electricity.tariffIndicator));
    const changes = (values: string[]) => values.filter((v, i) => i === 0 || v !== values[i - 1]);
    const series = (base: string, value: string, from = messages) => from.filter((m) => m.topic === `${base}/${meter}/electricity/${value}`).map((m) => m.text);
    expect(series('t31', 'received/power')).toEqual(changes(power));
    expect(series('t31', 'tariff')).toEqual(changes(tariff));
    expect(changes(tariff).length).toBeLessThan(20);
    const config = messages.find((m) => m.topic === `ha31/sensor/p1_${meter}/electricity_received_tariff1/config`);
    expect(JSON.parse(config!.text)).toMatchObject({ device_class: 'energy', state_class: 'total_increasing', unit_of_measurement: 'kWh', state_topic: `t31/${meter}/electricity/received/tariff1` });
    await waitFor(() => messages.at(-1)?.topic === `t31/${meter}/status`, 'the last status');
    expect(messages.filter((m) => m.topic === `t31/${meter}/status`).map((m) => m.text)).toEqual(['online', 'offline']);

    const everyMessages = await subscribe(broker().url, ['t31e/#']);
    const every = await runP1(['mqtt', ...emulator(31, 20), '--no-discovery', '--topic', 't31e', '--every-value'], { env: { MQTT_URL: broker().url } });
    expect(every.code, every.stderr).toBe(0);
    await waitFor(() => everyMessages.filter((m) => m.topic === `t31e/${meter}/reading`).length === 20, 'twenty readings, every value');
    expect(series('t31e', 'received/power', everyMessages)).toEqual(power);
    expect(series('t31e', 'tariff', everyMessages)).toEqual(tariff);
  });

  it('reads the user and password from the config file or the environment, and exits 2 on wrong ones without showing them', async () => {
    const config = join(dir, 'p1.json');
    writeFileSync(config, JSON.stringify({ mqtt: { url: secured().url, username: 'p1', password: 'top-secret-1', baseTopic: 't32' } }));
    const ok = await runP1(['mqtt', '--config', config, ...emulator(32, 3)]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/stopped: 3 readings/);

    const wrong = await runP1(['mqtt', ...emulator(32, 3)], { env: { MQTT_URL: secured().url, MQTT_USERNAME: 'p1', MQTT_PASSWORD: 'wrong-secret-2' } });
    expect(wrong.code, wrong.stderr).toBe(2);
    expect(wrong.stderr).toMatch(/p1 mqtt: mqtt:\/\/127\.0\.0\.1:\d+ refused the connection: (bad user name or password|not authorised).*check the MQTT user name and password/);
    expect(wrong.stderr).not.toContain('wrong-secret-2');
    expect(wrong.stderr).not.toContain('top-secret-1');
  });

  it('speaks TLS with --ca, and exits 2 with what to fix without it', async () => {
    const messages = await subscribe(tls().url, ['t33/+/reading'], { ca: readFileSync(tls().caFile!) });
    const ok = await runP1(['mqtt', ...emulator(33, 2), '--url', tls().url, '--ca', tls().caFile!, '--topic', 't33']);
    expect(ok.code, ok.stderr).toBe(0);
    await waitFor(() => messages.length === 2, 'two readings over TLS');
    const bad = await runP1(['mqtt', ...emulator(33, 2), '--url', tls().url, '--topic', 't33']);
    expect(bad.code, bad.stderr).toBe(2);
    expect(bad.stderr).toMatch(/p1 mqtt: TLS with mqtts:\/\/127\.0\.0\.1:\d+ failed .*--ca FILE, MQTT_CA_FILE or mqtt\.caFile/);
  });

  it('leaves its last will, offline, when killed with SIGKILL, and says offline itself on SIGTERM', async () => {
    for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
      const topic = `t34${signal}`;
      const messages = await subscribe(broker().url, [`${topic}/+/status`]);
      const service = startP1(['mqtt', '--emulator', 'dsmr5', '--speed', '1', '--seed', '34', '--start', START, '--url', broker().url, '--topic', topic, '--status-every', '1']);
      await service.waitFor(({ stderr }) => /status: [1-9]\d* readings/.test(stderr), 'a reading');
      await waitFor(() => messages.at(-1)?.text === 'online', 'online');
      service.child.kill(signal);
      const run = await service.finished();
      if (signal === 'SIGTERM') expect(run.code, run.stderr).toBe(0);
      await waitFor(() => messages.at(-1)?.text === 'offline', `offline after ${signal}`, 60_000);
    }
  });

  it('waits for a broker that is down at start, says so once, and publishes when it comes', async () => {
    const late = await startMosquitto();
    await late.stop();
    const expected = emulated(5, 35);
    const meter = meterOf(expected[0]!);
    const service = startP1(['mqtt', '--emulator', 'dsmr5', '--speed', '5', '--seed', '35', '--start', START, '--count', '5', '--url', late.url, '--topic', 't35']);
    try {
      await service.waitFor(({ stderr }) => stderr.includes('is not reachable (ECONNREFUSED)'), 'the broker reported down');
      await late.start();
      const run = await service.finished();
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr.match(/is not reachable \(ECONNREFUSED\); readings wait/g), run.stderr).toHaveLength(1);
      expect(run.stderr).toContain(`connected to ${late.url}`);
      const messages = await subscribe(late.url, [`t35/${meter}/reading`]);
      await waitFor(() => messages.length === 1, 'the retained reading');
      expect(JSON.parse(messages[0]!.text)).toEqual(expected[4]);
    } finally {
      await late.close();
    }
  });

  it('exits 2 on configuration errors with a message that says what to fix', async () => {
    const bad = join(dir, 'bad-mqtt.json');
    writeFileSync(bad, JSON.stringify({ mqtt: { ulr: 'mqtt://nas' } }));
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['mqtt', '--url', 'mqtt://nas'], {}, /no meter to read: give --port PATH/],
      [['mqtt', '--emulator', '--url', 'mqtt://p1:secret-3@nas'], {}, /--url holds a password.*set MQTT_PASSWORD/],
      [['mqtt', '--emulator', '--url', 'http://nas'], {}, /--url must be an mqtt:\/\/, mqtts:\/\/, ws:\/\/ or wss:\/\/ URL/],
      [['mqtt', '--emulator', '--qos', '3'], {}, /--qos must be 0 or 1 or 2, got "3"/],
      [['mqtt', '--emulator', '--topic', 'p1/#'], {}, /--topic must be a topic without \+, #/],
      [['mqtt', '--emulator'], { MQTT_PASSWORD: 'secret-3' }, /MQTT_PASSWORD is set but no user name/],
      [['mqtt', '--emulator', '--ca', join(dir, 'none.pem')], {}, /--ca: cannot read the CA file .*none\.pem: no such file/],
      [['mqtt', '--emulator', '--config', bad], {}, /bad-mqtt\.json: unknown key "mqtt\.ulr": did you mean "mqtt\.url"\?/],
      [['run', '--emulator'], {}, /nothing to send the readings to/],
    ];
    for (const [args, env, message] of cases) {
      const run = await runP1(args, { env });
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toContain('secret-3');
    }
  });
});

describe('p1 run', () => {
  it('reads one meter into InfluxDB and MQTT together, from one config file', async () => {
    await influx().query('CREATE DATABASE "both"');
    const expected = emulated(15, 36);
    const meter = meterOf(expected[0]!);
    const messages = await subscribe(broker().url, [`t36/${meter}/reading`]);
    const config = join(dir, 'both.json');
    writeFileSync(
      config,
      JSON.stringify({
        source: { emulator: 'dsmr5', speed: 0, seed: 36, start: START },
        influx: { url: influx().url, database: 'both' },
        spoolDir: join(dir, 'spool-both'),
        mqtt: { url: broker().url, baseTopic: 't36' },
      }),
    );
    const run = await runP1(['run', '--config', config, '--count', '15']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/p1 influx: stopped: 15 readings, \d+ points written, 0 spooled/);
    expect(run.stderr).toMatch(/p1 mqtt: stopped: 15 readings/);
    await waitFor(() => messages.length === 15, 'fifteen readings over MQTT');
    expect(messages.map((m) => JSON.parse(m.text) as unknown)).toEqual(expected);
    const rows = (await influx().query('SELECT power_import FROM electricity', 'both')).results[0]?.series?.[0]?.values ?? [];
    expect(rows.map((r) => r[1])).toEqual(expected.map((r) => r.electricity.received.actual.reading));
  });
});
