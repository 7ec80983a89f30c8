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

/**
 * Stores what a line said in the memo slot for its place (`memo[index]`; none when `memo` is null), and returns the
 * slot. The line starts at `pos` in the telegram's text `raw`; `object` is what it was read as (its `raw` is the
 * line's text). `found` and `prefix`: its code and its text through the '(' (fast path), for the next telegram's
 * same line; undefined and '' on the slow path. `unit`: the unit as sent (slow path); null takes the definition's
 * own. `lines`: the physical lines it spans. Arguments rather than one object: `parseContent` calls this for every changed line, and an
 * object per call was a third of what a telegram left behind for the garbage collector.
 */
export function remember(
  memo: (Slot | undefined)[] | null,
  index: number,
  raw: string,
  pos: number,
  object: CosemObject,
  found: ObisEntry | undefined,
  prefix: string,
  def: CosemDefinition | undefined,
  unit: string | null,
  channel: number,
  problems: Slot['problems'],
  lines: number,
): Slot {
  const text = object.raw;
  const { obis, value } = object;
  freezeDeep(value); // a structured value may become part of readings, and is kept for the shared copy
  const place = def === undefined ? undefined : placeOf(def);
  const leaf = place === undefined ? undefined : place.make(value, unit ?? (def!.kind === 'number' ? (def!.units?.[0] ?? null) : null));
  const at = place?.index ?? -1;
  const previous = memo?.[index];
  if (previous === undefined) {
    // A state for one telegram (memo null) has no next telegram to compare the line with: no probe, nothing stored.
    const probe = memo === null ? 0 : lastDigitAt(raw, pos, text.length);
    const slot: Slot = { text, probe, probeCode: raw.charCodeAt(pos + probe), found, prefix, object, obis, value, def, place: at, leaf, channel, problems, lines, shared: false };
    if (memo !== null && index < MAX_SLOTS) memo[index] = slot;
    return slot;
  }
  // Where the previous text differs at its probe, the probe still points at what changes; else it is looked for.
  const probe =
    previous.text.length === text.length && raw.charCodeAt(pos + previous.probe) !== previous.probeCode
      ? previous.probe
      : lastChange(previous.text, raw, pos, text.length);
  const probeCode = raw.charCodeAt(pos + probe);
  // The old slot rewritten rather than a new one: a changed line then leaves no garbage behind, which keeps the
  // young generation's survivors (and so the cost of a scavenge) low when a caller holds many telegrams at once.
  previous.text = text;
  previous.probe = probe;
  previous.probeCode = probeCode;
  previous.found = found;
  previous.prefix = prefix;
  previous.object = object;
  previous.obis = obis;
  previous.value = value;
  previous.def = def;
  previous.place = at;
  previous.leaf = leaf;
  previous.channel = channel;
  previous.problems = problems;
  previous.lines = lines;
  previous.shared = false;
  return previous;
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
