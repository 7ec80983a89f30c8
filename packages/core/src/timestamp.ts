import { msToIso, twoDigits } from './iso-instant.js';
import type { P1IssueCode } from './p1-issue.js';

/** A timestamp as ISO UTC, or null with the reason. */
export type TimestampResult = { iso: string; problem?: 'ambiguous-local-time' } | { iso: null; problem: P1IssueCode };

const HOUR = 3_600_000;
// Every instant below is within a Date's range (years 1900-65535), so `msToIso` gives a string, never null.

/**
 * Reads every timestamp form of P1: `YYMMDDhhmmssX` (X = S: UTC+2, W: UTC+1), the 12-digit local stamps of DSMR
 * 2.2/3.0 (Dutch local time), and the 12-byte hex COSEM date-time one meter sends. Never throws.
 */
export function parseTimestamp(text: string): TimestampResult {
  if (text.length === 13) {
    const flag = text.charCodeAt(12) | 0x20;
    if (flag === 0x73 /* s */ || flag === 0x77 /* w */) return fromFields(text, flag === 0x73 ? 2 : 1);
  } else if (text.length === 12) {
    return fromFields(text, null);
  } else if (text.length === 24 && /^[0-9A-Fa-f]{24}$/.test(text)) {
    return fromCosemDateTime(text);
  }
  return { iso: null, problem: text.length === 0 ? 'placeholder-timestamp' : 'invalid-timestamp' };
}

function fromFields(text: string, offsetHours: number | null): TimestampResult {
  const yy = twoDigits(text, 0);
  const mo = twoDigits(text, 2);
  const dd = twoDigits(text, 4);
  const hh = twoDigits(text, 6);
  const mi = twoDigits(text, 8);
  const ss = twoDigits(text, 10);
  if ((yy | mo | dd | hh | mi | ss) < 0) return { iso: null, problem: 'invalid-timestamp' };
  const year = 2000 + yy;
  if (
    (mo === 1 && dd === 1 && (yy === 0 || yy === 70)) || // 000101…, 700101…: clocks and slots never set
    mo < 1 || mo > 12 || dd < 1 || dd > daysInMonth(year, mo) || hh > 23 || mi > 59 || ss > 59
  ) {
    return { iso: null, problem: 'placeholder-timestamp' };
  }
  if (offsetHours !== null && hh >= offsetHours) return { iso: sameDayIso(text, hh - offsetHours) };
  const local = Date.UTC(year, mo - 1, dd, hh, mi, ss);
  if (offsetHours !== null) return { iso: msToIso(local - offsetHours * HOUR)! };
  return fromDutchLocalTime(local);
}

/**
 * `20YY-MM-DDThh:mm:ss.000Z` straight from the stamp's characters, for a UTC hour on the stamp's own date: one
 * string built at once, several times faster than going through Date (a telegram has one or two stamps).
 */
function sameDayIso(text: string, hour: number): string {
  const c = (i: number): number => text.charCodeAt(i);
  // prettier-ignore
  return String.fromCharCode(50, 48, c(0), c(1), 45, c(2), c(3), 45, c(4), c(5), 84, 48 + ((hour / 10) | 0), 48 + (hour % 10), 58, c(8), c(9), 58, c(10), c(11), 46, 48, 48, 48, 90);
}

/**
 * Dutch local time (Europe/Amsterdam, EU summer time rules) to UTC, without Intl so it runs anywhere. In the
 * repeated autumn hour the later, winter-time instant is taken and flagged.
 */
export function fromDutchLocalTime(localAsUtcMs: number): TimestampResult {
  const summer = localAsUtcMs - 2 * HOUR;
  const winter = localAsUtcMs - HOUR;
  const summerFits = isEuSummerTime(summer);
  const winterFits = !isEuSummerTime(winter);
  if (summerFits && winterFits) return { iso: msToIso(winter)!, problem: 'ambiguous-local-time' };
  return { iso: msToIso(summerFits ? summer : winter)! };
}

const DAY = 86_400_000;

/** EU summer time (NL, BE, LU): from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October. */
export function isEuSummerTime(utcMs: number): boolean {
  const year = new Date(utcMs).getUTCFullYear();
  return utcMs >= lastSundayAt1Utc(year, 3) && utcMs < lastSundayAt1Utc(year, 10);
}

/** Arithmetic only (1970-01-01 was a Thursday), so nothing is worth remembering between calls. */
function lastSundayAt1Utc(year: number, month: number): number {
  const last = Date.UTC(year, month - 1, daysInMonth(year, month));
  const weekday = (Math.floor(last / DAY) + 4) % 7; // 0 = Sunday; years before 1970 do not occur (2000 + YY)
  return last - weekday * DAY + HOUR;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS[month - 1]!;
}

// COSEM date-time (12 octets): year(2) month day weekday hour minute second hundredths deviation(2) status.
// The deviation is the minutes from local time to UTC (-120 in CEST), 0x8000 when unknown.
function fromCosemDateTime(hex: string): TimestampResult {
  const byte = (i: number): number => parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  const year = (byte(0) << 8) | byte(1);
  const [mo, dd, hh, mi, ss] = [byte(2), byte(3), byte(5), byte(6), byte(7)];
  const rawDeviation = (byte(9) << 8) | byte(10);
  if (mo < 1 || mo > 12 || dd < 1 || dd > daysInMonth(year, mo) || hh > 23 || mi > 59 || ss > 59) {
    return { iso: null, problem: 'placeholder-timestamp' };
  }
  const local = Date.UTC(year, mo - 1, dd, hh, mi, ss);
  if (rawDeviation === 0x8000) return fromDutchLocalTime(local);
  const deviation = rawDeviation >= 0x8000 ? rawDeviation - 0x10000 : rawDeviation;
  return { iso: msToIso(local + deviation * 60_000)! };
}
