import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitGroups } from './tokenize.js';

/** The groups as the regex-free reference reads them: split at the top-level parentheses, unit after the last '*'. */
function reference(text: string): { raw: string; value: string; unit: string | null }[] {
  const groups = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '(' && depth++ === 0) start = i + 1;
    else if ((c === ')' && depth > 0 && --depth === 0) || (i === text.length && depth > 0)) {
      const raw = text.slice(start, i).replace(/\r?\n/g, '');
      const star = raw.lastIndexOf('*');
      const unit = star < 0 ? '' : raw.slice(star + 1);
      const isUnit = /^[A-Za-z][A-Za-z0-9]{0,7}$/.test(unit);
      groups.push(isUnit ? { raw, value: raw.slice(0, star), unit } : { raw, value: raw, unit: null });
      depth = 0;
    }
  }
  return groups;
}

describe('splitGroups', () => {
  it('reads groups, units and continuation lines as the reference does', () => {
    const part = fc.constantFrom('(', ')', '*', 'kWh', 'm3', 'A', '0', '12.5', '*kvarh', '*s*', 'abcdefghi', '\r\n', '-', ' ');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 16 }), (parts) => {
        const text = `1-0:1.8.1(${parts.join('')})`;
        expect(splitGroups(text, text.indexOf('('))).toEqual(reference(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('takes a unit of up to 8 characters after the last star, and keeps anything else in the value', () => {
    const groups = splitGroups('0-1:24.2.1(240105115500W)(01234.567*m3)(1*2*kWh)(5*abcdefghi)(7*12)(000.1*kvarh1234)', 10);
    expect(groups.map((g) => [g.value, g.unit])).toEqual([
      ['240105115500W', null],
      ['01234.567', 'm3'],
      ['1*2', 'kWh'],
      ['5*abcdefghi', null],
      ['7*12', null],
      ['000.1*kvarh1234', null],
    ]);
  });
});
