import { STAR } from './char-codes.js';
import type { CosemDefinition } from './cosem-catalogue.js';
import type { CosemValue } from './decode-value.js';
import { decimalIn } from './decimal.js';
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

/**
 * A decimal with no unit or the definition's first unit, spelled exactly, read by `decimalIn` as the slow path reads
 * it; anything else (another unit, a value that is no decimal) is left to the slow path, which reports it.
 */
function fastNumber(def: CosemDefinition, raw: string, from: number, to: number): number | null | typeof SLOW {
  if (from === to) return null;
  let end = to;
  const unit = def.units?.[0];
  if (unit !== undefined && to - from > unit.length && raw.charCodeAt(to - unit.length - 1) === STAR && raw.startsWith(unit, to - unit.length)) {
    end = to - unit.length - 1;
  }
  const value = decimalIn(raw, from, end);
  return value === null ? SLOW : value;
}
