import { describe, expect, it } from 'vitest';
import { hexDigit } from './hex-digit.js';
import { decodeHexText } from './index.js';

describe('hexDigit: the one hex-digit reader (frame decoder CRCs, hex text)', () => {
  it('reads 0-9, a-f and A-F, and nothing else, for every byte', () => {
    for (let c = 0; c < 256; c++) {
      const ch = String.fromCharCode(c);
      const expected = /^[0-9a-fA-F]$/.test(ch) ? parseInt(ch, 16) : -1;
      expect(hexDigit(c), `0x${c.toString(16)}`).toBe(expected);
    }
  });

  it('decodes hex text through it, either case', () => {
    expect(decodeHexText('48656c6C6F')).toBe('Hello');
    expect(decodeHexText('4G')).toBeNull();
  });
});
