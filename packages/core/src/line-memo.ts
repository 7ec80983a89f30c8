import type { CosemDefinition } from './cosem-catalogue.js';
import type { CosemObject } from './cosem-object.js';
import { freezeDeep } from './freeze-deep.js';
import type { ObisEntry } from './obis-key.js';
import { MAX_SLOTS, type Slot } from './parse-state.js';
import { placeOf } from './reading-shape.js';

// The line memo (see `MeterMemo`): what each line of a meter's last telegram said, and how a line is compared with
// it. `parseContent` asks it first for every line, and tells it what a line that changed says now.

/** Whether `slot`'s line stands at `pos` in `raw`, word for word: its probe character first, then the whole text. */
export function holdsLine(raw: string, pos: number, slot: Slot): boolean {
  return raw.charCodeAt(pos + slot.probe) === slot.probeCode && raw.indexOf(slot.text, pos) === pos;
}

/** What a line said, as read, for `remember`. */
export interface LineRead {
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
export function remember(line: LineRead): Slot {
  const { memo, index, raw, pos, text, found, prefix, object, def, unit, channel, problems, lines } = line;
  const { obis, value } = object;
  freezeDeep(value); // a structured value may become part of readings, and is kept for the shared copy
  const place = def === undefined ? undefined : placeOf(def);
  const leaf = place === undefined ? undefined : place.make(value, unit ?? (def!.kind === 'number' ? (def!.units?.[0] ?? null) : null));
  // A new slot rather than the old one updated field by field: measured no slower, and simpler.
  const previous = memo[index];
  // Where the previous text differs at its probe, the probe still points at what changes; else it is looked for.
  const probe =
    previous === undefined
      ? lastDigitAt(raw, pos, text.length)
      : previous.text.length === text.length && raw.charCodeAt(pos + previous.probe) !== previous.probeCode
        ? previous.probe
        : lastChange(previous.text, raw, pos, text.length);
  const slot: Slot = { text, probe, probeCode: raw.charCodeAt(pos + probe), found, prefix, object, obis, value, def, place: place?.index ?? -1, leaf, channel, problems, lines, shared: false };
  if (index < MAX_SLOTS) memo[index] = slot;
  return slot;
}

/**
 * Whether `raw` holds `text` at `pos`. The character at `probe` is compared first, so that a changed line is
 * usually told apart at once; equal lines then take indexOf, which is native and about twice as fast as startsWith.
 */
export function sameTextAt(raw: string, pos: number, text: string, probe: number): boolean {
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
