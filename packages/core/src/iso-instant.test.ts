import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoToMs, msToIso } from './iso-instant.js';

/** What Date makes of `ms`: the reference both functions must match. */
function dateIso(ms: number): string | null {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

describe('iso-instant', () => {
  it.each([
    0, -0, 1, -1, 0.5, -0.5, 1.9, -1.9, 951_782_400_000 /* 2000-02-29 */, 1_711_846_799_999, 253_402_300_799_999,
    253_402_300_800_000 /* year 10000 */, -62_167_219_200_000 /* year 0 */, -62_167_219_200_001, 8.64e15, -8.64e15,
  ])('writes %d as Date does', (ms) => {
    expect(msToIso(ms)).toBe(dateIso(ms));
  });

  it.each([8.64e15 + 1, -8.64e15 - 1, NaN, Infinity, -Infinity, 1e23])('gives null for %d, where Date is invalid', (ms) => {
    expect(msToIso(ms)).toBeNull();
  });

  it('matches Date over its whole range, and reads back what it writes', () => {
    const anywhere = fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true });
    const ourCentury = fc.integer({ min: 946_684_800_000, max: 4_102_444_800_000 });
    fc.assert(
      fc.property(fc.oneof(anywhere, ourCentury), (ms) => {
        const iso = dateIso(ms);
        expect(msToIso(ms)).toBe(iso);
        expect(isoToMs(iso!)).toBe(Date.parse(iso!));
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads six-digit years through Date', () => {
    expect(isoToMs('+010000-01-01T00:00:00.000Z')).toBe(Date.parse('+010000-01-01T00:00:00.000Z'));
    expect(isoToMs('-000001-12-31T23:59:59.999Z')).toBe(Date.parse('-000001-12-31T23:59:59.999Z'));
  });
});
