import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CRC16, crc16, crc16x25 } from './index.js';
import { ascii, bitwiseCrc16, bitwiseCrc16X25 } from '../test/helpers.js';

describe('crc16 (CRC-16/ARC)', () => {
  it('gives the check values of the spec digest §2.2', () => {
    expect(crc16(ascii('123456789'))).toBe(0xbb3d);
    expect(crc16(ascii('/!'))).toBe(0x28dc);
    expect(crc16(ascii('/XYZ5\\EXAMPLE\r\n\r\n1-0:1.8.1(000123.456*kWh)\r\n!'))).toBe(0x4f47);
  });

  it('differs when line endings were rewritten to LF', () => {
    expect(crc16(ascii('/XYZ5\\EXAMPLE\n\n1-0:1.8.1(000123.456*kWh)\n!'))).toBe(0x81d8);
  });

  it('is 0 over no bytes', () => {
    expect(crc16(new Uint8Array(0))).toBe(0);
  });

  it('covers only [start, end) when given', () => {
    const bytes = ascii('xx123456789yy');
    expect(crc16(bytes, 2, 11)).toBe(0xbb3d);
  });

  it('agrees with the bitwise algorithm on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        expect(crc16(bytes)).toBe(bitwiseCrc16(bytes));
      }),
      { numRuns: 300 },
    );
  });
});

describe('crc16x25 (CRC-16/X-25, Holley DTSD545)', () => {
  it('gives the check value of the spec digest §2.2, which tells it from ARC', () => {
    expect(crc16x25(ascii('123456789'))).toBe(0x906e);
    expect(CRC16.x25).toBe(crc16x25);
    expect(CRC16.arc).toBe(crc16);
  });

  it('covers only [start, end) when given, and is 0 over no bytes (init and final xor cancel)', () => {
    expect(crc16x25(ascii('xx123456789yy'), 2, 11)).toBe(0x906e);
    expect(crc16x25(new Uint8Array(0))).toBe(0);
  });

  it('agrees with the most-significant-bit-first algorithm on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        expect(crc16x25(bytes)).toBe(bitwiseCrc16X25(bytes));
      }),
      { numRuns: 300 },
    );
  });
});
