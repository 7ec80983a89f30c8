import { localMonthStart } from './local-time.js';
import type { DemandState } from './meter-state.js';
import { between, type Rng } from './rng.js';

/** The demand period of the Belgian capacity tariff. */
export const QUARTER_HOUR = 900_000;

const HOUR = 3_600_000;
const HISTORY_MONTHS = 13;

/**
 * The demand memory of a meter that has been in service for a while: 13 past monthly peaks and the peak of the
 * running month so far, drawn from `rng`, so parsers see a full `0-0:98.1.0` from the first telegram. The running
 * quarter starts empty; the caller fills in what it drew before `start`.
 */
export function createDemand(start: number, rng: Rng): DemandState {
  const quarterStart = Math.floor((start - 1) / QUARTER_HOUR) * QUARTER_HOUR;
  const history = Array.from({ length: HISTORY_MONTHS }, (_, i) => {
    const from = localMonthStart(start, i - HISTORY_MONTHS);
    const until = localMonthStart(start, i + 1 - HISTORY_MONTHS);
    return { month: until, time: randomQuarter(from, until, rng), value: between(rng, 2.5, 7.5) };
  });
  const monthStart = localMonthStart(start);
  const monthMaximum =
    quarterStart > monthStart
      ? { time: randomQuarter(monthStart, quarterStart, rng), value: between(rng, 1.5, 6) }
      : { time: monthStart, value: 0 };
  return { quarterStart, quarterEnergy: 0, monthMaximum, history };
}

/** Average kW of the running quarter so far: what `1-0:1.4.0` shows at `time`. */
export function currentDemand(demand: DemandState, time: number): number {
  const elapsed = time - demand.quarterStart;
  return elapsed > 0 ? (demand.quarterEnergy * HOUR) / elapsed : 0;
}

/**
 * Counts `kWh` received during (from, to], a span within one quarter-hour. A span that starts on or after the
 * running quarter's end opens the next quarter; one that ends on it completes the quarter: a new monthly peak when
 * its average is the highest yet, and at 00:00 local on the 1st the month's peak moves to the history.
 */
export function addDemand(demand: DemandState, from: number, to: number, kWh: number): void {
  if (from >= demand.quarterStart + QUARTER_HOUR) {
    demand.quarterStart = Math.floor(from / QUARTER_HOUR) * QUARTER_HOUR;
    demand.quarterEnergy = 0;
  }
  demand.quarterEnergy += kWh;
  if (to !== demand.quarterStart + QUARTER_HOUR) return;
  const average = (demand.quarterEnergy * HOUR) / QUARTER_HOUR;
  if (average > demand.monthMaximum.value) demand.monthMaximum = { time: demand.quarterStart, value: average };
  if (localMonthStart(to) === to) {
    demand.history = [...demand.history, { month: to, ...demand.monthMaximum }].slice(-HISTORY_MONTHS);
    demand.monthMaximum = { time: to, value: 0 };
  }
}

function randomQuarter(from: number, until: number, rng: Rng): number {
  return from + Math.floor(rng() * ((until - from) / QUARTER_HOUR)) * QUARTER_HOUR;
}
