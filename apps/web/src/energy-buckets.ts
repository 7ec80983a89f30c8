import type { Sample } from './totals.js';

/** Energy imported and exported in one period (an hour, a day), from the meter's registers. */
export interface EnergyTotals {
  importKwh: number;
  exportKwh: number;
}

/** The start (ms) of the period a time falls in, in the browser's time zone. */
export type PeriodOf = (time: number) => number;

export const localHour: PeriodOf = (time) => new Date(time).setMinutes(0, 0, 0);
export const localDay: PeriodOf = (time) => new Date(time).setHours(0, 0, 0, 0);

const step = (now: number | null, before: number | null): number =>
  // A register that went back (a replaced meter, a misread) adds nothing rather than a negative amount.
  now === null || before === null || now < before ? 0 : now - before;

/**
 * Energy per period from consecutive register values: each step between two samples counts in the period of the
 * later one, so the periods add up to exactly the registers' difference over the whole run.
 */
export class EnergyBuckets {
  readonly periods = new Map<number, EnergyTotals>();
  private last: Sample | null = null;

  constructor(private readonly periodOf: PeriodOf) {}

  add(sample: Sample): void {
    const before = this.last;
    // Keep the last known value of each register: a telegram without one must not break the chain.
    this.last = {
      ...sample,
      importKwh: sample.importKwh ?? before?.importKwh ?? null,
      exportKwh: sample.exportKwh ?? before?.exportKwh ?? null,
    };
    if (before === null) return;
    const key = this.periodOf(sample.time);
    const totals = this.periods.get(key) ?? { importKwh: 0, exportKwh: 0 };
    totals.importKwh += step(sample.importKwh, before.importKwh);
    totals.exportKwh += step(sample.exportKwh, before.exportKwh);
    this.periods.set(key, totals);
  }

  /** Forgets periods that started before `time` (ms), so that a page left open for weeks stays small. */
  dropBefore(time: number): void {
    for (const key of this.periods.keys()) if (key < time) this.periods.delete(key);
  }

  /** The periods in time order. */
  sorted(): [start: number, totals: EnergyTotals][] {
    return [...this.periods].sort((a, b) => a[0] - b[0]);
  }
}
