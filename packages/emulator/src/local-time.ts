/**
 * Local time of Dutch and Belgian meters (Europe/Amsterdam and Europe/Brussels share the EU rules), computed
 * without Intl: the emulator stamps every telegram, and Intl formatting would cost more than the whole telegram.
 */

import { isEuSummerTime } from '@p1/core/internal';

const HOUR = 3_600_000;

/** EU summer time: from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October. */
export const isSummerTime: (utc: number) => boolean = isEuSummerTime;

/** Hours between local time and UTC at that instant: 2 in summer, 1 in winter. */
export function utcOffsetHours(utc: number): 1 | 2 {
  return isSummerTime(utc) ? 2 : 1;
}

/** The local wall clock at `utc`, as a `Date` whose UTC fields read as local time. */
export function localClock(utc: number): Date {
  return new Date(utc + utcOffsetHours(utc) * HOUR);
}

/**
 * The instant of a local wall-clock time. Only for times that exist exactly once (midnight, the first of a month):
 * the skipped spring hour and the repeated autumn hour have no single answer.
 */
export function localToUtc(year: number, month: number, day: number, hour = 0, minute = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  return isSummerTime(wall - 2 * HOUR) ? wall - 2 * HOUR : wall - HOUR;
}

/** The start (UTC) of the local calendar month that contains `utc`, shifted by `months` (may be negative). */
export function localMonthStart(utc: number, months = 0): number {
  const local = localClock(utc);
  const index = local.getUTCFullYear() * 12 + local.getUTCMonth() + months;
  return localToUtc(Math.floor(index / 12), (index % 12) + 1, 1);
}
