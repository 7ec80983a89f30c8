import { parseTimestamp } from '@p1/core';
import { parseDecimal } from '@p1/core/internal';
import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';
import { fixed, localStamp, padded, quantize, stamp, toHex } from './value-format.js';

describe('number formats', () => {
  it('pads and rounds to the width and decimals of Fn(x,y)', () => {
    expect(fixed(1.193, 2, 3)).toBe('01.193'); // F5(3,3) kW
    expect(fixed(123.456, 6, 3)).toBe('000123.456'); // F9(3,3) kWh
    expect(fixed(0.63, 4, 2)).toBe('0000.63'); // DSMR 2.2 power, 10 W steps
    expect(fixed(230.14, 3, 1)).toBe('230.1'); // F4(1,1) V
    expect(fixed(5.5, 3, 0)).toBe('006'); // F3(0,0) A
    expect(fixed(3.5649, 3, 2)).toBe('003.56'); // BE current
    expect(fixed(0, 5, 3)).toBe('00000.000');
  });

  it('writes a value too large for its width with more digits instead of cutting it', () => {
    expect(fixed(360, 2, 3)).toBe('360.000');
    expect(padded(123456, 5)).toBe('123456');
  });

  it('quantize is exactly the number a parser reads back from fixed', () => {
    const rng = createRng(42);
    for (let i = 0; i < 5000; i++) {
      const value = rng() * 10 ** Math.floor(rng() * 7);
      for (const decimals of [0, 1, 2, 3]) {
        expect(quantize(value, decimals)).toBe(parseDecimal(fixed(value, 3, decimals)));
      }
    }
  });

  it('hex-encodes text as the upper-case hex pairs of its bytes', () => {
    expect(toHex('E0044007300518217')).toBe('4530303434303037333030353138323137');
    expect(toHex('')).toBe('');
  });
});

describe('timestamps', () => {
  it('stamps local time with S in summer (UTC+2) and W in winter (UTC+1)', () => {
    expect(stamp(Date.UTC(2024, 0, 15, 12, 0, 5))).toBe('240115130005W');
    expect(stamp(Date.UTC(2024, 6, 15, 12, 30, 0))).toBe('240715143000S');
  });

  it('switches the flag exactly at 01:00 UTC on the last Sundays of March and October', () => {
    expect(stamp(Date.UTC(2024, 2, 31, 0, 59, 59))).toBe('240331015959W');
    expect(stamp(Date.UTC(2024, 2, 31, 1, 0, 0))).toBe('240331030000S');
    expect(stamp(Date.UTC(2024, 9, 27, 0, 59, 59))).toBe('241027025959S');
    expect(stamp(Date.UTC(2024, 9, 27, 1, 0, 0))).toBe('241027020000W');
  });

  it('every stamp of a year reads back with @p1/core as the instant it was made from', () => {
    const rng = createRng(7);
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2026, 0, 1); t += 3_600_000) {
      const instant = t + Math.floor(rng() * 3600) * 1000;
      expect(parseTimestamp(stamp(instant))).toEqual({ iso: new Date(instant).toISOString() });
    }
  });

  it('12-digit DSMR 2.2 stamps read back the same, except in the repeated autumn hour, which core flags', () => {
    const summer = Date.UTC(2024, 6, 1, 10, 0, 0);
    expect(localStamp(summer)).toBe('240701120000');
    expect(parseTimestamp(localStamp(summer))).toEqual({ iso: '2024-07-01T10:00:00.000Z' });
    const firstTwoOClock = Date.UTC(2024, 9, 27, 0, 30, 0); // 02:30 summer time
    expect(localStamp(firstTwoOClock)).toBe('241027023000');
    expect(parseTimestamp(localStamp(firstTwoOClock))).toEqual({ iso: '2024-10-27T01:30:00.000Z', problem: 'ambiguous-local-time' });
  });
});
