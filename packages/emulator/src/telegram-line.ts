import { findDefinition, type MbusDevice } from '@p1/core';
import type { DeviceMedium } from './emulator-options.js';
import type { MbusDeviceState, MeterState, PhaseValues } from './meter-state.js';
import { fixedSteps, iso, padded, quantize, stamp, steps, toHex } from './value-format.js';

/**
 * One data line of a telegram, both ways: how the meter writes it from its state, and what a parser must read
 * back from it into a `Reading`. The round-trip tests hold the two sides together.
 */
export interface TelegramLine {
  obis: string;
  /** The bytes of the whole line as sent, CRLF included, e.g. `1-0:1.8.1(000123.456*kWh)\r\n`. */
  render: (s: MeterState) => Uint8Array;
  /** Dotted path in `Reading` where the value lands; absent for lines a Reading does not carry. */
  target?: string;
  /** The value found at `target`. */
  expect?: (s: MeterState) => unknown;
  /** L2 and L3 lines are sent by three-phase meters only. */
  phase?: 2 | 3;
}

/** One line of every M-Bus device, `0-n:<code>` with n its channel. */
export interface MbusLine {
  code: string;
  /** The bytes of the whole line as sent, CRLF included, e.g. `0-1:24.1.0(003)\r\n`. */
  render: (d: MbusDeviceState, s: MeterState) => Uint8Array;
  /** The fields of the device in `Reading.mbus` this line fills. */
  expect: (d: MbusDeviceState) => Partial<MbusDevice>;
  /** Only devices of these media send the line (default: all). */
  media?: readonly DeviceMedium[];
}

type Get<T> = (s: MeterState) => T;

/** Where a line's value lands in a `Reading`, as @p1/core's catalogue places it; undefined for lines it does not. */
export function targetOf(obis: string): string | undefined {
  return findDefinition(obis)?.field;
}

/**
 * A line that writes the bytes of `obis` + `groups(key)` + CRLF for the `key` of a state, remembering the last:
 * from one telegram to the next most lines repeat, and the bulk emitter would spend most of its time formatting
 * and encoding them again.
 */
export function line<K>(obis: string, key: Get<K>, groups: (key: K) => string): TelegramLine['render'] {
  let lastKey: K | undefined;
  let last: Uint8Array | undefined;
  return (s) => {
    const k = key(s);
    if (last === undefined || k !== lastKey) {
      last = Buffer.from(`${obis}${groups(k)}\r\n`, 'latin1');
      lastKey = k;
    }
    return last;
  };
}

/**
 * An M-Bus line `0-n:<code>` + `groups(key)` + CRLF, remembered per channel like `line`: several devices take turns,
 * each repeating itself.
 */
export function mbusLine<K>(
  code: string,
  key: (d: MbusDeviceState, s: MeterState) => K,
  groups: (key: K, d: MbusDeviceState, s: MeterState) => string,
): MbusLine['render'] {
  const last = new Map<number, { key: K; bytes: Uint8Array }>();
  return (d, s) => {
    const k = key(d, s);
    let entry = last.get(d.channel);
    if (entry === undefined || entry.key !== k) {
      entry = { key: k, bytes: Buffer.from(`0-${d.channel}:${code}${groups(k, d, s)}\r\n`, 'latin1') };
      last.set(d.channel, entry);
    }
    return entry.bytes;
  };
}

/**
 * A number with a unit, `Fn(integers + decimals, decimals)`, spelled as the layout's meters spell it; thresholds
 * (limits, in core's catalogue) keep their number in `value`.
 */
export function quantity(obis: string, get: Get<number>, integers: number, decimals: number, unit: string): TelegramLine {
  const key = findDefinition(obis)?.as === 'limit' ? 'value' : 'reading';
  return {
    obis,
    target: targetOf(obis),
    render: line(obis, (s) => steps(get(s), decimals), (n) => `(${fixedSteps(n, integers, decimals)}*${unit})`),
    expect: (s) => ({ [key]: quantize(get(s), decimals), unit }),
  };
}

/** A zero-padded whole number without unit: counters (`00004`) and the tariff (`0002`). */
export function whole(obis: string, get: Get<number>, width: number): TelegramLine {
  return { obis, target: targetOf(obis), render: line(obis, get, (n) => `(${padded(n, width)})`), expect: get };
}

/** A value sent and read as it is: version numbers, switch positions. Empty reads as null. */
export function plain(obis: string, get: Get<string>): TelegramLine {
  return { obis, target: targetOf(obis), render: line(obis, get, (v) => `(${v})`), expect: (s) => get(s) || null };
}

/** An id sent as hex pairs of its text; a Reading keeps ids as sent, in hex. */
export function octets(obis: string, get: Get<string>): TelegramLine {
  return { obis, target: targetOf(obis), render: line(obis, get, (v) => `(${toHex(v)})`), expect: (s) => toHex(get(s)) || null };
}

/** A text message sent as hex pairs; a Reading decodes it back to the text. */
export function message(obis: string, get: Get<string>): TelegramLine {
  return { obis, target: targetOf(obis), render: line(obis, get, (v) => `(${toHex(v)})`), expect: (s) => get(s) || null };
}

/** A `YYMMDDhhmmssX` timestamp, read back as ISO UTC. */
export function timestamp(obis: string, get: Get<number>): TelegramLine {
  return { obis, target: targetOf(obis), render: line(obis, get, (t) => `(${stamp(t)})`), expect: (s) => iso(get(s)) };
}

/** The L1, L2 and L3 lines of one quantity: `make` builds each from its OBIS code and the phase's value. */
export function perPhase(
  codes: readonly [string, string, string],
  get: Get<PhaseValues>,
  make: (obis: string, get: Get<number>) => TelegramLine,
): TelegramLine[] {
  return codes.map((obis, i) => {
    const made = make(obis, (s) => get(s)[i]!);
    return i === 0 ? made : { ...made, phase: (i + 1) as 2 | 3 };
  });
}
