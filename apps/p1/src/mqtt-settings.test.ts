import { describe, expect, it } from 'vitest';
import { flattenConfig } from './config-file.js';
import { MQTT_SETTINGS, resolveMqttSettings } from './mqtt-settings.js';
import { gather, type Layers } from './setting-layers.js';

const resolve = (layers: Layers) => resolveMqttSettings(gather(MQTT_SETTINGS, layers));
const file = (json: unknown) => flattenConfig(json, 'p1.json');

describe('resolveMqttSettings', () => {
  it('takes each setting from the flag, else the environment, else the config file, else the default', async () => {
    expect((await resolve({})).publisher).toEqual({ url: 'mqtt://localhost:1883' });
    const layers: Layers = {
      flags: { topic: 'flag-base' },
      env: { MQTT_URL: 'mqtt://env:1883', MQTT_TOPIC: 'env-base', MQTT_USERNAME: 'env-user' },
      file: file({ mqtt: { url: 'mqtt://file:1883', baseTopic: 'file-base', username: 'file-user', password: 'file-pass', qos: 0, throttle: 10, changesOnly: true, noDiscovery: true } }),
    };
    expect((await resolve(layers)).publisher).toEqual({
      url: 'mqtt://env:1883',
      baseTopic: 'flag-base',
      username: 'env-user',
      password: 'file-pass',
      qos: 0,
      throttle: 10,
      changesOnly: true,
      discovery: false,
    });
  });

  it('shares hashEquipmentId and statusEvery with p1 influx at the top of the file', async () => {
    const settings = await resolve({ file: file({ hashEquipmentId: true, statusEvery: 5 }) });
    expect(settings.publisher.hashEquipmentId).toBe(true);
    expect(settings.statusEveryMs).toBe(5000);
    expect((await resolve({ flags: { 'meter-timeout': '90', queue: '50' } })).publisher).toMatchObject({ meterTimeoutMs: 90_000, queueSize: 50 });
  });

  it('refuses a password on the command line, and says where to put it', async () => {
    await expect(resolve({ flags: { url: 'mqtt://u:pw@nas' } })).rejects.toThrow(/--url holds a password.*MQTT_PASSWORD/);
    // From the environment or the file a URL with credentials is not visible to other users: accepted.
    expect((await resolve({ env: { MQTT_URL: 'mqtt://u:pw@nas' } })).publisher.url).toBe('mqtt://u:pw@nas');
  });

  it('names the setting that is wrong', async () => {
    await expect(resolve({ flags: { 'mqtt-version': '3' } })).rejects.toThrow(/--mqtt-version must be 4 or 5, got "3"/);
    await expect(resolve({ file: file({ mqtt: { baseTopic: '/p1' } }) })).rejects.toThrow(/p1\.json: mqtt\.baseTopic must be a topic without/);
    await expect(resolve({ flags: { 'meter-id': 'a b' } })).rejects.toThrow(/--meter-id may hold only letters/);
    await expect(resolve({ flags: { 'no-value-topics': true, 'no-reading-topic': true } })).rejects.toThrow(/leave nothing to publish/);
    await expect(resolve({ flags: { throttle: '-1' } })).rejects.toThrow(/--throttle needs a number >= 0/);
    await expect(resolve({ flags: { 'changes-only': true, 'every-value': true } })).rejects.toThrow(/--changes-only and --every-value contradict/);
  });

  it('leaves changes-only to the publisher unless told: on or off from a flag or the file', async () => {
    expect((await resolve({})).publisher.changesOnly).toBeUndefined();
    expect((await resolve({ flags: { 'every-value': true } })).publisher.changesOnly).toBe(false);
    expect((await resolve({ file: file({ mqtt: { everyValue: true } }) })).publisher.changesOnly).toBe(false);
    expect((await resolve({ flags: { 'changes-only': true, 'no-retain': true } })).publisher).toMatchObject({ changesOnly: true, retain: false });
  });
});
