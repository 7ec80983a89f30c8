import { ReadingBuilder } from './build-reading.js';
import { BANG, CLOSE, CR, LF, OPEN, STAR } from './char-codes.js';
import type { CosemDefinition } from './cosem-catalogue.js';
import { CosemObject } from './cosem-object.js';
import { decodeLine } from './decode-line.js';
import type { CosemValue } from './decode-value.js';
import { decodeHexText } from './hex-text.js';
import { freezeDeep } from './freeze-deep.js';
import type { ObisEntry } from './obis-key.js';
import type { P1Issue, P1IssueCode } from './p1-issue.js';
import { detectProfile, type ProfileFacts, type ProfileId } from './profiles.js';
import type { Reading } from './reading.js';
import { placeOf, VERSION } from './reading-shape.js';
import { MAX_SLOTS, ParseState, type Slot } from './parse-state.js';
import { parseTimestamp } from './timestamp.js';

export interface ParseOptions {
  /** Use this standard instead of detecting it. */
  profile?: ProfileId;
  /**
   * Keep each telegram's text in `raw` (default true). With false the telegram is parsed at once and `raw` is '':
   * for programs that hold many readings and want the least memory.
   */
  keepRaw?: boolean;
  /** Keep `objects` (default true). With false the telegram is parsed at once and `objects` is empty. */
  keepObjects?: boolean;
}

/** What a telegram's data lines mean. */
export interface TelegramContent {
  profile: ProfileId;
  reading: Reading;
  issues: P1Issue[];
  objects: CosemObject[];
}

const NO_PROBLEMS: Slot['problems'] = Object.freeze([]);

/**
 * Reads the data lines of a telegram's text, in one pass, into its objects, a reading, its issues and its profile
 * (spec digest §3). Never throws.
 *
 * Most lines are `OBIS(value)` or `OBIS(value*unit)` with a unit its standard defines: those are read straight from
 * the text (the fast path). Everything else (several groups, nested parentheses, continuation lines, odd units,
 * anything doubtful) goes through the general tokenizer and decoders (the slow path), which give the same results.
 */
export function parseContent(
  raw: string,
  header: string,
  hasCrc: boolean,
  lineEndingsRestored: boolean,
  options: ParseOptions,
  state: ParseState = new ParseState(),
): TelegramContent {
  const meter = state.meter(header);
  const memo = meter.slots;
  const builder = new ReadingBuilder();
  const issues: P1Issue[] = [];
  const objects: CosemObject[] = [];
  const versions: ProfileFacts['versions'] = {};
  if (lineEndingsRestored) {
    issues.push({ code: 'line-endings-restored', message: 'line 1: CRC matched only with CR restored before each LF', line: 1 });
  }
  const report = (code: P1IssueCode, message: string, obis: string | null, line: number): void => {
    const issue: P1Issue = { code, message: `${obis ?? 'line'} ${obis === null ? line : `(line ${line})`}: ${message}`, line };
    if (obis !== null) issue.obis = obis;
    issues.push(issue);
  };
  const keep = (slot: Slot): void => {
    objects.push(slot.object);
    if (slot.problems.length > 0) for (const p of slot.problems) report(p.code, p.message, slot.object.obis, slot.object.line);
    const def = slot.def;
    if (def === undefined) return;
    // The objects that fill `reading.version` are the ones profile detection reads, as sent ('' when empty).
    if (slot.place === VERSION) versions[def.obis as keyof ProfileFacts['versions']] = (slot.leaf as string | null) ?? '';
    builder.apply(def, slot.place, slot.leaf, slot.object.value, slot.channel);
  };

  const n = endLineAt(raw);
  let pos = raw.indexOf('\n') + 1;
  let lineNo = 2;
  for (let index = 0; pos > 0 && pos < n; index++) {
    const first = raw.charCodeAt(pos);
    if (first === LF || (first === CR && raw.charCodeAt(pos + 1) === LF)) {
      pos += first === LF ? 1 : 2; // a blank line (after the header, or stray) carries nothing
      lineNo++;
      index--;
      continue;
    }

    // The same line as last time, at the same place: reuse what it said.
    const slot = memo[index];
    if (slot !== undefined && sameTextAt(raw, pos, slot.text, slot.probe)) {
      const after = afterLineEnd(raw, pos + slot.text.length);
      if (after >= 0 && raw.charCodeAt(after) !== OPEN) {
        if (!slot.shared) {
          // The telegram that read the line first keeps its object, which its holder may have changed; the later
          // ones share a frozen copy made from what the line said.
          slot.object = new CosemObject(slot.obis, slot.def?.name ?? null, lineNo, slot.text, slot.value).freeze();
          slot.shared = true;
        }
        if (slot.object.line !== lineNo) slot.object = slot.object.at(lineNo);
        keep(slot);
        lineNo += slot.lines;
        pos = after;
        continue;
      }
    }

    let stop = lineStop(raw, pos);
    let next = afterLineEnd(raw, stop);

    // The fast path: one group, no nesting, nothing continues the line.
    if (raw.charCodeAt(stop - 1) === CLOSE && raw.charCodeAt(next) !== OPEN) {
      // A line whose value changed mostly keeps its OBIS code: compare the previous line's text up to its '('.
      const known = slot !== undefined && slot.found !== undefined && sameTextAt(raw, pos, slot.prefix, slot.prefix.length - 1);
      const open = known ? pos + slot.prefix.length - 1 : raw.indexOf('(', pos);
      const found = known ? slot.found : open > pos && open < stop ? state.codes.at(raw, pos, open) : undefined;
      if (found !== undefined) {
        const def = found.def;
        const value = def === undefined ? (oneGroup(raw, open, stop) ? null : SLOW) : fastValue(def, raw, open, stop);
        if (value !== SLOW) {
          const text = raw.slice(pos, stop);
          const object = new CosemObject(found.obis, def?.name ?? null, lineNo, text, value);
          const prefix = known ? slot.prefix : raw.slice(pos, open + 1);
          // The fast path reads no unit but the definition's own, which `remember` supplies, and no problem.
          keep(remember({ memo, index, raw, pos, text, found, prefix, object, def, unit: null, channel: found.channel, problems: NO_PROBLEMS, lines: 1 }));
          pos = next;
          lineNo++;
          continue;
        }
      }
    }

    // The slow path: find where the logical line ends, then tokenize and decode it in full.
    let depth = balance(raw, pos, stop, 0);
    let lines = 1;
    const from = pos;
    while (next < n && (depth > 0 || raw.charCodeAt(next) === OPEN)) {
      const end = lineStop(raw, next);
      depth = balance(raw, next, end, depth);
      stop = end;
      next = afterLineEnd(raw, end);
      lines++;
    }
    const text = raw.slice(from, stop);
    const decoded = decodeLine(text, state.codes);
    const object = new CosemObject(decoded.obis, decoded.def?.name ?? null, lineNo, text, decoded.value, decoded.groups);
    const group = decoded.groups[0];
    keep(remember({ memo, index, raw, pos: from, text, found: undefined, prefix: '', object, def: decoded.def, unit: group?.unit ?? null, channel: decoded.channel, problems: decoded.problems, lines }));
    lineNo += lines;
    pos = next;
  }
  const profile = options.profile ?? detectProfile({ versions, hasCrc, header });
  const reading = (meter.reading = builder.finish(meter.header, meter.reading));
  return { profile, reading, issues, objects };
}

/** Returned by `fastValue` for a line the fast path leaves to the slow path. */
const SLOW = Symbol('slow');

/**
 * The value of the line whose group opens at `open` and whose last character, at `stop - 1`, is ')'; SLOW where only
 * the slow path can say (several groups, nesting, a unit other than the defined one, anything that is an issue).
 * A pure function: what it found is in what it returns, so nothing of one line can reach another.
 */
function fastValue(def: CosemDefinition, raw: string, open: number, stop: number): CosemValue | typeof SLOW {
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
function oneGroup(raw: string, open: number, stop: number): boolean {
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

/** What a line said, as read, for `remember`. */
interface LineRead {
  /** The meter's slots, and the line's place among its data lines. */
  memo: (Slot | undefined)[];
  index: number;
  /** The telegram's text and where the line starts in it. */
  raw: string;
  pos: number;
  text: string;
  /** The code and the text through its '(' (fast path), for the next telegram's same line; `''` on the slow path. */
  found: ObisEntry | undefined;
  prefix: string;
  object: CosemObject;
  def: CosemDefinition | undefined;
  /** The unit as sent (slow path); null takes the definition's own. */
  unit: string | null;
  channel: number;
  problems: Slot['problems'];
  /** Physical lines the logical line spans. */
  lines: number;
}

/** Stores what a line said in a new memo slot for its place, and returns it. */
function remember(line: LineRead): Slot {
  const { memo, index, raw, pos, text, found, prefix, object, def, unit, channel, problems, lines } = line;
  const { obis, value } = object;
  freezeDeep(value); // a structured value may become part of readings, and is kept for the shared copy
  const place = def === undefined ? undefined : placeOf(def);
  const leaf = place === undefined ? undefined : place.make(value, unit ?? (def!.kind === 'number' ? (def!.units?.[0] ?? null) : null));
  // A new slot rather than the old one updated field by field: measured no slower, and simpler.
  const previous = memo[index];
  const probe = previous === undefined ? lastDigitAt(raw, pos, text.length) : lastChange(previous.text, raw, pos, text.length);
  const slot: Slot = { text, probe, found, prefix, object, obis, value, def, place: place?.index ?? -1, leaf, channel, problems, lines, shared: false };
  if (index < MAX_SLOTS) memo[index] = slot;
  return slot;
}

/**
 * Whether `raw` holds `text` at `pos`. The character at `probe` is compared first, so that a changed line is
 * usually told apart at once; equal lines then take indexOf, which is native and about twice as fast as startsWith.
 */
function sameTextAt(raw: string, pos: number, text: string, probe: number): boolean {
  if (pos + text.length > raw.length || raw.charCodeAt(pos + probe) !== text.charCodeAt(probe)) return false;
  return raw.indexOf(text, pos) === pos;
}

/**
 * The last index at which the line at `raw[pos, pos + length)` differs from `previous`, else its last digit.
 * Compared in `raw`, a flat string, rather than in the line's slice, whose characters cost an indirection each.
 */
function lastChange(previous: string, raw: string, pos: number, length: number): number {
  if (previous.length === length) {
    for (let i = length - 1; i > 0; i--) if (previous.charCodeAt(i) !== raw.charCodeAt(pos + i)) return i;
  }
  return lastDigitAt(raw, pos, length);
}

/** The index, within the line at `raw[pos, pos + length)`, of its last digit (0 when it has none). */
function lastDigitAt(raw: string, pos: number, length: number): number {
  for (let i = length - 1; i > 0; i--) {
    const c = raw.charCodeAt(pos + i);
    if (c >= 48 && c <= 57) return i;
  }
  return 0;
}

/**
 * Where the data lines end: at the '!' of the end line, the last '!' of the text when it starts a line (a '!' that
 * starts an earlier line began a damaged line, which the decoder kept); the text's length when there is none.
 */
function endLineAt(raw: string): number {
  // The decoder's frames end at most a few characters after their '!': looked for there first, by hand, which is
  // several times faster than lastIndexOf.
  let bang = -1;
  for (let i = raw.length - 1; i >= 0 && i >= raw.length - 16; i--) {
    if (raw.charCodeAt(i) === BANG) {
      bang = i;
      break;
    }
  }
  if (bang < 0) bang = raw.lastIndexOf('!');
  return bang > 0 && raw.charCodeAt(bang - 1) === LF ? bang : raw.length;
}

/** Where the physical line at `pos` ends, without its CR LF. */
function lineStop(raw: string, pos: number): number {
  let lf = raw.indexOf('\n', pos);
  if (lf < 0) lf = raw.length;
  return lf > pos && raw.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
}

/**
 * The start of the next line when `at` is a line end (CR LF, LF or the end of the text), else -1. A bare CR is no
 * line end, as in `lineStop`: a line must end at the same place whether or not the memo knows it.
 */
function afterLineEnd(raw: string, at: number): number {
  if (at >= raw.length) return raw.length;
  const c = raw.charCodeAt(at);
  if (c === LF) return at + 1;
  if (c === CR && raw.charCodeAt(at + 1) === LF) return at + 2;
  return -1;
}

/** Open parentheses after raw[from, to), starting from `depth`; counted with indexOf, which is native and fast. */
function balance(raw: string, from: number, to: number, depth: number): number {
  for (let i = raw.indexOf('(', from); i >= 0 && i < to; i = raw.indexOf('(', i + 1)) depth++;
  for (let i = raw.indexOf(')', from); i >= 0 && i < to && depth > 0; i = raw.indexOf(')', i + 1)) depth--;
  return depth;
}
