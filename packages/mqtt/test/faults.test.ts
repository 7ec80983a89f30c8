// Faults with a real Mosquitto: a broker that is down, killed and restarted; bad credentials; TLS; SIGKILL.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMosquitto, waitFor, type MosquittoBroker } from '@p1/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { createMqttPublisher, type MqttPublisher, type MqttPublisherEvent, type MqttPublisherOptions } from '../src/index.js';
import { emulated } from './meter.js';
import { subscribe, type Subscriber } from './subscriber.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const open: { end(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.end()));
});

async function broker(options: Parameters<typeof startMosquitto>[0] = {}): Promise<MosquittoBroker> {
  const b = await startMosquitto(options);
  open.push({ end: () => b.close() });
  return b;
}

function publisher(options: MqttPublisherOptions): { publisher: MqttPublisher; events: MqttPublisherEvent[] } {
  const events: MqttPublisherEvent[] = [];
  const p = createMqttPublisher({ reconnectMinMs: 200, reconnectMaxMs: 1_000, ...options, onEvent: (e) => events.push(e) });
  open.push({ end: () => p.close(1_000) });
  return { publisher: p, events };
}

async function subscriber(url: string, filters: string[], options = {}): Promise<Subscriber> {
  const s = await subscribe(url, filters, options);
  open.push(s);
  return s;
}

describe('@p1/mqtt when things go wrong', () => {
  it('keeps trying a broker that is down at start, says so once, and sends what it queued when it comes', async () => {
    const b = await broker();
    await b.stop();
    const { telegrams, expected } = emulated(3, { seed: 21 });
    const { publisher: p, events } = publisher({ url: b.url });
    for (const t of telegrams) await p.write(t);
    await waitFor(() => events.some((e) => e.type === 'disconnected'), 'the broker reported unreachable');
    // Several attempts fail while it is down: still one event.
    await waitFor(() => p.lastError !== null && p.stats.connects === 0, 'a failed attempt');
    await b.start();
    await waitFor(() => events.some((e) => e.type === 'connected'), 'the connection', 30_000);
    const meter = p.meterTopic!;
    const later = await subscriber(b.url, [`${meter}/reading`]);
    await later.until((m) => m.length === 1, 'the retained reading');
    expect(JSON.parse(later.messages[0]!.text)).toEqual(JSON.parse(JSON.stringify(expected[2])));
    expect(events.filter((e) => e.type === 'disconnected')).toHaveLength(1);
    expect(events.find((e) => e.type === 'disconnected')).toMatchObject({ error: { code: 'unavailable', message: expect.stringContaining('ECONNREFUSED') } });
    expect(events.find((e) => e.type === 'connected')).toMatchObject({ again: false, queued: 3, dropped: 0 });
    expect(p.stats).toMatchObject({ readings: 3, queued: 0, dropped: 0 });
  });

  it('reconnects after the broker is killed and restarted, announces everything again, and drops the oldest beyond its queue', async () => {
    const b = await broker();
    const { telegrams, expected } = emulated(8, { seed: 22 });
    const { publisher: p, events } = publisher({ url: b.url, queueSize: 2 });
    await p.write(telegrams[0]!);
    await waitFor(() => events.some((e) => e.type === 'connected'), 'the first connection');
    await b.kill();
    await waitFor(() => events.some((e) => e.type === 'disconnected'), 'the loss noticed');
    for (const t of telegrams.slice(1)) await p.write(t);
    expect(p.stats).toMatchObject({ queued: 2, dropped: 5 });
    await b.start();
    await waitFor(() => events.some((e) => e.type === 'connected' && e.again), 'the reconnection', 30_000);
    // The restarted broker kept nothing (no persistence): what a subscriber finds now, p1 sent again.
    const meter = p.meterTopic!;
    const later = await subscriber(b.url, [`${meter}/#`, 'homeassistant/#']);
    await later.until((m) => m.some((x) => x.topic === `${meter}/reading` && JSON.parse(x.text).timestamp === expected[7]!.timestamp), 'the last reading');
    await later.until((m) => m.filter((x) => x.topic.endsWith('/config')).length >= 20, 'the configs sent again');
    expect(later.last(`${meter}/status`)).toMatchObject({ text: 'online', retain: true });
    expect(later.last(`${meter}/electricity/received/tariff1`)?.text).toBe(String(expected[7]!.electricity.received.tariff1.reading));
    expect(events.filter((e) => e.type === 'disconnected')).toHaveLength(1);
    expect(events.find((e) => e.type === 'connected' && e.again)).toMatchObject({ queued: 2, dropped: 5 });
  });

  it("leaves its last will, offline, when its process is killed with SIGKILL", async () => {
    const b = await broker();
    const child = spawn(process.execPath, [join(HERE, 'publisher-child.mjs'), b.url, 'p1-will'], { stdio: ['ignore', 'pipe', 'pipe'] });
    open.push({ end: async () => void child.kill('SIGKILL') });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => out.includes('connected ') || child.exitCode !== null, 'the child publishing');
    const meter = /connected (\S+)/.exec(out)?.[1];
    expect(meter, out).toBeDefined();
    const watch = await subscriber(b.url, [`${meter}/status`]);
    await watch.until((m) => m.at(-1)?.text === 'online', 'online');
    child.kill('SIGKILL');
    await watch.until((m) => m.at(-1)?.text === 'offline', 'the last will', 60_000);
    const later = await subscriber(b.url, [`${meter}/status`]);
    await later.until((m) => m.length === 1, 'the retained status');
    expect(later.messages[0]).toMatchObject({ text: 'offline', retain: true });
  });

  it('connects with the right user and password, and stops on wrong ones with an error that says what to fix', async () => {
    const b = await broker({ user: { username: 'meter', password: 'p4ss-w0rd' } });
    const { telegrams } = emulated(2, { seed: 23 });
    const good = publisher({ url: b.url, username: 'meter', password: 'p4ss-w0rd' });
    await good.publisher.write(telegrams[0]!);
    await waitFor(() => good.events.some((e) => e.type === 'connected'), 'the connection');

    for (const [protocolVersion, password] of [[4, 'wrong-secret'], [5, 'wrong-secret']] as const) {
      const bad = publisher({ url: b.url, username: 'meter', password, protocolVersion });
      await bad.publisher.write(telegrams[0]!);
      await waitFor(() => bad.events.some((e) => e.type === 'fatal'), 'the refusal');
      const fatal = bad.events.find((e) => e.type === 'fatal')!;
      expect(fatal).toMatchObject({ error: { code: 'unauthorized' } });
      expect(fatal.type === 'fatal' && fatal.error.message).toMatch(/refused the connection: .*(bad user name or password|not authorised).*MQTT_PASSWORD/);
      expect(JSON.stringify(bad.events)).not.toContain('wrong-secret');
      await expect(bad.publisher.write(telegrams[1]!)).rejects.toMatchObject({ code: 'unauthorized' });
    }
    const anonymous = publisher({ url: b.url });
    await anonymous.publisher.write(telegrams[0]!);
    await waitFor(() => anonymous.events.some((e) => e.type === 'fatal'), 'the refusal');
    expect(anonymous.events.find((e) => e.type === 'fatal')).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('speaks TLS to a broker whose CA it is given, and stops with a TLS error otherwise', async () => {
    const b = await broker({ tls: true });
    const { telegrams } = emulated(1, { seed: 24 });
    const good = publisher({ url: b.url, ca: readFileSync(b.caFile!) });
    await good.publisher.write(telegrams[0]!);
    const watch = await subscriber(b.url, [`${good.publisher.meterTopic}/reading`], { ca: readFileSync(b.caFile!) });
    await watch.until((m) => m.length === 1, 'a reading over TLS');

    for (const ca of [undefined, readFileSync(b.otherCaFile!)]) {
      const bad = publisher({ url: b.url, ...(ca && { ca }) });
      await bad.publisher.write(telegrams[0]!);
      await waitFor(() => bad.events.some((e) => e.type === 'fatal'), 'the TLS failure');
      const fatal = bad.events.find((e) => e.type === 'fatal')!;
      expect(fatal).toMatchObject({ error: { code: 'tls' } });
      expect(fatal.type === 'fatal' && fatal.error.message).toMatch(/TLS with mqtts:\/\/127\.0\.0\.1:\d+ failed .*--ca FILE/);
    }
    // mqtts:// to a plain port: Mosquitto resets the handshake, which a network fault can do too: retried, with the hint.
    const plain = await broker();
    const wrong = publisher({ url: plain.url.replace('mqtt:', 'mqtts:') });
    await wrong.publisher.write(telegrams[0]!);
    await waitFor(() => wrong.events.some((e) => e.type === 'disconnected'), 'the failure');
    expect(wrong.events.find((e) => e.type === 'disconnected')).toMatchObject({ error: { code: 'unavailable', message: expect.stringContaining('does not speak TLS, use mqtt://') } });
  });
});
