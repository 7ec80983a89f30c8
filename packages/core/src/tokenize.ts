import { STAR } from './char-codes.js';

/** One value group `(value*unit)` of a COSEM line. */
export interface CosemGroup {
  /** Everything between the parentheses, as sent. */
  readonly raw: string;
  /** The part before the unit (all of `raw` when there is no unit). */
  readonly value: string;
  /** The unit after `*`, original spelling; null when none was sent. */
  readonly unit: string | null;
}

/** The identification line without '/' and without its line end. */
export function headerOf(raw: string): string {
  let eol = raw.indexOf('\n');
  if (eol < 0) eol = raw.length;
  return raw.slice(1, raw.charCodeAt(eol - 1) === 13 ? eol - 1 : eol);
}

/** The `(...)` groups from `open` on; nested parentheses stay inside their group (`((ER11))`). */
export function splitGroups(text: string, open: number): CosemGroup[] {
  const groups: CosemGroup[] = [];
  let i = open;
  const n = text.length;
  // Only a line continued on the next lines has line ends inside its groups: looked for once, not in every group.
  const continued = text.indexOf('\n', open) >= 0;
  while (i < n) {
    if (text.charCodeAt(i) !== 0x28) {
      i++; // stray characters between groups, such as the line end before a continuation line
      continue;
    }
    let close = text.indexOf(')', i + 1);
    const inner = text.indexOf('(', i + 1);
    if (inner >= 0 && (close < 0 || inner < close)) close = nestedClose(text, i);
    if (close < 0) close = n;
    const inside = text.slice(i + 1, close);
    groups.push(toGroup(continued ? stripLineEnds(inside) : inside));
    i = close + 1;
  }
  return groups;
}

function nestedClose(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return j;
  }
  return -1;
}

function stripLineEnds(text: string): string {
  return text.indexOf('\n') < 0 ? text : text.replace(/\r?\n/g, '');
}

function toGroup(raw: string): CosemGroup {
  const star = unitStarAt(raw);
  if (star >= 0 && isUnit(raw, star + 1)) return { raw, value: raw.slice(0, star), unit: raw.slice(star + 1) };
  return { raw, value: raw, unit: null };
}

/**
 * The last '*' of `raw` when a unit may follow it (one of at most `MAX_UNIT` characters), else -1: looked for in the
 * last characters only, by hand (a native lastIndexOf costs more than the few characters it would read).
 */
function unitStarAt(raw: string): number {
  for (let i = raw.length - 1; i >= 0 && i >= raw.length - 1 - MAX_UNIT; i--) if (raw.charCodeAt(i) === STAR) return i;
  return -1;
}

/** The longest unit: `isUnit` takes no more. */
const MAX_UNIT = 8;

/** A unit is short and starts with a letter (`kWh`, `m3`, `kVArh`); anything else after a '*' is part of the value. */
function isUnit(text: string, from: number): boolean {
  const n = text.length - from;
  if (n < 1 || n > MAX_UNIT) return false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20;
    const letter = c >= 0x61 && c <= 0x7a;
    if (!letter && (i === from || text.charCodeAt(i) < 0x30 || text.charCodeAt(i) > 0x39)) return false;
  }
  return true;
}
