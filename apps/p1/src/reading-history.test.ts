import { emptyReading, type Reading } from '@p1/core';
import { describe, expect, it } from 'vitest';
import { ReadingHistory } from './reading-history.js';

function reading(importKw: number | null, t1: number | null): Reading {
  const r = emptyReading(null);
  r.electricity.received.actual.reading = importKw;
  r.electricity.received.tariff1.reading = t1;
  return r;
}

describe('ReadingHistory', () => {
  it('numbers readings from 1 and answers since a time or after a sequence number, in columns', () => {
    const h = new ReadingHistory(10);
    for (let i = 0; i < 4; i++) expect(h.add(reading(i / 10, 100 + i), 1000 * i)).toBe(i + 1);
    expect(h.since(2000)).toEqual({ first: 3, last: 4, time: [2000, 3000], importKw: [0.2, 0.3], exportKw: [null, null], importKwh: [102, 103], exportKwh: [null, null], gasM3: [null, null] });
    expect(h.after(3).time).toEqual([3000]);
    expect(h.after(4)).toMatchObject({ first: 0, last: 0, time: [] });
    expect(h.after(0).time).toHaveLength(4);
  });

  it('keeps only the newest `capacity` readings, wrapping around', () => {
    const h = new ReadingHistory(3);
    for (let i = 0; i < 8; i++) h.add(reading(i, null), i * 1000);
    expect(h.length).toBe(3);
    expect(h.since(0)).toMatchObject({ first: 6, last: 8, time: [5000, 6000, 7000], importKw: [5, 6, 7] });
    expect(h.after(2)).toMatchObject({ first: 6, time: [5000, 6000, 7000] });
    expect(h.after(7)).toMatchObject({ first: 8, time: [7000] });
  });
});
