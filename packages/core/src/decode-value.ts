import type { CosemDefinition, ValueKind } from './cosem-catalogue.js';
import { parseDecimal } from './decimal.js';
import { decodeHexText } from './hex-text.js';
import { isoToMs, msToIso } from './iso-instant.js';
import type { P1IssueCode } from './p1-issue.js';
import type { DemandHistory, MaximumDemand, MonthlyDemand, PowerFailure, PowerFailureLog } from './reading.js';
import { parseTimestamp } from './timestamp.js';
import type { CosemGroup } from './tokenize.js';

/** The value of an M-Bus device as read from `24.2.1`, `24.2.3` or the DSMR 2.2/3.0 `24.3.0` profile. */
export interface MbusValue {
  readonly timestamp: string | null;
  readonly reading: number | null;
  readonly unit: string | null;
}

/** A decoded object value; its shape follows the object's `ValueKind`. */
export type CosemValue =
  | number
  | string
  | null
  | PowerFailureLog
  | DemandHistory
  | MaximumDemand
  | MbusValue;

/** Where a decoder reports what it found wrong. */
export interface IssueSink {
  report(code: P1IssueCode, message: string): void;
}

type Decoder = (groups: CosemGroup[], def: CosemDefinition, sink: IssueSink) => CosemValue;

/**
 * One decoder per value kind. Structured values are made frozen, all the way down: they become parts of readings,
 * which are read-only, and a value frozen where it is made is not walked again to freeze it (`freezeDeep` stops at
 * a frozen part).
 */
export const DECODERS: Readonly<Record<ValueKind, Decoder>> = Object.freeze<Record<ValueKind, Decoder>>({
  number: (groups, def, sink) => decimal(groups[0], def, sink),
  integer: (groups, def, sink) => decimal(groups[0], def, sink),
  string: (groups) => text(groups[0]),
  'hex-text': (groups) => {
    const raw = text(groups[0]);
    return raw === null ? null : (decodeHexText(raw) ?? raw);
  },
  timestamp: (groups, _def, sink) => timestamp(groups[0], sink),
  'power-failure-log': (groups, def, sink) => {
    const log: PowerFailure[] = [];
    // Entries are (end of failure)(duration) pairs after the count and the captured object's OBIS code.
    for (let i = 2; i + 1 < groups.length; i += 2) {
      const end = timestamp(groups[i], sink);
      const duration = decimal(groups[i + 1], def, sink);
      // By arithmetic on the stamp's fields rather than through Date (one of the slowest steps of a telegram read
      // alone); null for a duration that puts the start beyond the dates a Date can hold.
      const start = end !== null && duration !== null ? msToIso(isoToMs(end) - duration * 1000) : null;
      log.push(Object.freeze({ startOfFailure: start, endOfFailure: end, duration, unit: groups[i + 1]!.unit ?? 's' }));
    }
    return Object.freeze({ count: count(groups[0], sink, def) ?? (groups.length > 0 ? 0 : null), log: Object.freeze(log) });
  },
  'demand-history': (groups, def, sink) => {
    // Only the Belgian layout: n, two OBIS codes, then n (period)(peak)(value) triples. Hungarian meters use this
    // code for another layout; that stays an undecoded object rather than a wrong history.
    if (groups.length < 3 || !groups[1]!.raw.includes(':')) return null;
    const months: MonthlyDemand[] = [];
    for (let i = 3; i + 2 < groups.length; i += 3) {
      months.push(
        Object.freeze({
          month: timestamp(groups[i], sink),
          timestamp: timestamp(groups[i + 1], sink),
          value: decimal(groups[i + 2], def, sink),
          unit: groups[i + 2]!.unit,
        }),
      );
    }
    return Object.freeze({ count: count(groups[0], sink, def), months: Object.freeze(months) });
  },
  'maximum-demand': (groups, def, sink) => {
    // (TST)(value*kW) by the book; one Iskra sends (value*kW)(TST12) (quirk 26): pick each group by its shape.
    const stampFirst = groups.length < 2 || !STAMP.test(groups[1]!.raw);
    const stamp = stampFirst ? groups[0] : groups[1];
    const value = stampFirst ? groups[1] : groups[0];
    return Object.freeze({ timestamp: timestamp(stamp, sink), reading: decimal(value, def, sink), unit: value?.unit ?? null });
  },
  'mbus-value': (groups, def, sink) => {
    const value = groups.length > 1 ? groups[1] : groups[0];
    return Object.freeze({
      timestamp: groups.length > 1 ? timestamp(groups[0], sink) : null,
      reading: decimal(value, def, sink),
      unit: value?.unit ?? null,
    });
  },
  'mbus-profile-value': (groups, def, sink) => {
    // (capture time)(status)(period)(count)(captured OBIS)(unit), then the value(s) from the next line(s); with
    // several records the last one is the most recent.
    const value = groups.length > 6 ? groups[groups.length - 1] : undefined;
    return Object.freeze({
      timestamp: timestamp(groups[0], sink),
      reading: decimal(value, def, sink),
      unit: groups.length > 5 ? text(groups[5]) : null,
    });
  },
});

const STAMP = /^\d{12}[SWsw]?$/;

function text(group: CosemGroup | undefined): string | null {
  return group === undefined || group.raw.length === 0 ? null : group.raw;
}

function timestamp(group: CosemGroup | undefined, sink: IssueSink): string | null {
  if (group === undefined) return null;
  const result = parseTimestamp(group.raw);
  if (result.problem) sink.report(result.problem, timestampProblem(group.raw, result.problem));
  return result.iso;
}

/** What is wrong with a timestamp, in words. */
export function timestampProblem(text: string, problem: P1IssueCode): string {
  return `timestamp "${text}": ${PROBLEMS[problem]}`;
}

const PROBLEMS: Partial<Record<P1IssueCode, string>> = {
  'placeholder-timestamp': 'a placeholder or impossible date, read as null',
  'invalid-timestamp': 'not a P1 timestamp, read as null',
  'ambiguous-local-time': 'local time in the repeated autumn hour, read as winter time',
};

function decimal(group: CosemGroup | undefined, def: CosemDefinition, sink: IssueSink): number | null {
  if (group === undefined || group.value.length === 0) return null;
  const n = parseDecimal(group.value);
  if (n === null) sink.report('invalid-number', `"${group.raw}" is not a number`);
  else if (group.unit !== null && def.units !== undefined && !hasUnit(def.units, group.unit)) {
    sink.report('unexpected-unit', `unit "${group.unit}", expected ${def.units.join(' or ')}`);
  }
  return n;
}

function count(group: CosemGroup | undefined, sink: IssueSink, def: CosemDefinition): number | null {
  if (group === undefined || group.value.length === 0) return null;
  return decimal({ ...group, unit: null }, def, sink);
}

function hasUnit(units: readonly string[], unit: string): boolean {
  for (const u of units) if (u === unit) return true; // the common case, without allocating
  const lower = unit.toLowerCase();
  return units.some((u) => u.toLowerCase() === lower);
}
