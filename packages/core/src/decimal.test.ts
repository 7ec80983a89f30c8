import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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

  it.each(['', '-', '.', '.5', '1e3', '0x10', ' 1', '1 ', '1..2', '1,5', 'NaN', 'Infinity'])('rejects %j', (text) => {
    expect(parseDecimal(text)).toBeNull();
  });
});
