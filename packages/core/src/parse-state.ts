import type { CosemDefinition } from './cosem-catalogue.js';
import type { CosemObject } from './cosem-object.js';
import type { CosemValue } from './decode-value.js';
import { ObisCodes, type ObisEntry } from './obis-key.js';
import type { P1IssueCode } from './p1-issue.js';
import type { ProfileFacts, ProfileId } from './profiles.js';
import type { Reading } from './reading.js';
import { emptyLeaves, type Leaves } from './reading-shape.js';

/** What one line said, kept to be reused when the same line stands at the same place in the next telegram. */
export interface Slot {
  text: string;
  /**
   * Where in `text` a change is likeliest: where it last changed, or its last digit (values change in their last
   * digits first).
   */
  probe: number;
  /** The character of `text` at `probe`: compared first, without reading the slice. */
  probeCode: number;
  /** The line's OBIS code and the text up to its '(' (fast-path lines only): a changed value keeps its code. */
  found: ObisEntry | undefined;
  prefix: string;
  object: CosemObject;
  /** The object's code and value as decoded: what a shared copy is made from (see `parseContent`). */
  obis: string | null;
  value: CosemValue;
  def: CosemDefinition | undefined;
  /** Where the line's value lands in the reading's leaves (-1: nowhere), and the leaf: made once, to be shared. */
  place: number;
  leaf: unknown;
  channel: number;
  problems: readonly { code: P1IssueCode; message: string }[];
  /** Physical lines the logical line spans. */
  lines: number;
  /** Reused at least once: `object` is then a frozen copy that later telegrams share. */
  shared: boolean;
}

// A meter sends the same lines in the same order every time, and most of them word for word (ids, versions,
// counters, the failure log, gas between its updates). So the n-th line of a telegram is first compared, in place,
// with the n-th line of that meter's previous telegram, and what it said is reused when they are equal. What is
// reused is frozen, so that no telegram can change what another holds. Bounded in meters and in lines: it never
// grows with the number of telegrams.
export interface MeterMemo {
  /** The meter's header as first seen: readings share it, so a kept reading does not hold its telegram's text. */
  readonly header: string;
  /** null in a state for one telegram (`ParseState.forOneTelegram`), which has no next telegram to reuse lines in. */
  readonly slots: (Slot | undefined)[] | null;
  /** Where a telegram's lines put their leaves (see `ReadingBuilder`): one array per meter, emptied per telegram. */
  readonly leaves: Leaves;
  /** The meter's last reading: the next one shares every part of it that did not change. */
  reading: Reading | undefined;
  /** The profile its last telegram gave, and the version lines and CRC it was detected from. */
  profile: { dsmr: string | undefined; belgium: string | undefined; hasCrc: boolean; registers: ProfileFacts['registers']; id: ProfileId } | undefined;
}

const MAX_METERS = 16;
/** Lines remembered per meter. */
export const MAX_SLOTS = 256;

/**
 * What a parser remembers from one telegram to the next: per meter (by header), the lines of its last telegram and
 * its last reading, so that the lines that repeat are not read again and readings share what did not change; and
 * the OBIS codes met. Every `TelegramDecoder`, `readTelegrams` and `TelegramStream` has its own, so that two of
 * them in one process never see each other's telegrams. `parseTelegram` makes a fresh one per call unless it is
 * given one (`state`): pass the same one to the calls that parse one meter's telegrams in turn for a decoder's
 * speed. Bounded in size whatever it is fed. Its contents are internal.
 */
export class ParseState {
  readonly #meters = new Map<string, MeterMemo>();
  #last: MeterMemo | undefined;
  /** @internal The OBIS codes met. */
  readonly codes = new ObisCodes();
  #once = false;

  /**
   * @internal A state for a telegram parsed on its own (`parseTelegram` without `state`): it remembers no lines,
   * since no telegram will come after it, and so spares each line the memo's bookkeeping.
   */
  static forOneTelegram(): ParseState {
    const state = new ParseState();
    state.#once = true;
    return state;
  }

  /** @internal The memo of the meter whose header is `header`, made empty on first sight. */
  meter(header: string): MeterMemo {
    // Most streams come from one meter: comparing with the last header beats hashing it for the map.
    const last = this.#last;
    if (last !== undefined && last.header === header) return last;
    let meter = this.#meters.get(header);
    if (meter === undefined) {
      if (this.#meters.size >= MAX_METERS) this.#meters.clear();
      meter = { header: detach(header), slots: this.#once ? null : [], leaves: emptyLeaves(), reading: undefined, profile: undefined };
      this.#meters.set(meter.header, meter);
    }
    return (this.#last = meter);
  }
}

/** A copy of `text` that does not point into the string it was sliced from. */
function detach(text: string): string {
  return (text + ' ').slice(0, -1);
}
