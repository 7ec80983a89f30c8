import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay (pure)', () => {
  const exact = { initialDelay: 100, maxDelay: 1000, factor: 2, jitter: 0 };

  it('grows by factor from initialDelay and stays at maxDelay', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, exact))).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
    expect([1, 2, 3].map((n) => backoffDelay(n, { ...exact, factor: 3 }))).toEqual([100, 300, 900]);
  });

  it('stays capped after thousands of attempts (no overflow to Infinity or NaN)', () => {
    expect(backoffDelay(5000, exact)).toBe(1000);
    expect(backoffDelay(Number.MAX_SAFE_INTEGER, { ...exact, jitter: 0.5 }, () => 1)).toBe(1000);
  });

  it('jitter spreads each delay within its bounds, never past maxDelay', () => {
    const jittery = { ...exact, jitter: 0.2 };
    expect(backoffDelay(1, jittery, () => 0)).toBe(80);
    expect(backoffDelay(1, jittery, () => 0.5)).toBe(100);
    expect(backoffDelay(1, jittery, () => 1)).toBe(120);
    expect(backoffDelay(20, jittery, () => 0)).toBe(800);
    expect(backoffDelay(20, jittery, () => 1)).toBe(1000);
  });

  it('an attempt below 1 counts as the first', () => {
    expect(backoffDelay(0, exact)).toBe(100);
  });
});
