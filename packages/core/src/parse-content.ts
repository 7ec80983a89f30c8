import { isConfiguredDevice, ReadingBuilder } from './build-reading.js';
import { BANG, CLOSE, CR, LF, OPEN, SPACE } from './char-codes.js';
import { CosemObject } from './cosem-object.js';
import { decodeLine } from './decode-line.js';
import { fastValue, oneGroup, SLOW } from './fast-value.js';
import { holdsLine, remember, sameTextAt } from './line-memo.js';
import { isObisAt } from './obis-key.js';
import type { P1Issue, P1IssueCode } from './p1-issue.js';
import { detectProfile, type ProfileFacts, type ProfileId } from './profiles.js';
import type { Reading } from './reading.js';
import { type Leaves, registersOf, VERSION } from './reading-shape.js';
import { type MeterMemo, ParseState, type Slot } from './parse-state.js';

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
const UNBALANCED = Object.freeze({
  code: 'unbalanced-parentheses' as const,
  message: 'a "(" is not closed before the next object or the end of the data: the line is read alone, its open group up to its end',
});

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
  const read = new LinesRead(meter.leaves);
  if (lineEndingsRestored) {
    read.issues.push({ code: 'line-endings-restored', message: 'line 1: CRC matched only with CR restored before each LF', line: 1 });
  }

  const n = endLineAt(raw);
  let pos = raw.indexOf('\n') + 1;
  let lineNo = 2;
  for (let index = 0; pos > 0 && pos < n; index++) {
    const first = raw.charCodeAt(pos);
    // A blank line (after the header, or stray; spaces only, as some gateways send) carries nothing.
    const blankEnd = first === LF || first === CR || first === SPACE ? afterBlanks(raw, pos) : -1;
    if (blankEnd >= 0) {
      pos = blankEnd;
      lineNo++;
      index--;
      continue;
    }

    // The same line as last time, at the same place: reuse what it said.
    const slot = memo === null ? undefined : memo[index];
    if (slot !== undefined && holdsLine(raw, pos, slot)) {
      const after = afterLineEnd(raw, pos + slot.text.length);
      // A damaged line was read alone because an object followed it: so it is again only if one still does.
      if (after >= 0 && raw.charCodeAt(after) !== OPEN && (slot.problems.length === 0 || !slot.problems.includes(UNBALANCED) || startsObject(raw, after))) {
        if (!slot.shared) {
          // The telegram that read the line first keeps its object, which its holder may have changed; the later
          // ones share a frozen copy made from what the line said.
          slot.object = new CosemObject(slot.obis, slot.def?.name ?? null, lineNo, slot.text, slot.value).freeze();
          slot.shared = true;
        }
        if (slot.object.line !== lineNo) slot.object = slot.object.at(lineNo);
        read.keep(slot);
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
          read.keep(remember(memo, index, raw, pos, object, found, prefix, def, null, found.channel, NO_PROBLEMS, 1));
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
      // A line that opens an object of its own is never a continuation (those are hex, text or `(value)`): the
      // line before it is damaged, and read alone, rather than swallowing it.
      if (raw.charCodeAt(next) !== OPEN && startsObject(raw, next)) break;
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
    const problems = depth > 0 ? [...decoded.problems, UNBALANCED] : decoded.problems;
    read.keep(remember(memo, index, raw, from, object, undefined, '', decoded.def, group?.unit ?? null, decoded.channel, problems, lines));
    lineNo += lines;
    pos = next;
  }
  const profile = options.profile ?? profileOf(meter, read.versions, hasCrc, header, registersOf(read.builder.leaves));
  const reading = (meter.reading = read.builder.finish(meter.header, meter.reading));
  // An empty slot (`0-1:24.1.0()`, `0-1:96.1.0()`, a placeholder zero) has nothing to classify: no issue.
  for (const device of reading.mbus) if (device.medium === null && device.deviceType === null && device.reading !== null && isConfiguredDevice(device)) read.issues.push(untyped(device.channel));
  return { profile, reading, issues: read.issues, objects: read.objects };
}

/** The meter's profile: the one its last telegram gave while the facts it was detected from stay the same. */
function profileOf(meter: MeterMemo, versions: ProfileFacts['versions'], hasCrc: boolean, header: string, registers: ProfileFacts['registers']): ProfileId {
  const dsmr = versions['1-3:0.2.8'];
  const belgium = versions['0-0:96.1.4'];
  const last = meter.profile;
  if (last !== undefined && last.dsmr === dsmr && last.belgium === belgium && last.hasCrc === hasCrc && last.registers === registers) return last.id;
  const id = detectProfile({ versions, hasCrc, header, registers });
  meter.profile = { dsmr, belgium, hasCrc, registers, id };
  return id;
}

/**
 * What the lines of one telegram add up to as the loop reads them: its objects, its issues, the reading being built
 * and the version lines profile detection reads. One object with methods rather than closures over the loop's
 * variables, which the loop would then reach through a context.
 */
class LinesRead {
  readonly builder: ReadingBuilder;
  readonly issues: P1Issue[] = [];
  readonly objects: CosemObject[] = [];
  readonly versions: ProfileFacts['versions'] = {};

  constructor(leaves: Leaves) {
    this.builder = new ReadingBuilder(leaves);
  }

  /** Takes in a line through what its slot says. */
  keep(slot: Slot): void {
    this.objects.push(slot.object);
    if (slot.problems.length > 0) for (const p of slot.problems) this.report(p.code, p.message, slot.object.obis, slot.object.line);
    const def = slot.def;
    if (def === undefined) return;
    // The objects that fill `reading.version` are the ones profile detection reads, as sent ('' when empty).
    if (slot.place === VERSION) this.versions[def.obis as keyof ProfileFacts['versions']] = (slot.leaf as string | null) ?? '';
    this.builder.apply(def, slot.place, slot.leaf, slot.object.value, slot.channel);
  }

  private report(code: P1IssueCode, message: string, obis: string | null, line: number): void {
    const issue: P1Issue = { code, message: `${obis ?? 'line'} ${obis === null ? line : `(line ${line})`}: ${message}`, line };
    if (obis !== null) issue.obis = obis;
    this.issues.push(issue);
  }
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

/** The issue of an M-Bus device that sends a value but nothing that tells its medium. */
function untyped(channel: number): P1Issue {
  const message = `M-Bus channel ${channel} sends a value but no device type (0-${channel}:24.1.0): its medium is unknown (an m3 value is gas or water), so it is not reading.gas`;
  return { code: 'no-device-type', message };
}

/** Where the next line starts when the line at `at` is empty or holds only spaces, else -1. */
function afterBlanks(raw: string, at: number): number {
  let i = at;
  while (raw.charCodeAt(i) === SPACE) i++;
  return afterLineEnd(raw, i);
}

/**
 * Whether the line at `at` starts with an OBIS code and its '(' (spaces before the '(' allowed): an object of its
 * own. Only asked of lines that would otherwise continue an unbalanced one, which is rare.
 */
function startsObject(raw: string, at: number): boolean {
  const open = raw.indexOf('(', at);
  if (open < 0 || open > lineStop(raw, at)) return false;
  let end = open;
  while (end > at && raw.charCodeAt(end - 1) === SPACE) end--;
  return isObisAt(raw, at, end);
}

/** Open parentheses after raw[from, to), starting from `depth`; counted with indexOf, which is native and fast. */
function balance(raw: string, from: number, to: number, depth: number): number {
  for (let i = raw.indexOf('(', from); i >= 0 && i < to; i = raw.indexOf('(', i + 1)) depth++;
  for (let i = raw.indexOf(')', from); i >= 0 && i < to && depth > 0; i = raw.indexOf(')', i + 1)) depth--;
  return depth;
}
