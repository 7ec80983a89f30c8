import { channelOf, COSEM_OBJECTS, type CosemDefinition, findDefinition } from './cosem-catalogue.js';

// OBIS reduced ids: `A-B:C.D.E`, with an F group seen as `*255` or `.255` in the wild, and spec typos that use ':'
// where a '.' belongs (`1-0:72:32.0`). One scanner reads them all (`obisKeyAt`); everything is normalised to
// `A-B:C.D.E`.

/** What the parser needs to know of an OBIS code, worked out once per code. */
export interface ObisEntry {
  /** Normalised `A-B:C.D.E`. */
  readonly obis: string;
  readonly def: CosemDefinition | undefined;
  /** The B group: the M-Bus channel of `0-n:` objects. */
  readonly channel: number;
}

/** The key `obisKeyAt` gives: A*1000+B times this, plus (C*1000+D)*1000+E. Below 2^53, so exact. */
const AB = 1e9;

/**
 * The OBIS code that is exactly `raw[pos, end)`, as a number (see `AB`), read in one pass over its characters,
 * without slicing or a regex: the parser's fast path and the only OBIS reader (`normalizeObis` is this plus trimming).
 * Groups of 1-3 ASCII digits; an F group as `*255` or `.255`; ':' where '.' belongs. -1 when the text is not
 * exactly one code (surrounding spaces included). A pure function: everything it found is in what it returns.
 */
export function obisKeyAt(raw: string, pos: number, end: number): number {
  let field = 0; // A B C D E, then 5 for an F group
  let value = 0;
  let digits = 0;
  let ab = 0;
  let cde = 0;
  for (let i = pos; i <= end; i++) {
    const c = i < end ? raw.charCodeAt(i) : -1;
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return -1;
      value = value * 10 + c - 48;
      continue;
    }
    if (digits === 0) return -1;
    if (field === 0) {
      if (c !== 0x2d /* - */) return -1;
      ab = value * 1000;
    } else if (field === 1) {
      if (c !== 0x3a /* : */) return -1;
      ab += value;
    } else if (field < 4) {
      if (c !== 0x2e && c !== 0x3a) return -1;
      cde = cde * 1000 + value;
    } else if (field === 4) {
      cde = cde * 1000 + value;
      if (c === -1) return ab * AB + cde;
      if (c !== 0x2e && c !== 0x2a /* . * */) return -1;
    } else {
      return c === -1 ? ab * AB + cde : -1; // the F group ends the code
    }
    field++;
    value = 0;
    digits = 0;
  }
  return -1;
}

/** `A-B:C.D.E` of the code with key `key` (from `obisKeyAt`). */
export function obisText(key: number): string {
  const ab = Math.floor(key / AB);
  const cde = key - ab * AB;
  return `${Math.floor(ab / 1000)}-${ab % 1000}:${Math.floor(cde / 1e6)}.${Math.floor(cde / 1000) % 1000}.${cde % 1000}`;
}

/** The key (see `obisKeyAt`) of an OBIS code as sent, spaces around it allowed; -1 when the text is not one code. */
function obisKeyOfText(text: string): number {
  const code = text.trim();
  return obisKeyAt(code, 0, code.length);
}

/**
 * `A-B:C.D.E` for an OBIS code as sent (spaces around it allowed), or null when the text is not one. A pure
 * function: the parser keeps the codes it met per decoder (see `ObisCodes`), so nothing is remembered here.
 */
export function normalizeObis(text: string): string | null {
  const key = obisKeyOfText(text);
  return key < 0 ? null : obisText(key);
}

/** The entry of the code with key `key` (from `obisKeyAt`), made afresh. */
export function obisEntry(key: number): ObisEntry {
  return entryOf(obisText(key));
}

/** The entry of a normalised code. */
export function entryOf(obis: string): ObisEntry {
  return { obis, def: findDefinition(obis), channel: channelOf(obis) };
}

/** The entry of a code as sent (spaces around it allowed), or undefined when the text is not one. */
export function entryOfText(text: string): ObisEntry | undefined {
  const key = obisKeyOfText(text);
  return key < 0 ? undefined : obisEntry(key);
}

const ENTRY_LIMIT = 4096;

/**
 * The entries of the catalogue's codes (M-Bus ones on channels 1-4), by the two halves of their key as in
 * `ObisCodes`: made once, frozen, never changed, shared by every decoder. A telegram parsed on its own then works out
 * no entry of a code p1 knows.
 */
const KNOWN: ReadonlyMap<number, ReadonlyMap<number, ObisEntry>> = /* @__PURE__ */ knownEntries();

function knownEntries(): Map<number, Map<number, ObisEntry>> {
  const rows = new Map<number, Map<number, ObisEntry>>();
  for (const { obis } of COSEM_OBJECTS) {
    for (const code of obis.startsWith('0-n:') ? [1, 2, 3, 4].map((n) => `0-${n}${obis.slice(3)}`) : [obis]) {
      const key = obisKeyAt(code, 0, code.length);
      const ab = Math.floor(key / AB);
      let row = rows.get(ab);
      if (row === undefined) rows.set(ab, (row = new Map()));
      row.set(key - ab * AB, Object.freeze(obisEntry(key)));
    }
  }
  return rows;
}

/**
 * The codes one decoder has met, each worked out once: the same few dozen recur in every telegram. Entries by
 * A*1000+B, then by (C*1000+D)*1000+E: both small integers, which V8 hashes and compares fastest. Bounded: a stream
 * of made-up codes empties it rather than growing it. Owned by a `ParseState`, never shared between decoders.
 */
export class ObisCodes {
  readonly #rows = new Map<number, Map<number, ObisEntry>>();
  #count = 0;

  /** The entry of the code that is exactly `raw[pos, end)`, or undefined when that text is not one code. */
  at(raw: string, pos: number, end: number): ObisEntry | undefined {
    const key = obisKeyAt(raw, pos, end);
    return key < 0 ? undefined : this.entry(key);
  }

  /** The entry of the code with key `key` (from `obisKeyAt`). */
  entry(key: number): ObisEntry {
    const ab = Math.floor(key / AB);
    const cde = key - ab * AB;
    const known = KNOWN.get(ab)?.get(cde);
    if (known !== undefined) return known;
    let row = this.#rows.get(ab);
    let found = row?.get(cde);
    if (found === undefined) {
      found = obisEntry(key);
      if (this.#count >= ENTRY_LIMIT) {
        this.#rows.clear();
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
