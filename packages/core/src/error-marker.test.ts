import { describe, expect, it } from 'vitest';
import { isAnyP1Error, isP1Error, P1Error } from './index.js';
import { errorMarker } from './internal.js';

class OtherError extends Error {
  readonly code = 'other';
  constructor(marker: { mark(e: OtherError): void }) {
    super('other');
    marker.mark(this);
  }
}

describe('one error base: errorMarker and isAnyP1Error', () => {
  it('tells every p1 error from other errors with one guard', () => {
    const p1 = new P1Error('no-telegram', 'none');
    expect(isAnyP1Error(p1)).toBe(true);
    expect(isP1Error(p1)).toBe(true);
    const other = new OtherError(errorMarker<OtherError>('@p1/test/OtherError'));
    expect(isAnyP1Error(other)).toBe(true);
    expect(isP1Error(other)).toBe(false);
    for (const value of [new Error('x'), Object.assign(new Error('x'), { code: 'no-telegram' }), { code: 'x' }, null, undefined, 'P1Error']) {
      expect(isAnyP1Error(value)).toBe(false);
      expect(isP1Error(value)).toBe(false);
    }
  });

  it('recognises an error marked by another installed copy of the package (same key, another marker)', () => {
    const copyA = errorMarker<OtherError>('@p1/test/Copied');
    const copyB = errorMarker<OtherError>('@p1/test/Copied');
    const error = new OtherError(copyA);
    expect(copyB.is(error)).toBe(true);
    expect(errorMarker('@p1/test/Unrelated').is(error)).toBe(false);
    // What an older copy of @p1/core marked (the same registered symbol) is still a P1Error.
    const old = Object.defineProperty(new Error('old'), Symbol.for('@p1/core/P1Error'), { value: true });
    expect(isP1Error(old)).toBe(true);
  });

  it('keeps the marks out of sight: two symbols, neither enumerable, so copies and spreads do not carry them', () => {
    const error = new P1Error('incomplete', 'cut off', { raw: '/X' });
    const marks = Object.getOwnPropertySymbols(error);
    expect(marks.map((s) => s.description).sort()).toEqual(['@p1/core/P1Error', '@p1/error']);
    for (const mark of marks) expect(Object.prototype.propertyIsEnumerable.call(error, mark)).toBe(false);
    expect(isAnyP1Error({ ...error })).toBe(false);
  });
});
