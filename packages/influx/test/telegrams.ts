// Test data until @p1/emulator is ready (then this file should give way to it): DSMR 5 three-phase telegrams with a
// gas meter, every value a function of the telegram's index, so a test knows exactly what must arrive.
import { crc16, latin1Bytes, parseTelegram, type Reading } from '@p1/core';

export interface TelegramOptions {
  /** Unix seconds of telegram 0. Default 2025-01-15T00:00:00Z (winter: stamps end in W, local = UTC+1). */
  start?: number;
  /** Seconds between telegrams. Default 1. */
  interval?: number;
  /** Seconds between gas captures (3600 for DSMR 4/5, 300 for some meters). Default 3600. */
  gasEvery?: number;
  /** The meter's equipment id as sent. */
  equipmentId?: string;
}

export interface Generated {
  text: string;
  /** Unix seconds. */
  time: number;
  /** The `electricity` fields of the `full` schema, as the telegram says them. */
  fields: Record<string, number>;
  gas: { time: number; value: number };
}

export const START = Date.UTC(2025, 0, 15) / 1000;
export const METER_ID = '4530303433303037323339313834353231';
const GAS_ID = '4730303339303031363532303530323136';

const pad = (n: number, digits: number, width: number): string => n.toFixed(digits).padStart(width, '0');
const stamp = (unix: number): string => `${new Date((unix + 3600) * 1000).toISOString().replace(/\D/g, '').slice(2, 14)}W`;

type Row = [obis: string, field: string | null, value: string, unit: string];

/** Telegram `i`: its text with a correct CRC, and the values it carries. */
export function generateTelegram(i: number, options: TelegramOptions = {}): Generated {
  const { start = START, interval = 1, gasEvery = 3600, equipmentId = METER_ID } = options;
  const time = start + i * interval;
  const gasTime = Math.floor(time / gasEvery) * gasEvery;
  const gasValue = pad(100 + (Math.floor(gasTime / gasEvery) % 100_000) * 0.011, 3, 9);
  const perPhase = (obis: (p: number) => number, suffix: string, field: string, value: (p: number) => string, unit: string): Row[] =>
    [1, 2, 3].map((p) => [`1-0:${obis(p)}.${suffix}`, `${field}_l${p}`, value(p), unit]);
  const rows: Row[] = [
    ['1-3:0.2.8', null, '50', ''],
    ['0-0:1.0.0', null, stamp(time), ''],
    ['0-0:96.1.1', null, equipmentId, ''],
    ['1-0:1.8.1', 'energy_import_t1', pad(1000 + i / 1000, 3, 10), 'kWh'],
    ['1-0:1.8.2', 'energy_import_t2', pad(2000 + i / 500, 3, 10), 'kWh'],
    ['1-0:2.8.1', 'energy_export_t1', pad(300 + i / 250, 3, 10), 'kWh'],
    ['1-0:2.8.2', 'energy_export_t2', pad(400 + i / 200, 3, 10), 'kWh'],
    ['0-0:96.14.0', 'tariff', pad(1 + (Math.floor(time / 3600) % 2), 0, 4), ''],
    ['1-0:1.7.0', 'power_import', pad(((i * 37) % 5000) / 1000, 3, 6), 'kW'],
    ['1-0:2.7.0', 'power_export', pad(((i * 11) % 900) / 1000, 3, 6), 'kW'],
    ['0-0:96.7.21', 'power_failures', pad(4 + (i % 3), 0, 5), ''],
    ['0-0:96.7.9', 'long_power_failures', '00001', ''],
    ['1-0:99.97.0', null, '', ''],
    ...perPhase((p) => 12 + p * 20, '32.0', 'voltage_sags', (p) => pad(p - 1, 0, 5), ''),
    ...perPhase((p) => 12 + p * 20, '36.0', 'voltage_swells', () => '00000', ''),
    ['0-0:96.13.0', null, '', ''],
    ...perPhase((p) => 12 + p * 20, '7.0', 'voltage', (p) => (225 + ((i + p * 7) % 100) / 10).toFixed(1), 'V'),
    ...perPhase((p) => 11 + p * 20, '7.0', 'current', (p) => pad((i + p) % 25, 0, 3), 'A'),
    ...perPhase((p) => 1 + p * 20, '7.0', 'power_import', (p) => pad(((i * 13 + p * 101) % 3000) / 1000, 3, 6), 'kW'),
    ...perPhase((p) => 2 + p * 20, '7.0', 'power_export', (p) => pad(((i * 7 + p * 53) % 700) / 1000, 3, 6), 'kW'),
    ['0-1:24.1.0', null, '003', ''],
    ['0-1:96.1.0', null, GAS_ID, ''],
  ];
  const lines = rows.map(([obis, , value, unit]) => `${obis}(${value}${unit === '' ? '' : `*${unit}`})`);
  const body = ['/ISk5\\2M550T-1012', '', ...lines, `0-1:24.2.1(${stamp(gasTime)})(${gasValue}*m3)`, '!'].join('\r\n');
  const text = `${body}${crc16(latin1Bytes(body)).toString(16).toUpperCase().padStart(4, '0')}\r\n`;
  const fields = Object.fromEntries(rows.flatMap(([, field, value]) => (field === null ? [] : [[field, Number(value)]])));
  return { text, time, fields, gas: { time: gasTime, value: Number(gasValue) } };
}

/** Telegrams `from` to `from + count - 1`. */
export function generateTelegrams(count: number, options: TelegramOptions = {}, from = 0): Generated[] {
  return Array.from({ length: count }, (_, k) => generateTelegram(from + k, options));
}

/** The reading of a generated telegram, parsed by @p1/core. */
export function readingOf(generated: Generated): Reading {
  return parseTelegram(generated.text).reading;
}
