import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flattenConfig, readConfigFile } from './config-file.js';
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

  it('uses the credentials of a URL for the requests and keeps them out of the URL', () => {
    expect(resolve({ flags: { database: 'p1', url: 'http://h:8086/?u=admin&p=SECRET' } }).target).toEqual({
      version: 1,
      url: 'http://h:8086/',
      database: 'p1',
      username: 'admin',
      password: 'SECRET',
    });
    // Given on their own, they win over the URL's.
    expect(resolve({ flags: { database: 'p1', url: 'http://u:pw@h:8086', username: 'me' }, env: { INFLUX_PASSWORD: 'mine' } }).target).toMatchObject({
      url: 'http://h:8086/',
      username: 'me',
      password: 'mine',
    });
    expect(resolve({ flags: { org: 'o', bucket: 'b', url: 'http://h:8086/?token=T0K' } }).target).toMatchObject({ version: 2, url: 'http://h:8086/', token: 'T0K' });
  });

  it('never quotes a password of a URL it refuses', () => {
    expect(() => resolve({ flags: { database: 'p1', url: 'ftp://admin:SECRET@h/?p=SECRET2' } })).toThrow('--url must be an http:// or https:// URL, got "ftp://h/"');
  });

  it('reads yes/no settings strictly', () => {
    for (const [value, expected] of [['true', true], ['1', true], ['YES', true], ['on', true], ['false', false], ['0', false], ['no', false], ['off', false]] as const) {
      expect(resolve({ flags: { database: 'p1' }, env: { P1_HASH_IDS: value } }).hashEquipmentId, value).toBe(expected);
    }
    expect(resolve({ flags: { database: 'p1' }, file: flattenConfig({ hashEquipmentId: true }, 'p1.json') }).hashEquipmentId).toBe(true);
    expect(() => resolve({ flags: { database: 'p1' }, env: { P1_HASH_IDS: 'maybe' } })).toThrow('P1_HASH_IDS must be true or false (or 1/0, yes/no, on/off), got "maybe"');
  });
});

describe('config files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'p1-config-'));
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('reads a file saved with a UTF-8 byte order mark', async () => {
    const config = await readConfigFile(file('bom.json', '\ufeff{ "influx": { "database": "p1" } }'));
    expect(config.values.get('influx.database')).toBe('p1');
  });

  it('says where the JSON goes wrong, by line, column and key, and never quotes the text', async () => {
    const cases: [string, string][] = [
      ['{\n  "influxDb": {\n    "password": \'hunter2\'\n  }\n}', 'line 3, column 17, in the value of "influxDb.password"'],
      ['{ "influx": { "token": "hunter2", } }', 'line 1, column 35, in the value of "influx"'],
      ['{ "influx": { "password": "hunter2" ', 'line 1, column 37, in the value of "influx"'],
      ['{ "password": hunter2 }', 'line 1, column 15, in the value of "password"'],
      ['hunter2', 'line 1, column 1'],
    ];
    for (const [text, where] of cases) {
      const error = (await readConfigFile(file('bad.json', text)).catch((e: unknown) => e)) as Error;
      expect(error.message).toBe(`${join(dir, 'bad.json')} is not valid JSON: ${where}`);
      expect(error.message).not.toContain('hunter2');
    }
  });
});
