import type { Clock } from './clock.js';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

/** A clock that moves only when told to: for tests, and for driving an emulator through emulated days at once. */
export class ManualClock implements Clock {
  private time: number;
  private timers: Timer[] = [];
  private lastId = 0;

  /** Starts at `start` (ms or Date; default 0). */
  constructor(start: number | Date = 0) {
    this.time = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): number {
    const timer = { id: ++this.lastId, at: this.time + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Timers waiting to fire. */
  get pending(): number {
    return this.timers.length;
  }

  /**
   * Moves time `ms` forward, firing every timer that falls due on the way in time order (and timers those set, when
   * they fall due before the end). Before each, pending promise callbacks run, so awaiting code can set its next
   * timer first.
   */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      let next: Timer | undefined;
      for (const t of this.timers) if (t.at <= end && (next === undefined || t.at < next.at)) next = t;
      if (next === undefined) break;
      this.timers.splice(this.timers.indexOf(next), 1);
      this.time = next.at;
      next.callback();
    }
    this.time = end;
  }
}
