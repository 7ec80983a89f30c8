// ISO 8601 instants (`2024-03-30T12:00:00.000Z`, what `Date#toISOString` writes) to milliseconds since the epoch
// and back, by calendar arithmetic: what `Date.parse` and `new Date(ms).toISOString()` give, several times faster
// (the power-failure log works out a start for every entry of every telegram; a stamp that is not on its UTC day,
// and every DSMR 2.2/3.0 local stamp, is written by it). Dates outside years 0-9999 take Date's own path, which
// writes them in its six-digit form.

const DAY = 86_400_000;
/** Days from 0000-03-01 to 1970-01-01: the proleptic Gregorian calendar counted from a March, leap day last. */
const EPOCH_DAYS = 719_468;
/** Days in 400 years. */
const ERA = 146_097;
/** The largest distance from the epoch a Date holds, in ms (ECMAScript TimeClip). */
const MAX_TIME = 8.64e15;

/** Milliseconds since the epoch of an instant as `toISOString` writes it: `Date.parse(iso)`. */
export function isoToMs(iso: string): number {
  const century = twoDigits(iso, 0);
  const year = twoDigits(iso, 2);
  const month = twoDigits(iso, 5);
  const day = twoDigits(iso, 8);
  const hour = twoDigits(iso, 11);
  const minute = twoDigits(iso, 14);
  const second = twoDigits(iso, 17);
  const centis = twoDigits(iso, 20);
  const milli = iso.charCodeAt(22) - 48;
  // Six-digit years (+010000-…), and anything not of this shape: Date's own parser.
  if (iso.length !== 24 || (century | year | month | day | hour | minute | second | centis) < 0 || !(milli >= 0 && milli <= 9)) {
    return Date.parse(iso);
  }
  const days = daysFromCivil(century * 100 + year, month, day);
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + centis * 10 + milli;
}

/**
 * `new Date(ms).toISOString()`, with Date's rounding (towards zero); null where a Date would be invalid (not finite,
 * or more than 275,000 years from 1970), where `toISOString` throws.
 */
export function msToIso(time: number): string | null {
  if (!(Math.abs(time) <= MAX_TIME)) return null;
  const ms = Math.trunc(time) + 0; // + 0: -0 is 0
  const days = Math.floor(ms / DAY);
  let rest = ms - days * DAY;
  // Civil date of a day number (H. Hinnant's algorithm): years of 400 as 146,097 days, counted from a March.
  const z = days + EPOCH_DAYS;
  const era = Math.floor(z / ERA);
  const dayOfEra = z - era * ERA;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153); // month counted from March
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return new Date(ms).toISOString();
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  // One string built at once, as `sameDayIso` does in timestamp.ts
  // prettier-ignore
  return String.fromCharCode(
    d(year / 100), u(Math.floor(year / 100)), d(year), u(year), 45, d(month), u(month), 45, d(day), u(day), 84,
    d(hour), u(hour), 58, d(minute), u(minute), 58, d(second), u(second), 46, d(milli / 10), d(milli), u(milli), 90,
  );
}

/** Days from 1970-01-01 to the civil date `year`-`month`-`day` (the inverse of `msToIso`'s date part). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * ERA + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - EPOCH_DAYS;
}

/** The char code of the tens digit of `n`. */
function d(n: number): number {
  return 48 + (Math.floor(n / 10) % 10);
}

/** The char code of the units digit of the integer `n`. */
function u(n: number): number {
  return 48 + (n % 10);
}

/** The two-digit number at `at`, or -1 when those are not two digits. */
export function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}
