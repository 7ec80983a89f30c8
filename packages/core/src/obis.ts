// OBIS reduced ids: `A-B:C.D.E`, with an F group seen as `*255` or `.255` in the wild, and spec typos that use ':'
// where a '.' belongs (`1-0:72:32.0`). Everything is normalised to `A-B:C.D.E`.
const OBIS = /^(\d{1,3})-(\d{1,3}):(\d{1,3})[.:](\d{1,3})[.:](\d{1,3})(?:[.*]\d{1,3})?$/;

/**
 * `A-B:C.D.E` for an OBIS code as sent, or null when the text is not one. A pure function: the parser keeps the
 * codes it met per decoder (see `ObisCodes`), so nothing is remembered here.
 */
export function normalizeObis(text: string): string | null {
  const m = OBIS.exec(text.trim());
  return m ? `${+m[1]!}-${+m[2]!}:${+m[3]!}.${+m[4]!}.${+m[5]!}` : null;
}
