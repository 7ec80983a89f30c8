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
    [{}, true, 'ADN9 6534', 'se'],
    [{}, true, 'KAM5', 'se'],
    [{}, true, 'lgf5E360', 'se'],
    [{}, true, 'ELL5\\253833635_A', 'se'],
    // A version object outranks the header (a Dutch Kamstrup also sends /KAM5); without a CRC it is not Swedish.
    [{ '1-3:0.2.8': '50' }, true, 'KAM5\\OMNIA-P1-0107', 'dsmr5'],
    [{}, false, 'ADN9 6534', 'dsmr2.2'],
  ] as const)('detects %o, crc %s, header %s as %s', (versions, hasCrc, header, profile) => {
    expect(detectProfile({ versions, hasCrc, header })).toBe(profile);
  });

  it.each([
    ['total', true, 'XYZ5 UNKNOWN', 'se'],
    ['tariffs', true, 'XYZ5 UNKNOWN', 'dsmr4'],
    ['none', true, 'XYZ5 UNKNOWN', 'dsmr4'],
    ['total', false, 'XYZ5 UNKNOWN', 'dsmr2.2'],
  ] as const)('detects a versionless telegram with %s registers, crc %s, header %s as %s', (registers, hasCrc, header, profile) => {
    expect(detectProfile({ versions: {}, hasCrc, header, registers })).toBe(profile);
    // A version object still outranks it (Luxembourg's Smarty sends 1-0:1.8.0 and version 42).
    expect(detectProfile({ versions: { '1-3:0.2.8': '42' }, hasCrc: true, header, registers })).toBe('dsmr4');
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

  it('is Swedish for a versionless telegram with a CRC from a Swedish meter or with only totals, DSMR 4 otherwise', () => {
    const lines = ['0-0:1.0.0(240108164940W)', '1-0:1.8.0(00010117.368*kWh)', '1-0:3.8.0(00001759.974*kVArh)'];
    expect(parseTelegram(seal(body('ADN9 6534', lines))).profile).toBe('se');
    expect(parseTelegram(seal(body('XYZ5 UNKNOWN', lines))).profile).toBe('se');
    expect(parseTelegram(seal(body('XYZ5 UNKNOWN', [...lines, '1-0:1.8.1(00000001.000*kWh)']))).profile).toBe('dsmr4');
    expect(parseTelegram(seal(body('XYZ5 UNKNOWN', ['0-0:1.0.0(240108164940W)']))).profile).toBe('dsmr4');
    expect(parseTelegram(seal(body('ADN9 6534', ['1-3:0.2.8(42)', ...lines]))).profile).toBe('dsmr4');
  });

  it('know their line settings and tariff meanings as data', () => {
    expect(PROFILES['dsmr2.2'].serial).toEqual(SERIAL_7E1_9600);
    expect(PROFILES.dsmr5.serial).toEqual(SERIAL_8N1_115200);
    expect(PROFILES.dsmr5.intervalSeconds).toBe(1);
    expect(PROFILES.dsmr4.intervalSeconds).toBe(10);
    expect(PROFILES.emucs.tariffs).toEqual({ 1: 'day', 2: 'night' });
    expect(PROFILES.dsmr4.tariffs[1]).toBe('low');
    expect(PROFILES.se).toMatchObject({ country: 'SE', serial: SERIAL_8N1_115200, hasCrc: true, intervalSeconds: 10 });
    expect(Object.values(PROFILES).filter((p) => p.hasCrc).map((p) => p.id)).toEqual(['dsmr4', 'dsmr5', 'emucs', 'se']);
  });
});

describe('meter catalogue', () => {
  it('holds every row of both seed tables, plus the Luxembourg Smarty, the Hungarian Holley and three Swedish meters', () => {
    expect(METERS).toHaveLength(25);
    expect(METERS.filter((m) => m.country === 'BE').map((m) => m.model)).toEqual(['S211']);
    expect(new Set(METERS.map((m) => m.brand))).toEqual(
      new Set(['Iskra', 'Kaifa', 'Kamstrup', 'Landis + Gyr', 'Sagemcom', 'Siconia (Sagemcom)', 'Holley', 'Aidon']),
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
    expect(findMeters('XYZ5 UNKNOWN')).toEqual([]);
  });

  it('finds the Swedish meters by their headers, and keeps a Dutch Kamstrup with the same id apart by profile', () => {
    expect(findMeters('ADN9 6534')).toMatchObject([{ brand: 'Aidon', country: 'SE', profile: 'se', serial: SERIAL_8N1_115200 }]);
    expect(findMeters('LGF5E360', 'se')).toMatchObject([{ brand: 'Landis + Gyr', model: 'E360 (Sweden)' }]);
    expect(findMeters('KAM5', 'se')).toMatchObject([{ brand: 'Kamstrup', model: 'Omnipower' }]);
    expect(findMeters('KAM5\\OMNIA-P1-0107', 'dsmr5')).toEqual([]);
    expect(METERS.filter((m) => m.country === 'SE').every((m) => m.profile === 'se')).toBe(true);
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
