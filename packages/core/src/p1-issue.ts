/**
 * Non-fatal problems found in a telegram's content. The telegram is still parsed; the value concerned is null, except
 * for `unexpected-unit`, `ambiguous-local-time`, `unbalanced-parentheses` and `no-device-type`, which keep it.
 */
export type P1IssueCode =
  /** A placeholder or impossible date (`632525252525W`, `000101000000W`, month 00): the value is null. */
  | 'placeholder-timestamp'
  /** A timestamp of a shape no standard uses. */
  | 'invalid-timestamp'
  /** A 12-digit local stamp in the repeated autumn hour: read as the later (winter time) instant. */
  | 'ambiguous-local-time'
  /** A value that should be a number is not one. */
  | 'invalid-number'
  /** A known object carries a unit other than the one its standard defines: the value is kept, with the unit as sent. */
  | 'unexpected-unit'
  /** A data line that is not `OBIS(group)...`: kept in `objects` with `obis: null`. */
  | 'unparsable-line'
  /**
   * A line opens a `(` it does not close before the next object (a line that starts with an OBIS code and its `(`)
   * or the end of the data: it is read alone, its open group up to the line's end, and the next line is read as its
   * own object. A value split over lines (a text message) is still joined while no such line comes.
   */
  | 'unbalanced-parentheses'
  /**
   * A configured M-Bus device (`isConfiguredDevice`) sends a value but no device type (`0-n:24.1.0`), on a code that
   * names no medium (`24.2.1`, `24.3.0`): its `medium` is null and it is never `reading.gas`, because an `m3` value
   * may be gas or water. The value is kept in `reading.mbus`. An empty slot gets no issue.
   */
  | 'no-device-type'
  /** The CRC only matched after restoring CR before each bare LF: middleware changed the line endings. */
  | 'line-endings-restored';

export interface P1Issue {
  code: P1IssueCode;
  /** What is wrong, in words, naming the object. */
  message: string;
  /** The OBIS code of the object concerned, where there is one. */
  obis?: string;
  /** The 1-based line of the telegram (the header is line 1). */
  line?: number;
}
