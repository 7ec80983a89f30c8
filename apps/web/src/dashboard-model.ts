import type { ProfileId, Reading } from '@p1/core';
import { EnergyBuckets, localHour, type EnergyTotals } from './energy-buckets.js';
import { PowerSeries } from './power-series.js';
import { sampleOf, type Sample } from './totals.js';

/** One reading as a source delivers it. */
export interface Entry {
  /** ms: the meter's time, or the receiver's for meters without a clock. */
  time: number;
  profile: ProfileId;
  reading: Reading;
  /** From p1 serve: the reading's number in the service's run, which is also how many readings it has had. */
  seq?: number;
}

/** Where the readings come from. */
export type SourceKind = 'serial' | 'file' | 'server';

/** The counts a source keeps: readings used and telegrams that could not be used. */
export interface Counters {
  readings: number;
  crcErrors: number;
  /** Everything else that was thrown away: cut off, too large. */
  rejected: number;
}

/** What a summary of a whole capture file says (see capture-summary.ts). */
export interface CaptureSummary {
  fileName: string;
  bytes: number;
  firstTime: number | null;
  lastTime: number | null;
  days: [start: number, totals: EnergyTotals][];
  total: EnergyTotals;
}

/** Points kept for the live chart: a day at one telegram a second. */
export const LIVE_POINTS = 86_400;
/** Error messages kept for the page. */
const ERRORS_KEPT = 5;

/**
 * Everything the page shows, gathered from one source. Mutable on purpose: sixty readings a second and a chart of
 * 86,400 points do not allow a copy per reading. The page redraws from it at most once per frame.
 */
export class DashboardModel {
  source: SourceKind | null = null;
  sourceName = '';
  latest: Entry | null = null;
  /** The first sample of this session: "since the page opened" counts from it. */
  first: Sample | null = null;
  last: Sample | null = null;
  series = new PowerSeries(LIVE_POINTS);
  hours = new EnergyBuckets(localHour);
  counters: Counters = { readings: 0, crcErrors: 0, rejected: 0 };
  /** The latest word from the source (connected, lost, detecting...), and whether it is bad news. */
  status: { text: string; problem: boolean } | null = null;
  errors: string[] = [];
  summary: CaptureSummary | null = null;
  /** Bumped on every change, so the renderer can skip work when nothing happened. */
  version = 0;

  /** Starts over for a new source. */
  reset(source: SourceKind, name: string, limit = LIVE_POINTS): void {
    this.source = source;
    this.sourceName = name;
    this.latest = null;
    this.first = null;
    this.last = null;
    this.series = new PowerSeries(limit);
    this.hours = new EnergyBuckets(localHour);
    this.counters = { readings: 0, crcErrors: 0, rejected: 0 };
    this.status = null;
    this.errors = [];
    this.summary = null;
    this.version++;
  }

  /** A sample for the chart and the energy counts (history from p1 serve, or a reading's). */
  addSample(sample: Sample): void {
    this.first ??= sample;
    this.last = sample;
    this.series.push(sample.time, sample.importKw, sample.exportKw);
    this.hours.add(sample);
    // Today's bars need today's hours only; a day and a bit covers a page that was opened before midnight.
    if (this.series.length % 3600 === 0) this.hours.dropBefore(sample.time - 36 * 3600_000);
    this.version++;
  }

  /** A reading: the panels show it, and its sample goes to the chart unless `charted` already. */
  addReading(entry: Entry, charted = false): void {
    this.latest = entry;
    if (!charted) {
      this.addSample(sampleOf(entry.reading, entry.time));
      // p1 serve counts for us (its status events set the counters too): take its number rather than add one, so a
      // reading its last status already counted is not counted twice.
      this.counters.readings = entry.seq ?? this.counters.readings + 1;
    }
    this.version++;
  }

  addError(code: string, message: string): void {
    if (code === 'crc-mismatch') this.counters.crcErrors++;
    else this.counters.rejected++;
    this.errors = [...this.errors.slice(1 - ERRORS_KEPT), message];
    this.version++;
  }

  setStatus(text: string, problem = false): void {
    this.status = { text, problem };
    this.version++;
  }

  /** Energy between the first and the last sample of this session, or null before two. */
  sinceStart(): { importKwh: number | null; exportKwh: number | null; gasM3: number | null; ms: number } | null {
    if (this.first === null || this.last === null) return null;
    const diff = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a - b);
    return {
      importKwh: diff(this.last.importKwh, this.first.importKwh),
      exportKwh: diff(this.last.exportKwh, this.first.exportKwh),
      gasM3: diff(this.last.gasM3, this.first.gasM3),
      ms: this.last.time - this.first.time,
    };
  }
}
