import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entryAt, isObisAt, normalizeObis, ObisCodes } from './obis-key.js';

// The regex `normalizeObis` used to be, kept here as the reference the one scanner must agree with.
// An F group other than 255 (a stored value) stays in the code, as `*F`.
const REFERENCE = /^(\d{1,3})-(\d{1,3}):(\d{1,3})[.:](\d{1,3})[.:](\d{1,3})(?:[.*](\d{1,3}))?$/;
function reference(text: string): string | null {
  const m = REFERENCE.exec(text.trim());
  if (!m) return null;
  const f = m[6] === undefined || +m[6] === 255 ? '' : `*${+m[6]}`;
  return `${+m[1]!}-${+m[2]!}:${+m[3]!}.${+m[4]!}.${+m[5]!}${f}`;
}

/** Text near OBIS codes: their characters, digits in runs, spaces, and a few that never belong. */
const nearObis = fc
  .array(fc.constantFrom('0', '1', '9', '00', '255', '1234', '-', ':', '.', '*', ' ', '\t', '\u00a0', 'a', '(', '٣', ''), { maxLength: 14 })
  .map((parts) => parts.join(''));
/** Codes, mostly well formed: groups of 1-3 digits (now and then 4), the right separators (now and then another). */
const group = fc.oneof({ arbitrary: fc.stringMatching(/^\d{1,3}$/), weight: 9 }, { arbitrary: fc.stringMatching(/^\d{4}$/), weight: 1 });
const separator = (right: string) =>
  fc.oneof({ arbitrary: fc.constantFrom(...right), weight: 9 }, { arbitrary: fc.constantFrom('-', ':', '.', '*', ' '), weight: 1 });
const codeLike = fc
  .tuple(
    fc.tuple(group, separator('-'), group, separator(':'), group, separator('.:'), group, separator('.:'), group),
    fc.option(fc.tuple(separator('.*'), group), { nil: undefined }),
    fc.constantFrom('', ' ', '  \r\n', '\ufeff'),
  )
  .map(([code, f, pad]) => pad + code.join('') + (f === undefined ? '' : f.join('')) + pad);

describe('normalizeObis: one scanner, the same inputs as the regex it replaced', () => {
  it('agrees with the reference regex on any text near OBIS codes', () => {
    fc.assert(fc.property(fc.oneof(nearObis, codeLike, fc.string()), (text) => normalizeObis(text) === reference(text)), {
      numRuns: 5000,
    });
  });

  it('accepts what meters send, spec typos and F groups included', () => {
    expect(normalizeObis('1-0:1.8.1')).toBe('1-0:1.8.1');
    expect(normalizeObis(' 1-0:72:32.0 ')).toBe('1-0:72.32.0');
    expect(normalizeObis('0-1:24.2.1*255')).toBe('0-1:24.2.1');
    expect(normalizeObis('0-1:24.2.1.255')).toBe('0-1:24.2.1');
    expect(normalizeObis('001-000:001.008.001')).toBe('1-0:1.8.1');
  });

  it('keeps an F group other than 255, a stored value (billing period, history), as a code of its own', () => {
    expect(normalizeObis('1-0:1.8.0*96')).toBe('1-0:1.8.0*96');
    expect(normalizeObis('1-0:1.8.1.0')).toBe('1-0:1.8.1*0');
    expect(normalizeObis('0-1:24.2.1*254')).toBe('0-1:24.2.1*254');
    expect(normalizeObis('999-999:999.999.999*999')).toBe('999-999:999.999.999*999');
    expect(entryAt('1-0:1.8.0*100', 0, 13)).toEqual({ obis: '1-0:1.8.0*100', def: undefined, channel: 0 });
    expect(entryAt('0-2:24.2.1*1', 0, 12)).toMatchObject({ def: undefined, channel: 2 });
    expect(entryAt('0-2:24.2.1*255', 0, 14)?.def?.name).toBe('mbusValue');
  });

  it('refuses what is not one code', () => {
    for (const text of ['', '1-0:1.8', '1-0:1.8.1.2.3', '1-0:1.8.1*', '1-0:1.8.1a', '1-0 :1.8.1', '1-0:1.8.1000', '1:0-1.8.1', '1-0:1.8.1()']) {
      expect(normalizeObis(text), text).toBeNull();
    }
  });

  it('reads exactly the slice it is given', () => {
    const line = 'xx1-0:2.7.0(00.000*kW)';
    expect(entryAt(line, 2, line.indexOf('('))?.obis).toBe('1-0:2.7.0');
    expect(isObisAt(line, 2, line.indexOf('('))).toBe(true);
    expect(isObisAt(line, 1, line.indexOf('('))).toBe(false);
    expect(entryAt(line, 1, line.indexOf('('))).toBeUndefined();
  });

  it("a parser's ObisCodes gives the entry entryAt makes, for known and unknown codes, in any slice, each worked out once", () => {
    const codes = new ObisCodes();
    const framed = fc.tuple(
      fc.oneof(nearObis, codeLike, fc.constantFrom('1-0:1.8.1', '0-3:24.2.1', '7-0:99.99.99', '0-9:24.2.1', '1-0:1.8.0*96', '0-1:24.2.1.255')),
      fc.nat(3),
      fc.nat(3),
    );
    fc.assert(
      fc.property(framed, ([code, before, after]) => {
        const line = 'x:1'.slice(0, before) + code + '(1)'.slice(0, after);
        const end = before + code.length;
        const fresh = entryAt(line, before, end);
        const entry = codes.at(line, before, end);
        if (fresh === undefined) return entry === undefined && !isObisAt(line, before, end);
        expect(entry).toEqual(fresh);
        expect(entry?.obis).toBe(reference(line.slice(before, end)));
        expect(codes.at(line, before, end)).toBe(entry); // worked out once
        return true;
      }),
      { numRuns: 5000 },
    );
  });
});
