import { METERS, SERIAL_7E1_115200, SERIAL_7E1_9600, SERIAL_8N1_115200 } from '@p1/core';
import { describe, expect, it } from 'vitest';
import { EMULATOR_PATH, resolveSettings } from './resolve-settings.js';

const N1 = { ...SERIAL_8N1_115200 };

describe('resolveSettings', () => {
  it('defaults to 115200 8N1 without masking', () => {
    expect(resolveSettings({ port: '/dev/ttyUSB0' })).toEqual({
      source: { kind: 'serial', path: '/dev/ttyUSB0' },
      port: '/dev/ttyUSB0',
      settings: N1,
      sevenBit: false,
      meter: null,
    });
  });

  it("takes the seed's options, as numbers or strings, flat or as the serialPort object (or 1.x's path)", () => {
    const seed = { port: '/dev/ttyUSB0', baudRate: 9600, parity: 'even', dataBits: 7, stopBits: 1 } as const;
    expect(resolveSettings(seed).settings).toEqual(SERIAL_7E1_9600);
    expect(resolveSettings({ serialPort: seed }).settings).toEqual(SERIAL_7E1_9600);
    expect(resolveSettings({ serialPort: { ...seed, baudRate: '9600', dataBits: '7', stopBits: '1' } }).settings).toEqual(SERIAL_7E1_9600);
    expect(resolveSettings({ serialPort: '/dev/ttyAMA0' }).port).toBe('/dev/ttyAMA0');
  });

  it('meter presets: a standard in any usual spelling, or a catalogue model name', () => {
    for (const meter of ['dsmr2.2', 'DSMR 2.2', 'dsmr22', 'dsmr3']) {
      expect(resolveSettings({ port: 'p', meter })).toMatchObject({ settings: SERIAL_7E1_9600, sevenBit: true, meter: null });
    }
    for (const meter of ['dsmr4', 'DSMR-4.2.2', 'dsmr5', 'dsmr 5.0.2', 'emucs', 'se', 'Sweden']) {
      expect(resolveSettings({ port: 'p', meter })).toMatchObject({ settings: N1, sevenBit: false });
    }
    expect(resolveSettings({ port: 'p', meter: 'Kamstrup 162' })).toMatchObject({ settings: SERIAL_7E1_9600, meter: { brand: 'Kamstrup' } });
    expect(resolveSettings({ port: 'p', meter: 'am550' })).toMatchObject({ settings: N1, meter: { model: 'AM 550' } });
  });

  it('a model whose variants differ in data bits opens at 8 bits and masks: both variants read', () => {
    const variants = METERS.filter((m) => m.model === 'E350 (ZCF100)');
    expect(variants.map((m) => m.serial)).toEqual([SERIAL_8N1_115200, SERIAL_7E1_115200]);
    expect(resolveSettings({ port: 'p', meter: 'E350 (ZCF100)' })).toMatchObject({ settings: N1, sevenBit: true });
  });

  it('explicit settings win over the preset; a 7-bit preset read at 8 bits keeps masking on', () => {
    const resolved = resolveSettings({ port: 'p', meter: 'dsmr2.2', baudRate: 115200, dataBits: 8, parity: 'none' });
    expect(resolved.settings).toEqual(N1);
    expect(resolved.sevenBit).toBe(true);
    expect(resolveSettings({ port: 'p', meter: 'dsmr2.2', sevenBit: false }).sevenBit).toBe(false);
    expect(resolveSettings({ port: 'p', sevenBit: true }).sevenBit).toBe(true);
  });

  it('tcp:// addresses, IPv6 included', () => {
    expect(resolveSettings({ port: 'tcp://192.168.1.50:23' })).toMatchObject({
      source: { kind: 'tcp', host: '192.168.1.50', port: 23 },
      port: 'tcp://192.168.1.50:23',
    });
    expect(resolveSettings({ port: 'TCP://[fe80::1]:8088' })).toMatchObject({ source: { kind: 'tcp', host: 'fe80::1', port: 8088 }, port: 'tcp://[fe80::1]:8088' });
    expect(resolveSettings({ port: 'tcp://p1-dongle.local:2001', meter: 'dsmr2.2' }).sevenBit).toBe(true);
    expect(() => resolveSettings({ port: 'tcp://dongle' })).toThrow(/needs a host and a port/);
    expect(() => resolveSettings({ port: 'tcp://dongle:70000' })).toThrow(/needs a host and a port/);
  });

  it("emulator mode needs no port and opens at the emulated standard's settings", () => {
    expect(resolveSettings({ emulator: true })).toMatchObject({ source: { kind: 'emulator', path: EMULATOR_PATH }, settings: N1 });
    expect(resolveSettings({ emulator: true, emulatorOverrides: { profile: 'dsmr2.2' } }).settings).toEqual(SERIAL_7E1_9600);
  });

  it('says what is valid when an option is not', () => {
    expect(() => resolveSettings({})).toThrow(/port is required.*tcp:\/\/HOST:PORT/);
    expect(() => resolveSettings({ port: 'p', meter: 'nope' })).toThrow(/unknown meter "nope": use a standard \(dsmr2.2, dsmr3, dsmr4, dsmr5, emucs, se\)/);
    expect(() => resolveSettings({ port: 'p', baudRate: 'fast' })).toThrow(/baudRate must be a whole number/);
    expect(() => resolveSettings({ port: 'p', dataBits: 9 as never })).toThrow(/dataBits must be one of 5, 6, 7, 8, got 9/);
    expect(() => resolveSettings({ port: 'p', parity: 'weird' as never })).toThrow(/parity must be one of none, even, odd, mark, space/);
  });
});
