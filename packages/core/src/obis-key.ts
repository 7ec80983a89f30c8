import { channelOf, type CosemDefinition, findDefinition } from './cosem-catalogue.js';
import { normalizeObis } from './obis.js';

/** What the parser needs to know of an OBIS code, worked out once per code. */
export interface ObisEntry {
  /** Normalised `A-B:C.D.E`. */
  readonly obis: string;
  readonly def: CosemDefinition | undefined;
  /** The B group: the M-Bus channel of `0-n:` objects. */
  readonly channel: number;
}

/** Index just after the code the last `scanObis` read. */
export let scannedTo = 0;

// Entries by A*1000+B, then by (C*1000+D)*1000+E: both small integers, which V8 hashes and compares fastest.
// Bounded: a stream of made-up codes empties it rather than growing it.
const entries = new Map<number, Map<number, ObisEntry>>();
let entryCount = 0;
const ENTRY_LIMIT = 4096;

/**
 * The OBIS code at `raw[pos, end)`, read in one pass over its characters, without slicing or a regex: the parser's
 * fast path. Accepts exactly what `normalizeObis` accepts (an F group as `*255` or `.255`, ':' where '.' belongs),
 * except surrounding spaces, which the slow path handles. Undefined when no code starts at `pos`.
 */
export function scanObis(raw: string, pos: number, end: number): ObisEntry | undefined {
  let field = 0; // A B C D E, then 5 for an F group
  let value = 0;
  let digits = 0;
  let ab = 0;
  let cde = 0;
  let i = pos;
  for (; i <= end; i++) {
    const c = i < end ? raw.charCodeAt(i) : -1;
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return undefined;
      value = value * 10 + c - 48;
      continue;
    }
    if (digits === 0) return undefined;
    if (field === 0) {
      if (c !== 0x2d /* - */) return undefined;
      ab = value * 1000;
    } else if (field === 1) {
      if (c !== 0x3a /* : */) return undefined;
      ab += value;
    } else if (field < 4) {
      if (c !== 0x2e && c !== 0x3a) return undefined;
      cde = cde * 1000 + value;
    } else if (field === 4) {
      cde = cde * 1000 + value;
      if (c !== 0x2e && c !== 0x2a /* . * */) break;
    } else {
      break;
    }
    field++;
    value = 0;
    digits = 0;
  }
  if (field < 4) return undefined;
  scannedTo = i;
  return entry(ab, cde);
}

function entry(ab: number, cde: number): ObisEntry {
  let row = entries.get(ab);
  let found = row?.get(cde);
  if (found === undefined) {
    const obis = normalizeObis(`${Math.floor(ab / 1000)}-${ab % 1000}:${Math.floor(cde / 1e6)}.${Math.floor(cde / 1000) % 1000}.${cde % 1000}`)!;
    found = { obis, def: findDefinition(obis), channel: channelOf(obis) };
    if (entryCount >= ENTRY_LIMIT) {
      entries.clear();
      entryCount = 0;
      row = undefined;
    }
    if (row === undefined) entries.set(ab, (row = new Map()));
    row.set(cde, found);
    entryCount++;
  }
  return found;
}
