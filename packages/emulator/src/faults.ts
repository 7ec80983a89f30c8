import { P1Error } from '@p1/core';
import { chance, integerBetween, type Rng } from './rng.js';

/**
 * What goes wrong between a meter and its reader, each opt-in with a rate. Faults change only the bytes sent, never
 * the meter: the same seed gives the same readings with faults on or off.
 */
export interface FaultOptions {
  /** Probability per telegram that its CRC digits are wrong (plain telegrams with a CRC only). Default 0. */
  crc?: number;
  /** Probability per telegram that a bit of its GCM tag flips (encrypting meters only): a frame that fails to decrypt. Default 0. */
  tag?: number;
  /** Probability per telegram that it is cut off before its end (the rest never arrives). Default 0. */
  truncate?: number;
  /** Probability per telegram that 1-64 garbage bytes (never a `/`) come before it. Default 0. */
  garbage?: number;
  /** Probability per byte that line noise flips one of its bits. Default 0. */
  noise?: number;
  /** Deliver the bytes in chunks of a random size in [min, max], as a UART and its driver do. Default: whole telegrams. */
  chunks?: readonly [min: number, max: number];
}

/** A fault that struck one telegram. */
export type FaultKind = 'crc' | 'tag' | 'truncate' | 'garbage' | 'noise';

const RATES = ['crc', 'tag', 'truncate', 'garbage', 'noise'] as const;

/** Checks rates and chunk sizes; throws a `P1Error` (`invalid-option`) naming the bad one. */
export function checkFaults(faults: FaultOptions): FaultOptions {
  for (const name of RATES) {
    const rate = faults[name];
    if (rate !== undefined && !(rate >= 0 && rate <= 1)) {
      throw new P1Error('invalid-option', `fault rate ${name} must be between 0 and 1, got ${String(rate)}`);
    }
  }
  const chunks = faults.chunks;
  if (chunks !== undefined && !(Number.isInteger(chunks[0]) && Number.isInteger(chunks[1]) && chunks[0] >= 1 && chunks[1] >= chunks[0])) {
    throw new P1Error('invalid-option', `fault chunks must be whole sizes 1 <= min <= max, got ${chunks.join('-')}`);
  }
  return faults;
}

/** Reads the CLI form `crc=0.1,tag=0.1,truncate=0.05,garbage=0.1,noise=0.01,chunks=1-64` (`chunks=8` means 8-8). */
export function parseFaults(spec: string): FaultOptions {
  const faults: { -readonly [K in keyof FaultOptions]: FaultOptions[K] } = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const [name, value = ''] = part.split('=', 2).map((p) => p.trim()) as [string, string?];
    if (name === 'chunks') {
      const [min, max = min] = value.split('-', 2);
      faults.chunks = [Number(min), Number(max)];
    } else if ((RATES as readonly string[]).includes(name) && value !== '' && Number.isFinite(Number(value))) {
      faults[name as FaultKind] = Number(value);
    } else {
      throw new P1Error('invalid-option', `unknown fault "${part}"; use ${RATES.join(', ')} (rates 0-1) and chunks=min-max`);
    }
  }
  return checkFaults(faults);
}

/** Whether any fault can strike: without one, telegrams go out as rendered, with no copying. */
export function hasFaults(faults: FaultOptions): boolean {
  return RATES.some((name) => (faults[name] ?? 0) > 0) || faults.chunks !== undefined;
}

const SLASH = 0x2f;
const BANG = 0x21;

/**
 * A telegram as the line delivers it under `faults`: the chunks in order and the faults that struck. `hasCrc`
 * says whether the telegram ends with CRC digits that a `crc` fault can change; `encrypted` whether it is an
 * encrypted frame ending with a GCM tag that a `tag` fault can change.
 */
export function injectFaults(
  telegram: Uint8Array,
  hasCrc: boolean,
  faults: FaultOptions,
  rng: Rng,
  encrypted = false,
): { chunks: Uint8Array[]; faults: FaultKind[] } {
  const struck: FaultKind[] = [];
  let bytes = telegram;
  if (hasCrc && chance(rng, faults.crc ?? 0)) {
    bytes = withWrongCrc(bytes, rng);
    struck.push('crc');
  }
  // Drawn only for encrypted frames, so that plain telegrams keep the fault sequence of their seed.
  if (encrypted && chance(rng, faults.tag ?? 0)) {
    bytes = new Uint8Array(bytes);
    bytes[bytes.length - integerBetween(rng, 1, 12)]! ^= 1 << integerBetween(rng, 0, 7);
    struck.push('tag');
  }
  const noise = faults.noise ?? 0;
  if (noise > 0) {
    const flipped = flipBits(bytes, noise, rng);
    if (flipped !== bytes) struck.push('noise');
    bytes = flipped;
  }
  if (chance(rng, faults.truncate ?? 0)) {
    bytes = bytes.subarray(0, integerBetween(rng, 1, bytes.length - 1));
    struck.push('truncate');
  }
  if (chance(rng, faults.garbage ?? 0)) {
    bytes = concat(garbage(rng), bytes);
    struck.push('garbage');
  }
  return { chunks: faults.chunks === undefined ? [bytes] : split(bytes, faults.chunks, rng), faults: struck };
}

/** The same telegram with its 4 CRC digits replaced by another, valid-looking value. */
function withWrongCrc(telegram: Uint8Array, rng: Rng): Uint8Array {
  const bang = telegram.lastIndexOf(BANG);
  const copy = new Uint8Array(telegram); // not .slice(): on a Buffer that is a view of the same bytes
  const digits = String.fromCharCode(...telegram.subarray(bang + 1, bang + 5));
  const wrong = (parseInt(digits, 16) ^ integerBetween(rng, 1, 0xffff)).toString(16).toUpperCase().padStart(4, '0');
  for (let i = 0; i < 4; i++) copy[bang + 1 + i] = wrong.charCodeAt(i);
  return copy;
}

/** Flips one bit in each byte hit with probability `rate`, visiting only the hit bytes (geometric gaps). */
function flipBits(bytes: Uint8Array, rate: number, rng: Rng): Uint8Array {
  let copy: Uint8Array | null = null;
  const logMiss = Math.log(1 - Math.min(rate, 0.999999));
  for (let i = gap(rng, logMiss); i < bytes.length; i += 1 + gap(rng, logMiss)) {
    copy ??= new Uint8Array(bytes);
    copy[i]! ^= 1 << integerBetween(rng, 0, 7);
  }
  return copy ?? bytes;
}

function gap(rng: Rng, logMiss: number): number {
  return Math.floor(Math.log(1 - rng()) / logMiss);
}

function garbage(rng: Rng): Uint8Array {
  const bytes = new Uint8Array(integerBetween(rng, 1, 64));
  for (let i = 0; i < bytes.length; i++) {
    let b = integerBetween(rng, 0, 255);
    if (b === SLASH) b = 0x00; // a '/' would start a telegram of its own
    bytes[i] = b;
  }
  return bytes;
}

function split(bytes: Uint8Array, [min, max]: readonly [number, number], rng: Rng): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; ) {
    const size = integerBetween(rng, min, max);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
