// OBIS reduced ids: `A-B:C.D.E`, with an F group seen as `*255` or `.255` in the wild, and spec typos that use ':'
// where a '.' belongs (`1-0:72:32.0`). Everything is normalised to `A-B:C.D.E`.
const OBIS = /^(\d{1,3})-(\d{1,3}):(\d{1,3})[.:](\d{1,3})[.:](\d{1,3})(?:[.*]\d{1,3})?$/;

// The same few dozen codes recur in every telegram: remembering them skips the regex. Bounded, so that a stream of
// garbage lines cannot grow it.
const cache = new Map<string, string | null>();
const CACHE_LIMIT = 512;

/** `A-B:C.D.E` for an OBIS code as sent, or null when the text is not one. */
export function normalizeObis(text: string): string | null {
  const known = cache.get(text);
  if (known !== undefined) return known;
  const m = OBIS.exec(text.trim());
  const obis = m ? `${+m[1]!}-${+m[2]!}:${+m[3]!}.${+m[4]!}.${+m[5]!}` : null;
  if (cache.size < CACHE_LIMIT) cache.set(text, obis);
  return obis;
}
