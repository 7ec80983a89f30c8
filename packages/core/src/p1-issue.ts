/**
 * Non-fatal problems found in a telegram's content. The telegram is still parsed; the value concerned is null, except
 * for `unexpected-unit` and `ambiguous-local-time`, which keep it.
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
