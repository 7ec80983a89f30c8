import { describe, expect, it } from 'vitest';
import { flattenConfig } from './config-file.js';
import { decryptionSettings, describeSource, resolveSource, sourceSettings } from './source-settings.js';

describe('source settings', () => {
  it('reads a serial port with its line settings from p1-reader\'s serialPort object', () => {
    const file = flattenConfig({ serialPort: { port: '/dev/ttyUSB0', baudRate: '9600', parity: 'even', dataBits: 7, stopBits: 1 } }, 'p1.json');
    const spec = resolveSource(sourceSettings({ file }), false);
    expect(spec).toEqual({ kind: 'serial', path: '/dev/ttyUSB0', line: { baudRate: 9600, parity: 'even', dataBits: 7, stopBits: 1 } });
    expect(describeSource(spec!)).toBe('/dev/ttyUSB0 at 9600 7E1');
  });

  it('reads a network dongle, IPv6 too', () => {
    expect(resolveSource({ port: 'tcp://192.168.1.50:23' }, false)).toEqual({ kind: 'tcp', host: '192.168.1.50', port: 23, url: 'tcp://192.168.1.50:23' });
    expect(resolveSource({ port: 'tcp://[::1]:2323' }, false)).toMatchObject({ host: '::1', port: 2323 });
    expect(resolveSource(sourceSettings({ flags: { port: 'tcp://10.0.0.2:23', 'crc-algorithm': 'x25' } }), false)).toMatchObject({ kind: 'tcp', crcAlgorithm: 'x25' });
    const holley = flattenConfig({ source: { port: '/dev/ttyUSB0', crcAlgorithm: 'x25' } }, 'p1.json');
    expect(resolveSource(sourceSettings({ file: holley }), false)).toEqual({ kind: 'serial', path: '/dev/ttyUSB0', line: {}, crcAlgorithm: 'x25' });
    expect(() => sourceSettings({ flags: { port: '/dev/p1', 'crc-algorithm': 'md5' } })).toThrow(/--crc-algorithm must be arc or x25, got "md5"/);
  });

  it('lets the command line choose the meter over the config file, without a conflict', () => {
    const file = flattenConfig({ p1Reader: { port: '/dev/ttyUSB0', baudRate: 115200 } }, 'config.json');
    expect(resolveSource(sourceSettings({ flags: { emulator: 'dsmr5' }, file }), false)).toMatchObject({ kind: 'emulator', profile: 'dsmr5' });
    expect(resolveSource(sourceSettings({ env: { P1_PORT: '/dev/p1' }, file }), false)).toMatchObject({ kind: 'serial', path: '/dev/p1' });
  });

  it('gives the emulator by default only where asked to', () => {
    expect(resolveSource({}, true)).toEqual({ kind: 'emulator', profile: 'dsmr5', speed: 1, seed: 1, steady: false });
    expect(resolveSource({ steady: true }, true)).toMatchObject({ profile: 'dsmr4', steady: true });
    expect(resolveSource({}, false)).toBeNull();
    expect(resolveSource(sourceSettings({ file: flattenConfig({ emulator: true }, 'c.json') }), false)).toMatchObject({ kind: 'emulator' });
  });

  it('takes the decryption key from the environment or the config file, never from a flag', () => {
    const key = '0123456789abcdef0123456789ABCDEF';
    const file = flattenConfig({ source: { port: '/dev/ttyUSB0', decryptionKey: key, authenticationKey: 'BB'.repeat(16) } }, 'p1.json');
    expect(resolveSource(sourceSettings({ file }), false)).toEqual({
      kind: 'serial',
      path: '/dev/ttyUSB0',
      line: {},
      decryption: { decryptionKey: key, authenticationKey: 'BB'.repeat(16) },
    });
    expect(resolveSource(sourceSettings({ env: { P1_DECRYPTION_KEY: key, P1_PORT: 'tcp://10.0.0.2:23' } }), false)).toMatchObject({ kind: 'tcp', decryption: { decryptionKey: key } });
    expect(sourceSettings({ flags: { decryptionKey: key, 'decryption-key': key } })).toEqual({});
    expect(decryptionSettings({ env: { P1_DECRYPTION_KEY: key }, file })).toEqual({ decryptionKey: key, authenticationKey: 'BB'.repeat(16) });
    expect(decryptionSettings({ env: {} })).toBeUndefined();
    expect(describeSource(resolveSource({ emulator: 'smarty', decryptionKey: key }, false)!)).toBe('emulator, Smarty (Luxembourg), encrypted household');
    expect(describeSource(resolveSource({ port: '/dev/ttyUSB0', decryptionKey: key }, false)!)).toBe('/dev/ttyUSB0, encrypted');
  });

  it('checks keys, naming where they came from and never repeating them', () => {
    const secret = 'my-secret-key-that-is-not-hex!!!';
    expect(() => sourceSettings({ env: { P1_DECRYPTION_KEY: secret } })).toThrow(/^P1_DECRYPTION_KEY must be 32 hex digits/);
    expect(() => sourceSettings({ env: { P1_DECRYPTION_KEY: secret } })).not.toThrow(secret);
    expect(() => sourceSettings({ file: flattenConfig({ source: { decryptionKey: 'ABCD' } }, 'p1.json') })).toThrow(/^p1\.json: source\.decryptionKey must be 32 hex digits .*it has 4 hex digits/);
    expect(() => resolveSource({ authenticationKey: 'AA'.repeat(16) }, true)).toThrow(/P1_AUTHENTICATION_KEY is set without P1_DECRYPTION_KEY/);
  });

  it('needs a key for the smarty emulator, and keeps a real meter\'s key away from the other emulators', () => {
    expect(() => resolveSource({ emulator: 'smarty' }, false)).toThrow(/the smarty emulator encrypts its telegrams: set P1_DECRYPTION_KEY/);
    expect(resolveSource({ emulator: 'smarty', decryptionKey: 'AA'.repeat(16) }, false)).toMatchObject({ profile: 'smarty', decryption: { decryptionKey: 'AA'.repeat(16) } });
    expect(resolveSource({ emulator: 'dsmr5', decryptionKey: 'AA'.repeat(16) }, false)).not.toHaveProperty('decryption');
    expect(() => sourceSettings({ flags: { emulator: 'smarty2' } })).toThrow(/use dsmr2\.2, dsmr3, dsmr4, dsmr5, emucs, se, smarty/);
  });

  it('takes P1_EMULATOR=true as a config file\'s "emulator": true', () => {
    expect(resolveSource(sourceSettings({ env: { P1_EMULATOR: 'true' } }), false)).toMatchObject({ kind: 'emulator', profile: 'dsmr5' });
    expect(resolveSource(sourceSettings({ env: { P1_EMULATOR: 'emucs' } }), false)).toMatchObject({ kind: 'emulator', profile: 'emucs' });
    expect(() => sourceSettings({ env: { P1_EMULATOR: 'yes' } })).toThrow('P1_EMULATOR: unknown profile "yes"');
  });

  it('reads the predecessor\'s config.json plus "emulator": true as the emulator, as p1-reader did', () => {
    const file = flattenConfig({ p1Reader: { port: '/dev/ttyUSB0', baudRate: 115200 }, influxDb: { database: 'p1' }, emulator: true }, 'config.json');
    expect(resolveSource(sourceSettings({ file }), false)).toMatchObject({ kind: 'emulator', profile: 'dsmr5' });
    // Both on the command line or both in the environment is a mistake, named as the user wrote it.
    expect(() => sourceSettings({ flags: { port: '/dev/p1', emulator: '' } })).toThrow('give either --port or --emulator, not both');
    expect(() => sourceSettings({ env: { P1_PORT: '/dev/p1', P1_EMULATOR: 'true' } })).toThrow('give either P1_PORT or P1_EMULATOR, not both');
  });

  it('refuses what the help does not offer: odd parity, a start the emulated meter cannot stamp', () => {
    expect(() => sourceSettings({ flags: { parity: 'odd' } })).toThrow('--parity must be none or even, got "odd"');
    expect(() => sourceSettings({ flags: { start: '+099999-01-01T00:00:00Z' } })).toThrow(
      '--start needs a time in 2000-2098 (a meter stamps two-digit years), got "+099999-01-01T00:00:00Z"',
    );
    expect(sourceSettings({ flags: { start: '2098-12-31T23:59:59Z' } }).start).toBe('2098-12-31T23:59:59Z');
  });

  it('says where a wrong value came from', () => {
    expect(() => sourceSettings({ file: flattenConfig({ p1Reader: { baudRate: 'fast' } }, 'config.json') })).toThrow(
      'config.json: p1Reader.baudRate needs a whole number >= 300, got "fast"',
    );
    expect(() => sourceSettings({ flags: { 'data-bits': '9' } })).toThrow('--data-bits must be 7 or 8, got "9"');
  });
});
