import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './index.js';
import { fromDutchLocalTime, isEuSummerTime } from './internal.js';

// Intl (ICU's tz database) as the independent reference for Europe/Amsterdam.
const offset = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', timeZoneName: 'shortOffset' });
const intlSummer = (utc: number) => offset.format(utc).endsWith('GMT+2');

describe('Dutch local time', () => {
  it('agrees with the tz database around every switch of 2000-2040', () => {
    for (let year = 2000; year <= 2040; year++) {
      for (const month of [2, 9]) {
        // The last 8 days of March and October hold one switch: find its minute in the tz database by bisection
        // (a few dozen Intl calls, not thousands), then p1 must switch at that very millisecond.
        const [first, last] = [Date.UTC(year, month, 24), Date.UTC(year, month + 1, 1)];
        const before = intlSummer(first);
        expect(intlSummer(last)).toBe(!before);
        let [low, high] = [first, last];
        while (high - low > 60_000) {
          const mid = low + Math.floor((high - low) / 120_000) * 60_000;
          if (intlSummer(mid) === before) low = mid;
          else high = mid;
        }
        expect([isEuSummerTime(high - 1), isEuSummerTime(high)]).toEqual([before, !before]);
        // And agrees on every 6 hours of the window.
        for (let t = first; t < last; t += 6 * 3_600_000) expect(isEuSummerTime(t)).toBe(intlSummer(t));
      }
    }
  });

  it('reads 12-digit stamps through the switches: skipped spring hour, repeated autumn hour', () => {
    expect(fromDutchLocalTime(Date.UTC(2024, 2, 31, 1, 30))).toEqual({ iso: '2024-03-31T00:30:00.000Z' });
    expect(fromDutchLocalTime(Date.UTC(2024, 2, 31, 3, 30))).toEqual({ iso: '2024-03-31T01:30:00.000Z' });
    expect(fromDutchLocalTime(Date.UTC(2024, 9, 27, 2, 30))).toEqual({ iso: '2024-10-27T01:30:00.000Z', problem: 'ambiguous-local-time' });
    expect(fromDutchLocalTime(Date.UTC(2024, 9, 27, 3, 30))).toEqual({ iso: '2024-10-27T02:30:00.000Z' });
  });

  it('builds the same ISO string on its fast path as Date does', () => {
    for (const stamp of ['240105010000W', '240105000000W', '240704015959S', '240704020000S', '241231235959W', '240229120000W']) {
      const [yy, mo, dd, hh, mi, ss] = [0, 2, 4, 6, 8, 10].map((i) => Number(stamp.slice(i, i + 2))) as number[];
      const utc = Date.UTC(2000 + yy!, mo! - 1, dd!, hh!, mi!, ss!) - (stamp.endsWith('S') ? 2 : 1) * 3_600_000;
      expect(parseTimestamp(stamp).iso).toBe(new Date(utc).toISOString());
    }
  });
});
