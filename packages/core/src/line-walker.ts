import { type DecodedLine, decodeLine, freezeLine } from './decode-line.js';

/** Receives each logical data line: what it says, its text as sent, and the telegram line where it starts. */
export type LineVisitor = (decoded: DecodedLine, text: string, line: number) => void;

interface Slot {
  text: string;
  decoded: DecodedLine;
  /** Physical lines it spans. */
  lines: number;
  /** Reused at least once, and so frozen. */
  shared: boolean;
}

// A meter sends the same lines in the same order every time, and most of them word for word (ids, versions, the
// failure log, gas between its updates). So the n-th line of a telegram is first compared, in place and without
// slicing, with the n-th line of that meter's previous telegram, and its decoding is reused when they are equal.
// A reused decoding is frozen, so that no telegram can change what another holds. Bounded in meters and in lines:
// it never grows with the number of telegrams.
const memos = new Map<string, Slot[]>();
const MAX_METERS = 16;
const MAX_SLOTS = 256;

const LF = 10;
const CR = 13;
const OPEN = 0x28;
const BANG = 0x21;

/**
 * Calls `visit` for each logical data line between the header and the '!' (spec digest §3.4). A logical line is a
 * physical line plus the lines that continue it: a line starting with '(' (the DSMR 2.2/3.0 value after its profile
 * header), or any line while parentheses are open (a text message split over lines).
 */
export function walkLines(raw: string, header: string, visit: LineVisitor): void {
  let memo = memos.get(header);
  if (memo === undefined) {
    if (memos.size >= MAX_METERS) memos.clear();
    memos.set(header, (memo = []));
  }
  const n = raw.length;
  let pos = raw.indexOf('\n') + 1;
  if (pos === 0) return;
  let lineNo = 2;
  for (let index = 0; pos < n; index++) {
    const first = raw.charCodeAt(pos);
    if (first === BANG) return; // the decoder ends a telegram at any '!' that starts a line
    if (first === CR || first === LF) {
      pos = afterLineEnd(raw, pos);
      lineNo++;
      index--;
      continue;
    }
    const slot = index < MAX_SLOTS ? memo[index] : undefined;
    if (slot !== undefined && sameTextAt(raw, pos, slot.text)) {
      const next = afterLineEnd(raw, pos + slot.text.length);
      if (next >= 0 && raw.charCodeAt(next) !== OPEN) {
        if (!slot.shared) {
          freezeLine(slot.decoded);
          slot.shared = true;
        }
        visit(slot.decoded, slot.text, lineNo);
        lineNo += slot.lines;
        pos = next;
        continue;
      }
    }
    // The slow path: find where the logical line ends, then decode it.
    let stop = lineStop(raw, pos);
    let next = afterLineEnd(raw, stop);
    let depth = balance(raw, pos, stop, 0);
    let lines = 1;
    const from = pos;
    while (next < n && (depth > 0 || raw.charCodeAt(next) === OPEN) && raw.charCodeAt(next) !== BANG) {
      const end = lineStop(raw, next);
      depth = balance(raw, next, end, depth);
      stop = end;
      next = afterLineEnd(raw, end);
      lines++;
    }
    const text = raw.slice(from, stop);
    const decoded = decodeLine(text, slot?.decoded, slot?.text);
    if (index < MAX_SLOTS) memo[index] = { text, decoded, lines, shared: false };
    visit(decoded, text, lineNo);
    lineNo += lines;
    pos = next;
  }
}

/**
 * Whether `raw` holds `text` at `pos`. Values change in their last digits, so the tail is compared first and a
 * changed line is usually told apart after a few characters; equal lines then take indexOf, which is native and
 * about twice as fast as startsWith here.
 */
function sameTextAt(raw: string, pos: number, text: string): boolean {
  const len = text.length;
  const end = pos + len;
  if (end > raw.length) return false;
  for (let k = 1; k <= 8 && k <= len; k++) if (raw.charCodeAt(end - k) !== text.charCodeAt(len - k)) return false;
  return raw.indexOf(text, pos) === pos;
}

/** Where the physical line at `pos` ends, without its CR LF. */
function lineStop(raw: string, pos: number): number {
  let lf = raw.indexOf('\n', pos);
  if (lf < 0) lf = raw.length;
  return lf > pos && raw.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
}

/** The start of the next line when `at` is a line end (CR LF, LF, CR or the end of the text), else -1. */
function afterLineEnd(raw: string, at: number): number {
  if (at >= raw.length) return raw.length;
  const c = raw.charCodeAt(at);
  if (c === LF) return at + 1;
  if (c === CR) return raw.charCodeAt(at + 1) === LF ? at + 2 : at + 1;
  return -1;
}

/** Open parentheses after raw[from, to), starting from `depth`; counted with indexOf, which is native and fast. */
function balance(raw: string, from: number, to: number, depth: number): number {
  for (let i = raw.indexOf('(', from); i >= 0 && i < to; i = raw.indexOf('(', i + 1)) depth++;
  for (let i = raw.indexOf(')', from); i >= 0 && i < to && depth > 0; i = raw.indexOf(')', i + 1)) depth--;
  return depth;
}
