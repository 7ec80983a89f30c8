import { channelOf, COSEM_OBJECTS, type CosemDefinition, findDefinition } from './cosem-catalogue.js';

// OBIS reduced ids: `A-B:C.D.E`, with an F group seen as `*255` or `.255` in the wild, and spec typos that use ':'
// where a '.' belongs (`1-0:72:32.0`). One scanner reads them all (`readObis`); everything is normalised to
// `A-B:C.D.E`, or `A-B:C.D.E*F` for an F group other than 255. F = 255 (or none) is the current value; any other
// F is a stored one, a billing period or history (a Logarex LK13BE sends `1-0:1.8.0*96` to `*100` after
// `1-0:1.8.0*255`): a code of its own, which p1 does not know, so that it never takes the current value's place.

/** What the parser needs to know of an OBIS code, worked out once per code. */
export interface ObisEntry {
  /** Normalised `A-B:C.D.E` (`A-B:C.D.E*F` for a stored value). */
  readonly obis: string;
  readonly def: CosemDefinition | undefined;
  /** The B group: the M-Bus channel of `0-n:` objects. */
  readonly channel: number;
}

/**
 * The two halves of an OBIS code, small integers, which V8 keeps unboxed, hashes and compares fastest:
 * `ab` = F'·10^6 + A·1000 + B, where F' is 0 without an F group or with F = 255 and F + 1 otherwise, and
 * `cde` = (C·1000 + D)·1000 + E.
 */
export interface ObisHalves {
  ab: number;
  cde: number;
}

const F_UNIT = 1e6;
const CURRENT = 255;

/**
 * Reads the OBIS code that is exactly `raw[pos, end)` into `into`, in one pass over its characters, without slicing
 * or a regex: the one OBIS reader (`normalizeObis`, `entryAt` and the parser's `ObisCodes` all read through it).
 * Groups of 1-3 ASCII digits; an F group as `*F` or `.F`; ':' where '.' belongs. False, `into` untouched, when
 * the text is not exactly one code (surrounding spaces included). Writes nothing but `into`.
 */
export function readObis(raw: string, pos: number, end: number, into: ObisHalves): boolean {
  let field = 0; // A B C D E, then 5 for an F group
  let value = 0;
  let digits = 0;
  let ab = 0;
  let cde = 0;
  for (let i = pos; i < end; i++) {
    const c = raw.charCodeAt(i);
    const digit = c - 48;
    if (digit >= 0 && digit <= 9) {
      if (++digits > 3) return false;
      value = value * 10 + digit;
      continue;
    }
    // A separator: it must follow digits and be the one its place takes.
    if (digits === 0 || (c !== SEPARATORS[field]! && c !== SEPARATORS_TOO[field]!)) return false;
    if (field === 0) ab = value * 1000;
    else if (field === 1) ab += value;
    else cde = cde * 1000 + value; // C, D, and E before an F group
    field++;
    value = 0;
    digits = 0;
  }
  if (digits === 0 || field < 4) return false; // the code ended in a separator, or before its E group
  if (field === 4) {
    into.ab = ab;
    into.cde = cde * 1000 + value;
  } else {
    into.ab = value === CURRENT ? ab : (value + 1) * F_UNIT + ab;
    into.cde = cde;
  }
  return true;
}

// The separator after each group: after A '-', after B ':', after C and D '.' (or ':', a spec typo), after E '.' or
// '*' before an F group; nothing may follow F (-1 matches no char code). Typed arrays, never written: as fast as
// branches here, where frozen arrays holding a NaN measured 1.5x slower.
const SEPARATORS = /* @__PURE__ */ Int32Array.of(0x2d, 0x3a, 0x2e, 0x2e, 0x2e, -1);
const SEPARATORS_TOO = /* @__PURE__ */ Int32Array.of(-1, -1, 0x3a, 0x3a, 0x2a, -1);

/** Whether `raw[pos, end)` is exactly one OBIS code. */
export function isObisAt(raw: string, pos: number, end: number): boolean {
  return readObis(raw, pos, end, { ab: 0, cde: 0 });
}

/** The normalised text of the code with these halves: `A-B:C.D.E`, or `A-B:C.D.E*F` for a stored value. */
export function obisText(ab: number, cde: number): string {
  const f = Math.floor(ab / F_UNIT);
  const code = `${Math.floor(ab / 1000) % 1000}-${ab % 1000}:${Math.floor(cde / 1e6)}.${Math.floor(cde / 1000) % 1000}.${cde % 1000}`;
  return f === 0 ? code : `${code}*${f - 1}`;
}

/**
 * The entry of the code that is exactly `raw[pos, end)`, made afresh, or undefined when that text is not one code.
 * A pure function: the parser keeps the codes it met per decoder (see `ObisCodes`), so nothing is remembered here.
 */
export function entryAt(raw: string, pos: number, end: number): ObisEntry | undefined {
  const halves = { ab: 0, cde: 0 };
  return readObis(raw, pos, end, halves) ? entryOf(obisText(halves.ab, halves.cde)) : undefined;
}

/** `A-B:C.D.E` (or `A-B:C.D.E*F`, see above) for an OBIS code as sent (spaces around it allowed), or null when the text is not one. */
export function normalizeObis(text: string): string | null {
  const code = text.trim();
  const halves = { ab: 0, cde: 0 };
  return readObis(code, 0, code.length, halves) ? obisText(halves.ab, halves.cde) : null;
}

/** The entry of a normalised code. */
export function entryOf(obis: string): ObisEntry {
  return { obis, def: findDefinition(obis), channel: channelOf(obis) };
}

/** The entry of a code as sent (spaces around it allowed), or undefined when the text is not one. */
export function entryOfText(text: string): ObisEntry | undefined {
  const code = text.trim();
  return entryAt(code, 0, code.length);
}

const ENTRY_LIMIT = 4096;

/** The catalogue's codes, M-Bus ones on channels 1-4. */
const KNOWN_CODES = COSEM_OBJECTS.flatMap(({ obis }) => (obis.startsWith('0-n:') ? [1, 2, 3, 4].map((n) => `0-${n}${obis.slice(3)}`) : [obis]));
/** Slots of `KNOWN` as bits of a hash: a power of two of slots, 2-4 times the codes, so that a probe seldom goes on. */
const SLOT_BITS = Math.ceil(Math.log2(2 * KNOWN_CODES.length));
const KNOWN_SLOTS = 2 ** SLOT_BITS;
const EMPTY = -1;

/**
 * The entries of the catalogue's codes (M-Bus ones on channels 1-4), made once and never changed, shared by every
 * parser: a telegram parsed on its own then works out no entry of a code p1 knows. An open-addressing hash table of
 * the codes' halves in typed arrays rather than Maps: the parser looks a code up for every line it reads afresh,
 * and two Map lookups cost more there than reading the code.
 */
const KNOWN = /* @__PURE__ */ knownTable();

function knownTable(): { abs: Int32Array; cdes: Int32Array; entries: (ObisEntry | undefined)[] } {
  const table = { abs: new Int32Array(KNOWN_SLOTS).fill(EMPTY), cdes: new Int32Array(KNOWN_SLOTS), entries: new Array<ObisEntry | undefined>(KNOWN_SLOTS).fill(undefined) };
  for (const code of KNOWN_CODES) {
    const halves = { ab: 0, cde: 0 };
    readObis(code, 0, code.length, halves);
    let slot = slotOf(halves.ab, halves.cde);
    while (table.abs[slot] !== EMPTY) slot = (slot + 1) & (KNOWN_SLOTS - 1);
    table.abs[slot] = halves.ab;
    table.cdes[slot] = halves.cde;
    table.entries[slot] = Object.freeze(entryOf(code));
  }
  return table;
}

/** The first slot of `KNOWN` to look in for a code. */
function slotOf(ab: number, cde: number): number {
  return Math.imul(Math.imul(ab, 0x9e3779b1) ^ cde, 0x85ebca6b) >>> (32 - SLOT_BITS); // the hash's top bits
}

/** The catalogue's entry of the code with these halves, or undefined when p1 does not know it. */
function knownEntry(ab: number, cde: number): ObisEntry | undefined {
  const { abs, cdes, entries } = KNOWN;
  for (let slot = slotOf(ab, cde); ; slot = (slot + 1) & (KNOWN_SLOTS - 1)) {
    const found = abs[slot];
    if (found === ab && cdes[slot] === cde) return entries[slot];
    if (found === EMPTY) return undefined;
  }
}

/**
 * The codes one decoder has met, each worked out once: the same few dozen recur in every telegram. Entries by
 * A*1000+B, then by (C*1000+D)*1000+E: both small integers, which V8 hashes and compares fastest. Bounded: a stream
 * of made-up codes empties it rather than growing it. Owned by a `ParseState`, never shared between decoders.
 */
export class ObisCodes {
  /** The codes met that the catalogue does not hold; made on the first one (most telegrams have none). */
  #rows: Map<number, Map<number, ObisEntry>> | undefined;
  #count = 0;
  /** Where `at` reads a code: this parser's own, so that nothing it reads is seen by another. */
  readonly #halves: ObisHalves = { ab: 0, cde: 0 };

  /** The entry of the code that is exactly `raw[pos, end)`, or undefined when that text is not one code. */
  at(raw: string, pos: number, end: number): ObisEntry | undefined {
    const halves = this.#halves;
    return readObis(raw, pos, end, halves) ? this.#entryOf(halves.ab, halves.cde) : undefined;
  }

  #entryOf(ab: number, cde: number): ObisEntry {
    const known = knownEntry(ab, cde);
    if (known !== undefined) return known;
    let row = this.#rows?.get(ab);
    let found = row?.get(cde);
    if (found === undefined) {
      found = entryOf(obisText(ab, cde));
      if (this.#rows === undefined || this.#count >= ENTRY_LIMIT) {
        this.#rows = new Map();
        this.#count = 0;
        row = undefined;
      }
      if (row === undefined) this.#rows.set(ab, (row = new Map()));
      row.set(cde, found);
      this.#count++;
    }
    return found;
  }
}
