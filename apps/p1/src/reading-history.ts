import type { Reading } from '@p1/core';
import { totalsOf } from './live-state.js';

/** What `/api/readings` keeps of each reading: power and registers, one column each. */
export const HISTORY_COLUMNS = ['time', 'importKw', 'exportKw', 'importKwh', 'exportKwh', 'gasM3'] as const;
export type HistoryColumn = (typeof HISTORY_COLUMNS)[number];

/** The kept readings in columns, oldest first; `first` and `last` are their sequence numbers (0 and 0 when none). */
export type HistoryRows = { first: number; last: number } & Record<HistoryColumn, (number | null)[]>;

/** ms: the meter's time where the telegram has one, else `now` (DSMR 2.2/3.0 meters have no clock in the telegram). */
export function readingTime(reading: Reading, now: number): number {
  const parsed = reading.timestamp === null ? NaN : Date.parse(reading.timestamp);
  return Number.isNaN(parsed) ? now : parsed;
}

/**
 * A bounded ring of the latest readings' numbers, in typed-array columns: a day of DSMR 5 telegrams (86,400) takes
 * 4 MB and the memory stays flat however long the service runs. Each reading gets a sequence number, so a client
 * can ask for exactly what it missed.
 */
export class ReadingHistory {
  private readonly columns: Record<HistoryColumn, Float64Array>;
  private start = 0;
  private size = 0;
  /** Sequence number of the newest reading; 0 before the first. */
  lastSeq = 0;

  constructor(readonly capacity: number) {
    this.columns = Object.fromEntries(HISTORY_COLUMNS.map((c) => [c, new Float64Array(capacity)])) as Record<HistoryColumn, Float64Array>;
  }

  get length(): number {
    return this.size;
  }

  /** Keeps a reading's numbers (NaN stands for a value the telegram did not carry) and returns its sequence number. */
  add(reading: Reading, time: number): number {
    const { received, delivered } = reading.electricity;
    const totals = totalsOf(reading);
    const row: Record<HistoryColumn, number | null> = {
      time,
      importKw: received.actual.reading,
      exportKw: delivered.actual.reading,
      ...totals,
    };
    const at = (this.start + this.size) % this.capacity;
    for (const c of HISTORY_COLUMNS) this.columns[c][at] = row[c] ?? NaN;
    if (this.size < this.capacity) this.size++;
    else this.start = (this.start + 1) % this.capacity;
    return ++this.lastSeq;
  }

  /** The readings with a sequence number above `seq`. */
  after(seq: number): HistoryRows {
    const skip = Math.max(0, Math.min(this.size, this.size - (this.lastSeq - seq)));
    return this.rows(skip);
  }

  /** The readings from `time` (ms) on: the newest ones back to the first older than `time`. */
  since(time: number): HistoryRows {
    let skip = this.size;
    while (skip > 0 && this.columns.time[(this.start + skip - 1) % this.capacity]! >= time) skip--;
    return this.rows(skip);
  }

  private rows(skip: number): HistoryRows {
    const count = this.size - skip;
    const out = { first: count === 0 ? 0 : this.lastSeq - count + 1, last: count === 0 ? 0 : this.lastSeq } as HistoryRows;
    for (const c of HISTORY_COLUMNS) {
      const column = this.columns[c];
      const values: (number | null)[] = new Array(count);
      for (let i = 0; i < count; i++) {
        const v = column[(this.start + skip + i) % this.capacity]!;
        values[i] = Number.isNaN(v) ? null : v;
      }
      out[c] = values;
    }
    return out;
  }
}
