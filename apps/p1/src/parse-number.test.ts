import { describe, expect, it } from 'vitest';
import { parseNumber } from './parse-number.js';

describe('parseNumber', () => {
  it('reads plain decimal numbers only', () => {
    expect(parseNumber('--count', '100', { min: 1, integer: true })).toBe(100);
    expect(parseNumber('--speed', '0.5')).toBe(0.5);
    expect(parseNumber('--speed', ' 2 ')).toBe(2);
    expect(parseNumber('x', 3)).toBe(3);
    for (const text of ['1e2', '0x3', '0b1', '0o7', 'Infinity', '', ' ', '1_000', '--1']) {
      expect(() => parseNumber('--count', text, { min: 1, integer: true }), text).toThrow(`--count needs a whole number >= 1, got ${JSON.stringify(text)}`);
    }
  });
});
