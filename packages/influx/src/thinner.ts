import type { Point } from './format-point.js';
import { InfluxError } from './influx-error.js';
import type { FieldKind } from './schema.js';

/**
 * Fewer points for meters that send every second: `{ every: n }` keeps every n-th telegram (the first included);
 * `{ average: s }` writes one point per s-second window, stamped at the window's start, with gauges (power, voltage,
 * current) averaged and counters and states taken from the window's last telegram.
 */
export type Thinning = { every: number } | { average: number };

/** Thins the per-telegram points of one writer; `drain()` hands over an open averaging window. */
export interface Thinner {
  push(point: Point, series: string): Point[];
  drain(): Point[];
}

const NONE: Point[] = [];

/** Throws `invalid-option` unless `thinning` is undefined or a valid `Thinning`. */
export function checkThinning(thinning: unknown): asserts thinning is Thinning | undefined {
  if (thinning === undefined) return;
  const t = thinning as Record<string, unknown>;
  const n = t?.every ?? t?.average;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new InfluxError('invalid-option', `thinning must be { every: n } or { average: seconds } with a whole n >= 1, got ${JSON.stringify(thinning)}`);
  }
}

/** A thinner for `thinning`; `kinds` says which fields are gauges. */
export function createThinner(thinning: Thinning, kinds: ReadonlyMap<string, FieldKind>): Thinner {
  return 'every' in thinning ? everyNth(thinning.every) : averaging(thinning.average, kinds);
}

function everyNth(n: number): Thinner {
  const seen = new Map<string, number>();
  return {
    push(point, series) {
      const count = seen.get(series) ?? 0;
      seen.set(series, count + 1);
      return count % n === 0 ? [point] : NONE;
    },
    drain: () => NONE,
  };
}

interface Window {
  start: number;
  last: Point;
  sums: Map<string, { sum: number; count: number }>;
}

function averaging(seconds: number, kinds: ReadonlyMap<string, FieldKind>): Thinner {
  const windows = new Map<string, Window>();

  const close = (w: Window): Point => {
    const fields: Record<string, number> = { ...w.last.fields };
    // Six decimals: beyond any meter's resolution, short of float noise such as 0.30000000000000004.
    for (const [field, { sum, count }] of w.sums) fields[field] = Math.round((sum / count) * 1e6) / 1e6;
    return { ...w.last, fields, time: w.start };
  };

  return {
    push(point, series) {
      const start = Math.floor(point.time / seconds) * seconds;
      let w = windows.get(series);
      let out = NONE;
      if (w !== undefined && w.start !== start) {
        out = [close(w)];
        w = undefined;
      }
      if (w === undefined) {
        w = { start, last: point, sums: new Map() };
        windows.set(series, w);
      }
      w.last = point;
      for (const field in point.fields) {
        const value = point.fields[field]!;
        if (kinds.get(field) !== 'gauge' || !Number.isFinite(value)) continue;
        const s = w.sums.get(field);
        if (s === undefined) w.sums.set(field, { sum: value, count: 1 });
        else {
          s.sum += value;
          s.count++;
        }
      }
      return out;
    },
    drain() {
      const out = [...windows.values()].map(close);
      windows.clear();
      return out;
    },
  };
}
