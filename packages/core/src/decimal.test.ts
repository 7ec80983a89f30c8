import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalIn } from './decimal.js';
import { parseDecimal } from './internal.js';

describe('parseDecimal', () => {
  it('gives exactly what Number() gives for every P1 decimal form', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[-+]?\d{1,18}(\.\d{0,9})?$/), (text) => {
        expect(parseDecimal(text)).toBe(Number(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('gives Number() for text of the P1 form and null for anything else, on any mix of their characters', () => {
    const form = /^[-+]?\d+(\.\d*)?$/;
    const chars = fc.array(fc.constantFrom('0', '1', '9', '.', '-', '+', 'e', ' ', 'x'), { maxLength: 20 });
    fc.assert(
      fc.property(chars, (parts) => {
        const text = parts.join('');
        expect(parseDecimal(text)).toBe(form.test(text) ? Number(text) : null);
      }),
      { numRuns: 5000 },
    );
  });

  it.each(['', '-', '.', '.5', '1e3', '0x10', ' 1', '1 ', '1..2', '1,5', 'NaN', 'Infinity'])('rejects %j', (text) => {
    expect(parseDecimal(text)).toBeNull();
  });
});

describe('decimalIn', () => {
  it('reads the decimal of a range where it stands, as parseDecimal reads it alone', () => {
    fc.assert(
      fc.property(fc.string(), fc.stringMatching(/^[-+]?\d{1,18}(\.\d{0,9})?$/), fc.string(), (before, text, after) => {
        const line = before + text + after;
        expect(decimalIn(line, before.length, before.length + text.length)).toBe(parseDecimal(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('sees nothing outside its range: an empty range, or a sign before it, is no number', () => {
    expect(decimalIn('-12', 1, 1)).toBeNull();
    expect(decimalIn('(-)', 1, 2)).toBeNull();
    expect(decimalIn('5-12', 2, 4)).toBe(12);
    expect(decimalIn('(000123.456*kWh)', 1, 11)).toBe(123.456);
    expect(decimalIn('(000123.456*kWh)', 1, 12)).toBeNull();
  });
});
