import { PROFILES, TelegramDecoder, type P1Error } from '@p1/core';
import type { CaptureSummary, Counters, Entry } from './dashboard-model.js';
import { EnergyBuckets, localDay, localHour, type EnergyTotals } from './energy-buckets.js';
import { readingTime, sampleOf, type Sample } from './totals.js';

/** A capture file, parsed: the chart's columns, the energy per hour and per day, the last reading. */
export interface CaptureResult {
  /** Seconds, one per telegram, ascending as the file has them. */
  time: number[];
  importKw: (number | null)[];
  exportKw: (number | null)[];
  hours: [start: number, totals: EnergyTotals][];
  first: Sample | null;
  last: Sample | null;
  latest: Entry | null;
  counters: Counters;
  /** The first few problems: which telegram of the file (counting every one, good or bad, from 1) and what. */
  errors: CaptureError[];
  /** The registers' last known values (the step into the next part of a file starts from them). */
  registers: { importKwh: number | null; exportKwh: number | null };
  summary: CaptureSummary;
  /** True when the telegrams carry no time (DSMR 2.2/3.0) and the times are counted from the file's date. */
  estimatedTimes: boolean;
}

export interface CaptureError {
  telegram: number;
  message: string;
}

export interface CaptureFile {
  name: string;
  size: number;
  /** ms; the start of the estimated times when the telegrams carry none. */
  lastModified: number;
  chunks: AsyncIterable<Uint8Array>;
}

export const ERRORS_KEPT = 20;

/**
 * Parses a whole capture, chunk by chunk, holding one telegram's bytes at a time besides the numbers it keeps.
 * `onProgress` gets the bytes read so far. Never throws on the file's content: problems are counted and described.
 */
export async function parseCapture(file: CaptureFile, onProgress: (bytes: number) => void = () => {}): Promise<CaptureResult> {
  const time: number[] = [];
  const importKw: (number | null)[] = [];
  const exportKw: (number | null)[] = [];
  const hours = new EnergyBuckets(localHour);
  const days = new EnergyBuckets(localDay);
  const counters: Counters = { readings: 0, crcErrors: 0, rejected: 0 };
  const errors: CaptureError[] = [];
  let first: Sample | null = null;
  let last: Sample | null = null;
  let latest: Entry | null = null;
  let estimatedTimes = false;
  let bytes = 0;

  const decoder = new TelegramDecoder();
  const error = (e: P1Error): void => {
    if (e.code === 'crc-mismatch') counters.crcErrors++;
    else counters.rejected++;
    // Where: the telegram's place in the file (a byte offset would be a chunk's, no more precise).
    if (errors.length < ERRORS_KEPT) errors.push({ telegram: counters.readings + counters.crcErrors + counters.rejected, message: e.message });
  };
  const take = (results: ReturnType<TelegramDecoder['push']>): void => {
    for (const result of results) {
      if (result.type === 'error') {
        error(result.error);
        continue;
      }
      const { reading, profile } = result.telegram;
      const fallback = last === null ? file.lastModified : last.time + PROFILES[profile].intervalSeconds * 1000;
      if (reading.timestamp === null) estimatedTimes = true;
      const sample = sampleOf(reading, readingTime(reading, fallback));
      first ??= sample;
      last = sample;
      time.push(sample.time / 1000);
      importKw.push(sample.importKw);
      exportKw.push(sample.exportKw);
      hours.add(sample);
      days.add(sample);
      counters.readings++;
      latest = { time: sample.time, profile, reading };
    }
  };

  for await (const chunk of file.chunks) {
    take(decoder.push(chunk));
    bytes += chunk.byteLength;
    onProgress(bytes);
  }
  take(decoder.end());

  const dayList = days.sorted();
  const total = dayList.reduce((t, [, d]) => ({ importKwh: t.importKwh + d.importKwh, exportKwh: t.exportKwh + d.exportKwh }), {
    importKwh: 0,
    exportKwh: 0,
  });
  const firstTime = (first as Sample | null)?.time ?? null;
  const lastTime = (last as Sample | null)?.time ?? null;
  return {
    time,
    importKw,
    exportKw,
    hours: hours.sorted(),
    first,
    last,
    latest,
    counters,
    errors,
    registers: hours.registers,
    summary: { fileName: file.name, bytes, firstTime, lastTime, days: dayList, total },
    estimatedTimes,
  };
}
