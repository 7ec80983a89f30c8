import type { Counters } from './dashboard-model.js';
import { localDay, localHour, step, type EnergyTotals, type Periods } from './energy-buckets.js';
import { ERRORS_KEPT, type CaptureResult } from './parse-capture.js';

/** Adds `b`'s periods to `a`'s, then the step between two parts to the period of the later part's first sample. */
function mergePeriods(parts: CaptureResult[], periodsOf: (p: CaptureResult) => [number, EnergyTotals][], calendar: Periods): [number, EnergyTotals][] {
  const merged = new Map<number, EnergyTotals>();
  const at = (start: number): EnergyTotals => {
    const totals = merged.get(start) ?? { importKwh: 0, exportKwh: 0 };
    merged.set(start, totals);
    return totals;
  };
  let registers = null as CaptureResult['registers'] | null;
  for (const part of parts) {
    for (const [start, t] of periodsOf(part)) {
      at(start).importKwh += t.importKwh;
      at(start).exportKwh += t.exportKwh;
    }
    if (registers !== null && part.first !== null) {
      const totals = at(calendar.startOf(part.first.time));
      totals.importKwh += step(part.first.importKwh, registers.importKwh);
      totals.exportKwh += step(part.first.exportKwh, registers.exportKwh);
    }
    if (part.first !== null) {
      registers = {
        importKwh: part.registers.importKwh ?? registers?.importKwh ?? null,
        exportKwh: part.registers.exportKwh ?? registers?.exportKwh ?? null,
      };
    }
  }
  return [...merged].sort((a, b) => a[0] - b[0]);
}

/**
 * One result from the results of consecutive parts of a file, each cut at a telegram's start: what parsing the
 * whole file in one pass gives. The energy of the step from one part's last telegram to the next part's first
 * is added where a single pass would have counted it.
 */
export function mergeCaptures(fileName: string, parts: CaptureResult[]): CaptureResult {
  const withData = parts.filter((p) => p.first !== null);
  const counters: Counters = { readings: 0, crcErrors: 0, rejected: 0 };
  const errors: CaptureResult['errors'] = [];
  for (const part of parts) {
    const before = counters.readings + counters.crcErrors + counters.rejected;
    errors.push(...part.errors.map((e) => ({ telegram: before + e.telegram, message: e.message })));
    counters.readings += part.counters.readings;
    counters.crcErrors += part.counters.crcErrors;
    counters.rejected += part.counters.rejected;
  }
  const days = mergePeriods(parts, (p) => p.summary.days, localDay);
  const total = days.reduce((t, [, d]) => ({ importKwh: t.importKwh + d.importKwh, exportKwh: t.exportKwh + d.exportKwh }), { importKwh: 0, exportKwh: 0 });
  const lastPart = withData[withData.length - 1];
  return {
    time: parts.flatMap((p) => p.time),
    importKw: parts.flatMap((p) => p.importKw),
    exportKw: parts.flatMap((p) => p.exportKw),
    hours: mergePeriods(parts, (p) => p.hours, localHour),
    first: withData[0]?.first ?? null,
    last: lastPart?.last ?? null,
    latest: lastPart?.latest ?? null,
    counters,
    errors: errors.slice(0, ERRORS_KEPT),
    registers: lastPart?.registers ?? { importKwh: null, exportKwh: null },
    summary: {
      fileName,
      bytes: parts.reduce((n, p) => n + p.summary.bytes, 0),
      firstTime: withData[0]?.summary.firstTime ?? null,
      lastTime: lastPart?.summary.lastTime ?? null,
      days,
      total,
    },
    estimatedTimes: parts.some((p) => p.estimatedTimes),
  };
}

/**
 * The first place at or after `from` in `bytes` where a telegram starts: a `/` right after a line feed (every
 * telegram's CRC line ends with CR LF, and no line inside a telegram starts with `/`). -1 when there is none.
 */
export function telegramStart(bytes: Uint8Array, from: number): number {
  for (let i = Math.max(1, from); i < bytes.length; i++) if (bytes[i] === 0x2f && bytes[i - 1] === 0x0a) return i;
  return -1;
}
