import { describe, expect, it } from 'vitest';
import {
  detectProfile,
  findMeterByName,
  findMeters,
  METERS,
  parseTelegram,
  PROFILES,
  SERIAL_7E1_115200,
  SERIAL_7E1_9600,
  SERIAL_8N1_115200,
} from './index.js';
import { body, seal } from '../test/helpers.js';

describe('profiles', () => {
  it.each([
    [{ '0-0:96.1.4': '50217' }, true, 'FLU5\\253769484_A', 'emucs'],
    [{ '0-0:96.1.4': '50213' }, true, 'FLU5\\253769484_A', 'emucs'],
    [{ '1-3:0.2.8': '50' }, true, 'ISk5\\2M550T-1012', 'dsmr5'],
    [{ '1-3:0.2.8': '42' }, true, 'KFM5KAIFA-METER', 'dsmr4'],
    [{ '1-3:0.2.8': '40' }, true, 'XMX5LGBBFFB231215493', 'dsmr4'],
    [{}, false, 'KMP5 ZABF001587315111', 'dsmr2.2'],
    [{}, true, 'FLU5\\253769484_A', 'emucs'],
    [{}, true, 'XMX5LGBBFFB231215493', 'dsmr4'],
  ] as const)('detects %o, crc %s, header %s as %s', (versions, hasCrc, header, profile) => {
    expect(detectProfile({ versions, hasCrc, header })).toBe(profile);
  });

  it('is forced by the caller over detection', () => {
    const raw = body('KMP5 ZABF0015', ['1-0:1.8.1(00001.000*kWh)']) + '\r\n';
    expect(parseTelegram(raw).profile).toBe('dsmr2.2');
    expect(parseTelegram(raw, { profile: 'dsmr3' }).profile).toBe('dsmr3');
  });

  it('is detected from the version object in a real telegram', () => {
    expect(parseTelegram(seal(body('FLU5\\253769484_A', ['0-0:96.1.4(50217)']))).profile).toBe('emucs');
    expect(parseTelegram(seal(body('Ene5\\T210-D ESMR5.0', ['1-3:0.2.8(50)']))).profile).toBe('dsmr5');
  });

  it('know their line settings and tariff meanings as data', () => {
    expect(PROFILES['dsmr2.2'].serial).toEqual(SERIAL_7E1_9600);
    expect(PROFILES.dsmr5.serial).toEqual(SERIAL_8N1_115200);
    expect(PROFILES.dsmr5.intervalSeconds).toBe(1);
    expect(PROFILES.dsmr4.intervalSeconds).toBe(10);
    expect(PROFILES.emucs.tariffs).toEqual({ 1: 'day', 2: 'night' });
    expect(PROFILES.dsmr4.tariffs[1]).toBe('low');
    expect(Object.values(PROFILES).filter((p) => p.hasCrc).map((p) => p.id)).toEqual(['dsmr4', 'dsmr5', 'emucs']);
  });
});

describe('meter catalogue', () => {
  it('holds every row of both seed tables, plus the Luxembourg Smarty and the Hungarian Holley', () => {
    expect(METERS).toHaveLength(22);
    expect(METERS.filter((m) => m.country === 'BE').map((m) => m.model)).toEqual(['S211']);
    expect(new Set(METERS.map((m) => m.brand))).toEqual(
      new Set(['Iskra', 'Kaifa', 'Kamstrup', 'Landis + Gyr', 'Sagemcom', 'Siconia (Sagemcom)', 'Holley']),
    );
    expect(METERS.filter((m) => m.encrypted).map((m) => [m.country, m.model, m.serial])).toEqual([['LU', 'T210-D (Smarty)', SERIAL_8N1_115200]]);
    expect(METERS.filter((m) => m.crcAlgorithm === 'x25').map((m) => [m.country, m.model, m.serial])).toEqual([['HU', 'DTSD545', SERIAL_8N1_115200]]);
  });

  it('finds the Smarty by its header, and the Holley by its own with a / inside', () => {
    expect(findMeters('Lux5\\253663629_D')).toMatchObject([{ brand: 'Sagemcom', profile: 'dsmr4', encrypted: true }]);
    expect(findMeters('HLY5/D545-METER', 'dsmr5')).toMatchObject([{ brand: 'Holley', crcAlgorithm: 'x25' }]);
  });

  it('finds the models that match a header, ignoring case in the manufacturer id', () => {
    expect(findMeters('ISK5\\2MT382-1000').map((m) => m.model)).toEqual(['ME 382', 'MT 382', 'AM 550']);
    expect(findMeters('/ISk5\\2MT382-1000', 'dsmr2.2').map((m) => m.model)).toEqual(['ME 382', 'MT 382']);
    expect(findMeters('KMP5 ZABF001587315111').map((m) => m.model)).toEqual(['162', '351', '382']);
    expect(findMeters('FLU5\\253769484_A')[0]).toMatchObject({ brand: 'Siconia (Sagemcom)', profile: 'emucs' });
    expect(findMeters('ADN9 6534')).toEqual([]);
  });

  it('knows the 4.2 Landis+Gyr E350 that speaks 7E1 at 115200', () => {
    const e350 = findMeters('XMX5LGBBFFB231215493', 'dsmr4').filter((m) => m.model === 'E350 (ZCF100)');
    expect(e350.map((m) => [m.standard, m.serial])).toEqual([
      ['4.0', SERIAL_8N1_115200],
      ['4.2', SERIAL_7E1_115200],
    ]);
  });

  it('finds a model by a loosely written name', () => {
    expect(findMeterByName('am550')?.brand).toBe('Iskra');
    expect(findMeterByName('Kaifa MA105C')?.standard).toBe('4.2.2');
    expect(findMeterByName('t210-d esmr5')?.profile).toBe('dsmr5');
    expect(findMeterByName('nope')).toBeUndefined();
  });
});
