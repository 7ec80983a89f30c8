import { describe, expect, it } from 'vitest';
import { RateControl } from './rate-control.js';

const offer = (rc: RateControl, values: [number, number][], averaged = true) => values.map(([t, v]) => rc.offer('t', v, averaged, t * 1000) ?? null);

describe('RateControl', () => {
  it('publishes every value without a window', () => {
    expect(offer(new RateControl({ windowMs: 0, average: true, changesOnly: false }), [[0, 1], [1, 1], [2, 3]])).toEqual(['1', '1', '3']);
  });

  it('sends the first value at once, then the mean of each window for rates', () => {
    const rc = new RateControl({ windowMs: 10_000, average: true, changesOnly: false });
    expect(offer(rc, [[0, 5], [1, 1], [2, 2], [9, 3], [10, 6], [11, 100]])).toEqual(['5', null, null, null, '3', null]);
  });

  it('sends the latest value of a window for registers, and for rates when asked', () => {
    expect(offer(new RateControl({ windowMs: 10_000, average: true, changesOnly: false }), [[0, 5], [4, 6], [10, 7]], false)).toEqual(['5', null, '7']);
    expect(offer(new RateControl({ windowMs: 10_000, average: false, changesOnly: false }), [[0, 5], [4, 6], [10, 7]])).toEqual(['5', null, '7']);
  });

  it('keeps topics apart', () => {
    const rc = new RateControl({ windowMs: 10_000, average: false, changesOnly: false });
    expect([rc.offer('a', 1, false, 0), rc.offer('b', 2, false, 1000), rc.offer('a', 3, false, 2000)]).toEqual(['1', '2', undefined]);
  });

  it('in changes-only mode sends a value only when it differs from the last one sent', () => {
    const rc = new RateControl({ windowMs: 0, average: true, changesOnly: true });
    expect(offer(rc, [[0, 1], [1, 1], [2, 2], [3, 2], [4, 1]])).toEqual(['1', null, '2', null, '1']);
    expect([...rc.published()]).toEqual([['t', '1']]);
  });

  it('closes the window when the clock goes back, rather than hold values for the gap', () => {
    const rc = new RateControl({ windowMs: 10_000, average: false, changesOnly: false });
    expect(offer(rc, [[100, 1], [50, 2], [51, 3]], false)).toEqual(['1', '2', null]);
  });
});
