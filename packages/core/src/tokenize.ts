/** One value group `(value*unit)` of a COSEM line. */
export interface CosemGroup {
  /** Everything between the parentheses, as sent. */
  raw: string;
  /** The part before the unit (all of `raw` when there is no unit). */
  value: string;
  /** The unit after `*`, original spelling; null when none was sent. */
  unit: string | null;
}

/** A logical data line: one physical line plus its continuation lines. */
export interface LogicalLine {
  /** The text as sent, continuation lines included with their line ends. */
  raw: string;
  /** 1-based line of the telegram where it starts (the header is line 1). */
  line: number;
  /** The text before the first '('. */
  obisText: string;
  /** Null when the line has no '(' at all. */
  groups: CosemGroup[] | null;
}

/** The header line without '/', and the data lines between it and the '!' (spec digest §3.4). */
export function tokenize(raw: string): { header: string; lines: LogicalLine[] } {
  let eol = raw.indexOf('\n');
  if (eol < 0) eol = raw.length;
  const header = raw.slice(1, raw.charCodeAt(eol - 1) === 13 ? eol - 1 : eol);
  const lines: LogicalLine[] = [];
  // A logical line is a contiguous range of `raw`: [from, to) without its final line end.
  let from = -1;
  let to = 0;
  let startLine = 0;
  let depth = 0;
  let lineNo = 1;
  let pos = eol + 1;
  while (pos < raw.length) {
    let next = raw.indexOf('\n', pos);
    if (next < 0) next = raw.length;
    lineNo++;
    const stop = next > pos && raw.charCodeAt(next - 1) === 13 ? next - 1 : next;
    const first = raw.charCodeAt(pos);
    if (first === 0x21 /* ! */) break; // the decoder ends a telegram at any '!' that starts a line
    if (from >= 0 && (depth > 0 || first === 0x28 /* ( */)) {
      // A text message split over lines, or the DSMR 2.2/3.0 value on the line after its profile header.
      to = stop;
      depth = balance(raw, pos, stop, depth);
    } else {
      if (from >= 0) lines.push(toLogical(raw, from, to, startLine));
      from = stop > pos ? pos : -1; // blank lines (after the header, or stray) carry nothing
      to = stop;
      startLine = lineNo;
      depth = balance(raw, pos, stop, 0);
    }
    pos = next + 1;
  }
  if (from >= 0) lines.push(toLogical(raw, from, to, startLine));
  return { header, lines };
}

function balance(text: string, from: number, to: number, depth: number): number {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x28) depth++;
    else if (c === 0x29 && depth > 0) depth--;
  }
  return depth;
}

function toLogical(source: string, from: number, to: number, line: number): LogicalLine {
  const raw = source.slice(from, to);
  const open = raw.indexOf('(');
  if (open < 0) return { raw, line, obisText: raw, groups: null };
  return { raw, line, obisText: raw.slice(0, open), groups: splitGroups(raw, open) };
}

/** The `(...)` groups from `open` on; nested parentheses stay inside their group (`((ER11))`). */
export function splitGroups(text: string, open: number): CosemGroup[] {
  const groups: CosemGroup[] = [];
  let i = open;
  while (i < text.length) {
    if (text.charCodeAt(i) !== 0x28) {
      i++; // stray characters between groups, e.g. a line end inside a joined line
      continue;
    }
    let depth = 1;
    let j = i + 1;
    for (; j < text.length && depth > 0; j++) {
      const c = text.charCodeAt(j);
      if (c === 0x28) depth++;
      else if (c === 0x29) depth--;
    }
    const close = depth === 0 ? j - 1 : j;
    groups.push(toGroup(stripLineEnds(text.slice(i + 1, close))));
    i = close + 1;
  }
  return groups;
}

function stripLineEnds(text: string): string {
  return text.indexOf('\n') < 0 ? text : text.replace(/\r?\n/g, '');
}

// A unit is short and starts with a letter: `kWh`, `m3`, `kVArh`. Anything else after a '*' belongs to the value.
const UNIT = /^[A-Za-z][A-Za-z0-9]{0,7}$/;

function toGroup(raw: string): CosemGroup {
  const star = raw.lastIndexOf('*');
  if (star >= 0) {
    const unit = raw.slice(star + 1);
    if (UNIT.test(unit)) return { raw, value: raw.slice(0, star), unit };
  }
  return { raw, value: raw, unit: null };
}
