import { localClock, utcOffsetHours } from './local-time.js';

/**
 * The value formats of the P1 standards (spec digest §3.2). `Fn(x,y)` numbers have a fixed width with leading zeros;
 * a value too large for its width is written with more digits rather than cut, because parsers must not assume
 * widths anyway and a wrong number would be worse.
 */

const POW10 = [1, 10, 100, 1000, 10000];

/** The whole number of `1 / 10^decimals` steps a meter shows for `value` (never negative). */
export function steps(value: number, decimals: number): number {
  return Math.round(Math.abs(value) * POW10[decimals]!);
}

/** `value` as a meter shows it with `decimals` decimals: what a parser reads back from `fixed`. */
export function quantize(value: number, decimals: number): number {
  return steps(value, decimals) / POW10[decimals]!;
}

/** `value` with `integers` digits before the point and `decimals` after, zero-padded: fixed(1.193, 2, 3) = `01.193`. */
export function fixed(value: number, integers: number, decimals: number): string {
  return fixedSteps(steps(value, decimals), integers, decimals);
}

/** `fixed` for a value already counted in steps of `1 / 10^decimals`. */
export function fixedSteps(n: number, integers: number, decimals: number): string {
  const digits = String(n).padStart(integers + decimals, '0');
  if (decimals === 0) return digits;
  const point = digits.length - decimals;
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A whole number zero-padded to `width`: counters `00004`, the tariff `0002`, durations `0000000240`. */
export function padded(value: number, width: number): string {
  return String(Math.round(value)).padStart(width, '0');
}

/** Text as the hex pairs of its bytes (octet strings: ids, text messages), upper case as the meters send it. */
export function toHex(text: string): string {
  let hex = '';
  for (let i = 0; i < text.length; i++) hex += HEX[text.charCodeAt(i) & 0xff];
  return hex;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).toUpperCase().padStart(2, '0'));

/** `YYMMDDhhmmssX`: local time with `S` (summer, UTC+2) or `W` (winter, UTC+1); the stamp of DSMR 4+ and eMUCs. */
export function stamp(utc: number): string {
  const digits = localDigits(utc);
  return digits + (hour.summer ? 'S' : 'W');
}

/** `YYMMDDhhmmss`: local time without a flag, as DSMR 2.2 and 3.0 stamp their M-Bus values. */
export function localStamp(utc: number): string {
  return localDigits(utc);
}

const HOUR = 3_600_000;
// Clocks change on whole UTC hours, so within one UTC hour the local date, hour and flag stay the same: they are
// worked out once an hour, and each stamp only adds minutes and seconds.
const hour = { start: NaN, prefix: '', summer: false };

function localDigits(utc: number): string {
  const start = utc - (((utc % HOUR) + HOUR) % HOUR);
  if (start !== hour.start) {
    const d = localClock(start);
    hour.start = start;
    hour.prefix = two(d.getUTCFullYear() % 100) + two(d.getUTCMonth() + 1) + two(d.getUTCDate()) + two(d.getUTCHours());
    hour.summer = utcOffsetHours(start) === 2;
  }
  const seconds = Math.floor((utc - start) / 1000);
  return hour.prefix + two(Math.floor(seconds / 60)) + two(seconds % 60);
}

const TWO = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
function two(n: number): string {
  return TWO[n]!;
}

/** ISO UTC of an instant, the form of every timestamp in a `Reading`. */
export function iso(utc: number): string {
  return new Date(utc).toISOString();
}
