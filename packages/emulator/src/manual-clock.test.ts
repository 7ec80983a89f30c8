import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.js';

describe('ManualClock', () => {
  it('fires timers in time order as time is advanced, and only those due', async () => {
    const clock = new ManualClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10);
    const c = clock.setTimeout(() => fired.push('c'), 15);
    clock.clearTimeout(c);
    await clock.advance(15);
    expect(fired).toEqual(['a@1010']);
    expect(clock.now()).toBe(1015);
    await clock.advance(100);
    expect(fired).toEqual(['a@1010', 'b@1020']);
    expect(clock.now()).toBe(1115);
    expect(clock.pending).toBe(0);
  });

  it('fires timers set by timers and by awaiting code within the same advance', async () => {
    const clock = new ManualClock(new Date(0));
    const ticks: number[] = [];
    const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
    void (async () => {
      for (let i = 0; i < 3; i++) {
        await sleep(10);
        ticks.push(clock.now());
      }
    })();
    await clock.advance(25);
    expect(ticks).toEqual([10, 20]);
    await clock.advance(5);
    expect(ticks).toEqual([10, 20, 30]);
  });
});
