import { describe, expect, it } from 'vitest';
import { flattenConfig } from './config-file.js';
import { defaultSpoolDir, INFLUX_SETTINGS, isLegacyConfig, resolveInfluxSettings } from './influx-settings.js';
import { gather, type Layers } from './setting-layers.js';

const resolve = (layers: Layers, legacy = false) =>
  resolveInfluxSettings(gather(INFLUX_SETTINGS, layers), { legacy, env: { HOME: '/home/pi', ...layers.env } });

describe('p1 influx settings', () => {
  it('takes a flag over a variable over the config file', () => {
    const file = flattenConfig({ influx: { url: 'http://file:8086', database: 'file' }, schema: 'p1-to-influxdb' }, 'p1.json');
    const settings = resolve({ flags: { database: 'flag' }, env: { INFLUX_URL: 'http://env:8086', INFLUX_DATABASE: 'env' }, file });
    expect(settings.target).toEqual({ version: 1, url: 'http://env:8086', database: 'flag' });
    expect(settings.schema).toBe('p1-to-influxdb');
  });

  it("reads p1-to-influxdb's config.json: host, protocol and port make the URL, its schema is the default", () => {
    const file = flattenConfig(
      {
        influxDb: { database: 'energy', host: 'nas', protocol: 'https', port: 8087, username: 'pi', password: 'secret', measurementName: 'meter' },
        p1Reader: { port: '/dev/ttyUSB0', baudRate: 115200, parity: 'none', dataBits: 8, stopBits: 1, debug: false },
      },
      'config.json',
    );
    expect(isLegacyConfig(file.values.keys())).toBe(true);
    const settings = resolve({ file }, true);
    expect(settings.target).toEqual({ version: 1, url: 'https://nas:8087', database: 'energy', username: 'pi', password: 'secret' });
    expect(settings.schema).toBe('p1-to-influxdb');
    expect(settings.measurement).toBe('meter');
  });

  it('treats the empty strings of a config template as not set', () => {
    const file = flattenConfig({ influxdb: { database: 'p1', host: '', username: '', password: '' } }, 'config.json');
    expect(resolve({ file }, true).target).toEqual({ version: 1, url: 'http://localhost:8086', database: 'p1' });
  });

  it('picks InfluxDB 2 when an org, bucket or token is given, and never takes secrets from flags', () => {
    const settings = resolve({ flags: { org: 'home', bucket: 'p1', token: 'ignored' }, env: { INFLUX_TOKEN: 't0ken' } });
    expect(settings.target).toEqual({ version: 2, url: 'http://localhost:8086', org: 'home', bucket: 'p1', token: 't0ken' });
  });

  it('reads thinning, hashing and the status interval', () => {
    expect(resolve({ flags: { database: 'p1', every: '10', 'hash-ids': true, 'status-every': '5' } })).toMatchObject({
      thinning: { every: 10 },
      hashEquipmentId: true,
      statusEveryMs: 5000,
    });
    expect(resolve({ flags: { database: 'p1' }, file: flattenConfig({ thinning: { average: 60 } }, 'p1.json') }).thinning).toEqual({ average: 60 });
  });

  it('keeps the spool under systemd\'s StateDirectory, else in the XDG state directory', () => {
    expect(defaultSpoolDir({ STATE_DIRECTORY: '/var/lib/p1' })).toBe('/var/lib/p1/spool');
    expect(defaultSpoolDir({ XDG_STATE_HOME: '/state' })).toBe('/state/p1/spool');
    expect(defaultSpoolDir({ HOME: '/home/pi' })).toBe('/home/pi/.local/state/p1/spool');
  });
});
