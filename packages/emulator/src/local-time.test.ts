import { describe, expect, it } from 'vitest';
import { isSummerTime, localClock, localMonthStart, localToUtc } from './local-time.js';

// Intl (ICU's tz database) as the independent reference for Europe/Amsterdam.
const amsterdam = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
function intlLocal(utc: number): string {
  const p = Object.fromEntries(amsterdam.formatToParts(utc).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

describe('Dutch and Belgian local time', () => {
  // 70,000 Intl calls: seconds on a loaded 2-core machine, hence the generous timeout (not a timing assertion).
  it('agrees with the tz database on every hour (and the minute before each) of 2024-2027', { timeout: 60_000 }, () => {
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2028, 0, 1); t += 3_600_000) {
      for (const at of [t - 60_000, t]) expect(localClock(at).toISOString().slice(0, 16)).toBe(intlLocal(at));
    }
  });

  it('knows summer time begins and ends at 01:00 UTC', () => {
    expect(isSummerTime(Date.UTC(2025, 2, 30, 0, 59, 59, 999))).toBe(false);
    expect(isSummerTime(Date.UTC(2025, 2, 30, 1))).toBe(true);
    expect(isSummerTime(Date.UTC(2025, 9, 26, 0, 59, 59, 999))).toBe(true);
    expect(isSummerTime(Date.UTC(2025, 9, 26, 1))).toBe(false);
  });

  it('finds the instant of local midnights and month starts, in both halves of the year', () => {
    expect(new Date(localToUtc(2024, 4, 1)).toISOString()).toBe('2024-03-31T22:00:00.000Z');
    expect(new Date(localToUtc(2024, 1, 1)).toISOString()).toBe('2023-12-31T23:00:00.000Z');
    const midJune = Date.UTC(2024, 5, 15, 12);
    expect(new Date(localMonthStart(midJune)).toISOString()).toBe('2024-05-31T22:00:00.000Z');
    expect(new Date(localMonthStart(midJune, 1)).toISOString()).toBe('2024-06-30T22:00:00.000Z');
    expect(new Date(localMonthStart(midJune, -6)).toISOString()).toBe('2023-11-30T23:00:00.000Z');
    // 23:30 UTC on 31 January is already 1 February locally.
    expect(new Date(localMonthStart(Date.UTC(2024, 0, 31, 23, 30))).toISOString()).toBe('2024-01-31T23:00:00.000Z');
  });
});
