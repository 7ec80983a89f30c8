import type { Sample } from './totals.js';

/** Energy imported and exported in one period (an hour, a day), from the meter's registers. */
export interface EnergyTotals {
  importKwh: number;
  exportKwh: number;
}

/** Periods of the browser's calendar: where the one holding a time starts, and where the next one starts. */
export interface Periods {
  startOf(time: number): number;
  next(start: number): number;
}

// Through Date rather than by adding 3600 s: in the browser's time zone a day can have 23 or 25 hours.
export const localHour: Periods = {
  startOf: (time) => new Date(time).setMinutes(0, 0, 0),
  next: (start) => new Date(start + 5400_000).setMinutes(0, 0, 0),
};
export const localDay: Periods = {
  startOf: (time) => new Date(time).setHours(0, 0, 0, 0),
  next: (start) => new Date(start + 36 * 3600_000).setHours(0, 0, 0, 0),
};

/** The energy between two register values. */
export const step = (now: number | null, before: number | null): number =>
  // A register that went back (a replaced meter, a misread) adds nothing rather than a negative amount.
  now === null || before === null || now < before ? 0 : now - before;

/**
 * Energy per period from consecutive register values: each step between two samples counts in the period of the
 * later one, so the periods add up to exactly the registers' difference over the whole run.
 */
export class EnergyBuckets {
  readonly periods = new Map<number, EnergyTotals>();
  private started = false;
  private importKwh: number | null = null;
  private exportKwh: number | null = null;
  // The period of the latest sample: a day of telegrams falls into 24 of them, so most samples skip the calendar.
  private current: EnergyTotals | null = null;
  private currentStart = 0;
  private currentEnd = -Infinity;

  constructor(private readonly calendar: Periods) {}

  add(sample: Sample): void {
    const first = !this.started;
    this.started = true;
    const importStep = step(sample.importKwh, this.importKwh);
    const exportStep = step(sample.exportKwh, this.exportKwh);
    // Keep the last known value of each register: a telegram without one must not break the chain.
    this.importKwh = sample.importKwh ?? this.importKwh;
    this.exportKwh = sample.exportKwh ?? this.exportKwh;
    if (first) return;
    this.totalsAt(sample.time).importKwh += importStep;
    this.totalsAt(sample.time).exportKwh += exportStep;
  }

  private totalsAt(time: number): EnergyTotals {
    if (this.current === null || time < this.currentStart || time >= this.currentEnd) {
      this.currentStart = this.calendar.startOf(time);
      this.currentEnd = this.calendar.next(this.currentStart);
      this.current = this.periods.get(this.currentStart) ?? { importKwh: 0, exportKwh: 0 };
      this.periods.set(this.currentStart, this.current);
    }
    return this.current;
  }

  /** The registers' last known values. */
  get registers(): { importKwh: number | null; exportKwh: number | null } {
    return { importKwh: this.importKwh, exportKwh: this.exportKwh };
  }

  /** Forgets periods that started before `time` (ms), so that a page left open for weeks stays small. */
  dropBefore(time: number): void {
    for (const key of this.periods.keys()) if (key < time) this.periods.delete(key);
    if (this.currentStart < time) this.current = null;
  }

  /** The periods in time order. */
  sorted(): [start: number, totals: EnergyTotals][] {
    return [...this.periods].sort((a, b) => a[0] - b[0]);
  }
}
