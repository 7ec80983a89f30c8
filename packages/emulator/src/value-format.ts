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
  const digits = String(steps(value, decimals)).padStart(integers + decimals, '0');
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
  return localDigits(utc) + (utcOffsetHours(utc) === 2 ? 'S' : 'W');
}

/** `YYMMDDhhmmss`: local time without a flag, as DSMR 2.2 and 3.0 stamp their M-Bus values. */
export function localStamp(utc: number): string {
  return localDigits(utc);
}

function localDigits(utc: number): string {
  const d = localClock(utc);
  return (
    two(d.getUTCFullYear() % 100) +
    two(d.getUTCMonth() + 1) +
    two(d.getUTCDate()) +
    two(d.getUTCHours()) +
    two(d.getUTCMinutes()) +
    two(d.getUTCSeconds())
  );
}

const TWO = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
function two(n: number): string {
  return TWO[n]!;
}

/** ISO UTC of an instant, the form of every timestamp in a `Reading`. */
export function iso(utc: number): string {
  return new Date(utc).toISOString();
}
