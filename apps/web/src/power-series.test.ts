import { describe, expect, it } from 'vitest';
import { PowerSeries } from './power-series.js';

describe('PowerSeries', () => {
  it('keeps one point per telegram, x in seconds', () => {
    const s = new PowerSeries();
    s.push(1_000, 0.5, 0);
    s.push(2_000, null, 1.25);
    expect([s.time, s.importKw, s.exportKw]).toEqual([[1, 2], [0.5, null], [0, 1.25]]);
  });

  it('drops the oldest quarter past its limit, so memory and drawing stay bounded', () => {
    const s = new PowerSeries(8);
    for (let i = 0; i < 9; i++) s.push(i * 1000, i, 0);
    expect(s.length).toBe(7);
    expect(s.time[0]).toBe(2);
    expect(s.time.at(-1)).toBe(8);
  });

  it('skips a point dated before the last one: uPlot needs x ascending', () => {
    const s = new PowerSeries();
    s.push(5_000, 1, 0);
    s.push(4_000, 2, 0);
    expect(s.length).toBe(1);
  });
});
