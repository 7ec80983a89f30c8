import { STAR } from './char-codes.js';
import type { CosemDefinition } from './cosem-catalogue.js';
import type { CosemValue } from './decode-value.js';
import { decodeHexText } from './hex-text.js';
import { parseTimestamp } from './timestamp.js';

// The fast path's value decoding: a line `OBIS(value)` or `OBIS(value*unit)` whose definition is known is read
// straight from the telegram's text, without tokenizing it. Anything doubtful is left to the slow path (the tokenizer
// and `decodeValue`), which gives the same value and reports what is wrong.

/** Returned by `fastValue` for a line the fast path leaves to the slow path. */
export const SLOW = Symbol('slow');

/**
 * The value of the line whose group opens at `open` and whose last character, at `stop - 1`, is ')'; SLOW where only
 * the slow path can say (several groups, nesting, a unit other than the defined one, anything that is an issue).
 * A pure function: what it found is in what it returns, so nothing of one line can reach another.
 */
export function fastValue(def: CosemDefinition, raw: string, open: number, stop: number): CosemValue | typeof SLOW {
  const from = open + 1;
  const to = stop - 1;
  switch (def.kind) {
    case 'number':
    case 'integer':
      return fastNumber(def, raw, from, to); // any parenthesis inside sends it to the slow path
    case 'string':
      if (!oneGroup(raw, open, stop)) return SLOW;
      return to > from ? raw.slice(from, to) : null;
    case 'hex-text': {
      if (!oneGroup(raw, open, stop)) return SLOW;
      if (to === from) return null;
      const text = raw.slice(from, to);
      return decodeHexText(text) ?? text;
    }
    case 'timestamp': {
      if (!oneGroup(raw, open, stop)) return SLOW;
      const result = parseTimestamp(raw.slice(from, to));
      return result.problem === undefined ? result.iso : SLOW; // the slow path reports it
    }
    default:
      return SLOW;
  }
}

/** Whether the group opening at `open` is the line's only one, without nested parentheses, ending at `stop - 1`. */
export function oneGroup(raw: string, open: number, stop: number): boolean {
  const close = raw.indexOf(')', open);
  if (close !== stop - 1) return false;
  const inner = raw.indexOf('(', open + 1);
  return inner < 0 || inner > close;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** A decimal with no unit or the definition's first unit, spelled exactly; anything else is left to the slow path. */
function fastNumber(def: CosemDefinition, raw: string, from: number, to: number): number | null | typeof SLOW {
  let i = from;
  let negative = false;
  if (raw.charCodeAt(i) === 0x2d /* - */) {
    negative = true;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  for (; i < to; i++) {
    const c = raw.charCodeAt(i);
    const digit = c - 48;
    if (digit >= 0 && digit <= 9) {
      mantissa = mantissa * 10 + digit;
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === 0x2e && decimals < 0 && digits > 0) {
      decimals = 0;
    } else if (c === STAR) {
      break;
    } else {
      return SLOW;
    }
  }
  if (digits === 0) return i === to && !negative ? null : SLOW;
  if (digits > 15 || decimals > 9) return SLOW;
  if (i < to) {
    const expected = def.units?.[0];
    if (expected === undefined || to - i - 1 !== expected.length || !raw.startsWith(expected, i + 1)) return SLOW;
  }
  const value = decimals > 0 ? mantissa / POW10[decimals]! : mantissa;
  return negative ? -value : value;
}
