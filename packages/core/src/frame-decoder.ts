import { BANG, CLOSE, CR, LF, NUL, SLASH } from './char-codes.js';
import { CRC16, type Crc16, type CrcAlgorithm } from './crc16.js';
import { latin1, latin1Bytes } from './latin1.js';
import { P1Error } from './p1-error.js';

/** The CRC check of one telegram. `expected` is the CRC the telegram carries, `actual` the one computed. */
export interface TelegramCrc {
  expected: number;
  actual: number;
  valid: boolean;
}

/** One telegram cut from a byte stream: its text and the outcome of its CRC check. */
export interface Frame {
  /** `/` through the CRC line as received (latin1), including the final CRLF when it came. */
  raw: string;
  /** null when the telegram carries no CRC (DSMR 2.2/3.0). */
  crc: TelegramCrc | null;
  /** The CRC matched only once CR was restored before every bare LF (middleware rewrote the line endings). */
  lineEndingsRestored: boolean;
}

export type FrameResult = { type: 'frame'; frame: Frame } | { type: 'error'; error: P1Error };

export interface FrameDecoderOptions {
  /** Largest telegram accepted, in bytes; a longer one is dropped with `frame-too-large`. Default 16384. */
  maxFrameSize?: number;
  /** Clear bit 7 of every byte: for 7E1 meters read at 8N1, where the parity bit lands there. Default false. */
  sevenBit?: boolean;
  /** Compute CRCs (`true`, default) or leave `crc` null on every frame (`false`, for meters with another CRC). */
  checkCrc?: boolean;
  /** The CRC the meter computes: `arc` (default, the standard's) or `x25` (the Hungarian Holley DTSD545). */
  crcAlgorithm?: CrcAlgorithm;
}

/** Counters since the decoder was made. */
export interface FrameDecoderStats {
  frames: number;
  incomplete: number;
  tooLarge: number;
  /** Bytes outside any telegram (noise, a missed start, data a gateway appended after the CRC). */
  garbageBytes: number;
}

const SEEK = 0; // skipping garbage until a '/'
const BODY = 1; // inside a telegram, until its '!'
const CHECKSUM = 2; // after '!': up to 4 hex digits, then CR LF

/** Most restart candidates tried per telegram: bounds the work a hostile stream can cause. */
const MAX_CANDIDATES = 16;
const NO_FRAMES: FrameResult[] = [];

/**
 * Cuts telegrams out of a byte stream delivered in chunks of any size (spec digest §2.5): skips garbage, collects
 * `/` ... `!`, reads 0, 3 or 4 CRC digits, checks CRC-16/ARC, and recovers from lost bytes. Never throws on input;
 * holds at most `maxFrameSize` bytes.
 *
 * A `/` inside a telegram is ambiguous: a new telegram after lost bytes, or part of a value (a text message, the
 * Holley header `/HLY5/D545`). The decoder keeps the bytes and lets the CRC decide at the `!`: the earliest start
 * whose CRC matches wins; without a match, the last `/` that begins a header (`/` + 3 letters) is taken as the start.
 */
export class FrameDecoder {
  readonly stats: FrameDecoderStats = { frames: 0, incomplete: 0, tooLarge: 0, garbageBytes: 0 };
  private readonly maxFrameSize: number;
  private readonly sevenBit: boolean;
  private readonly checkCrc: boolean;
  private readonly crc: Crc16;
  private buf: Uint8Array;
  private len = 0;
  private state = SEEK;
  /** Index just past the '!' in `buf`. */
  private bodyEnd = 0;
  private crcDigits = 0;
  private crcValue = 0;
  private crcLineEnded = false;

  constructor(options: FrameDecoderOptions = {}) {
    const max = options.maxFrameSize ?? 16384;
    if (!Number.isInteger(max) || max < 16) {
      throw new P1Error('invalid-option', `maxFrameSize must be an integer >= 16, got ${String(max)}`);
    }
    this.maxFrameSize = max;
    this.sevenBit = options.sevenBit ?? false;
    this.checkCrc = options.checkCrc ?? true;
    const algorithm = options.crcAlgorithm ?? 'arc';
    if (!Object.hasOwn(CRC16, algorithm)) {
      throw new P1Error('invalid-option', `crcAlgorithm must be 'arc' or 'x25', got "${String(algorithm)}"`);
    }
    this.crc = CRC16[algorithm];
    // Room for the CRC digits and the line end after a frame of the maximum size.
    this.buf = new Uint8Array(0);
  }

  /** Feed the next chunk; returns the telegrams and errors it completed (often none). */
  push(chunk: Uint8Array | string): FrameResult[] {
    let bytes = typeof chunk === 'string' ? latin1Bytes(chunk) : chunk;
    if (this.sevenBit) bytes = maskSevenBit(bytes);
    let out = NO_FRAMES;
    const emit = (result: FrameResult): void => {
      if (out === NO_FRAMES) out = [];
      out.push(result);
    };
    const n = bytes.length;
    let i = 0;
    while (i < n) {
      if (this.state === SEEK) {
        const start = bytes.indexOf(SLASH, i);
        if (start < 0) {
          this.stats.garbageBytes += n - i;
          break;
        }
        this.stats.garbageBytes += start - i;
        this.startFrame();
        i = start;
      }
      if (this.state === BODY) {
        i = this.readBody(bytes, i, emit);
      } else if (this.state === CHECKSUM) {
        i = this.readChecksum(bytes, i, emit);
      }
    }
    return out;
  }

  /** The input ended: completes a telegram that lacks only its final line end, reports one that was cut off. */
  end(): FrameResult[] {
    const out: FrameResult[] = [];
    if (this.state === CHECKSUM) this.finish((r) => out.push(r));
    else if (this.state === BODY && this.len > 0) {
      this.stats.incomplete++;
      const raw = latin1(this.buf, 0, this.len);
      out.push({ type: 'error', error: incompleteError(raw, 'the input ended before its "!" end line') });
    }
    this.state = SEEK;
    this.len = 0;
    return out;
  }

  private startFrame(): void {
    if (this.buf.length === 0) this.buf = new Uint8Array(this.maxFrameSize + 8);
    this.state = BODY;
    this.len = 0;
  }

  private readBody(bytes: Uint8Array, from: number, emit: (r: FrameResult) => void): number {
    let end = bytes.indexOf(BANG, from);
    while (end >= 0 && !this.endsBody(bytes, from, end)) end = bytes.indexOf(BANG, end + 1);
    const stop = end < 0 ? bytes.length : end + 1;
    const room = this.maxFrameSize - this.len;
    if (stop - from > room) {
      this.buf.set(bytes.subarray(from, from + room), this.len);
      this.len += room;
      this.overflow(emit);
      return from + room;
    }
    this.buf.set(bytes.subarray(from, stop), this.len);
    this.len += stop - from;
    if (end >= 0) {
      this.bodyEnd = this.len;
      this.state = CHECKSUM;
      this.crcDigits = 0;
      this.crcValue = 0;
      this.crcLineEnded = false;
    }
    return stop;
  }

  /** A '!' ends a telegram at the start of a line, or right after a ')' when a meter omits the last CRLF. */
  private endsBody(bytes: Uint8Array, from: number, at: number): boolean {
    const before = at > from ? bytes[at - 1] : this.len > 0 ? this.buf[this.len - 1] : undefined;
    return before === LF || before === CLOSE;
  }

  private readChecksum(bytes: Uint8Array, from: number, emit: (r: FrameResult) => void): number {
    let i = from;
    while (i < bytes.length) {
      const b = bytes[i]!;
      const digit = this.crcLineEnded || this.crcDigits === 4 ? -1 : hexValue(b);
      if (digit >= 0) {
        this.crcValue = (this.crcValue << 4) | digit;
        this.crcDigits++;
        this.buf[this.len++] = b;
      } else if (b === CR || b === NUL) {
        // Some meters send a NUL after the CRC (dsmr_parser PR #26): kept in `raw`, as received.
        this.crcLineEnded = true;
        if (this.len < this.buf.length) this.buf[this.len++] = b;
      } else if (b === LF) {
        if (this.len < this.buf.length) this.buf[this.len++] = b;
        this.finish(emit);
        return i + 1;
      } else {
        this.finish(emit);
        return i; // not consumed: it may be the '/' of the next telegram
      }
      i++;
    }
    return i;
  }

  private overflow(emit: (r: FrameResult) => void): void {
    this.stats.tooLarge++;
    emit({
      type: 'error',
      error: new P1Error(
        'frame-too-large',
        `telegram longer than ${this.maxFrameSize} bytes without its "!" end: dropped, looking for the next start`,
        { raw: latin1(this.buf, 0, Math.min(this.len, 200)) },
      ),
    });
    // Keep a telegram that may have begun inside the dropped bytes, so that its data is not lost too.
    const restart = this.lastHeaderStart(1, this.len, true);
    if (restart > 0) {
      this.buf.copyWithin(0, restart, this.len);
      this.len -= restart;
    } else {
      this.state = SEEK;
      this.len = 0;
    }
  }

  private finish(emit: (r: FrameResult) => void): void {
    this.state = SEEK;
    const { buf, bodyEnd } = this;
    const end = this.len;
    this.len = 0;
    const hasCrc = this.crcDigits > 0 && this.checkCrc;
    const expected = this.crcValue;
    let start = 0;
    let actual = hasCrc ? this.crc(buf, 0, bodyEnd) : 0;
    let restored = false;
    if (!hasCrc || actual !== expected) {
      const byCrc = hasCrc ? this.startByCrc(expected) : -1;
      if (byCrc >= 0) {
        start = byCrc;
        actual = expected;
      } else if (hasCrc && crcWithRestoredCr(this.crc, buf, 0, bodyEnd) === expected) {
        actual = expected;
        restored = true;
      } else {
        start = Math.max(0, this.lastHeaderStart(1, bodyEnd, false));
        if (hasCrc && start > 0) actual = this.crc(buf, start, bodyEnd);
      }
    }
    if (start > 0) {
      this.stats.incomplete++;
      const raw = latin1(buf, 0, start);
      emit({ type: 'error', error: incompleteError(raw, 'a new telegram began before its "!" end line') });
    }
    this.stats.frames++;
    const crc = hasCrc ? { expected, actual, valid: actual === expected } : null;
    emit({ type: 'frame', frame: { raw: latin1(buf, start, end), crc, lineEndingsRestored: restored } });
  }

  /** The earliest '/' after the first from which the CRC matches, or -1. */
  private startByCrc(expected: number): number {
    let tried = 0;
    for (let p = this.buf.indexOf(SLASH, 1); p >= 0 && p < this.bodyEnd; p = this.buf.indexOf(SLASH, p + 1)) {
      if (++tried > MAX_CANDIDATES) break;
      if (this.crc(this.buf, p, this.bodyEnd) === expected) return p;
    }
    return -1;
  }

  /** The last '/' in [from, to) that begins a header line (`/` + 3 letters), or -1. */
  private lastHeaderStart(from: number, to: number, lineStartOnly: boolean): number {
    const { buf } = this;
    for (let p = buf.lastIndexOf(SLASH, to - 1); p >= from; p = buf.lastIndexOf(SLASH, p - 1)) {
      if (lineStartOnly && buf[p - 1] !== LF) continue;
      if (p + 3 < to && isLetter(buf[p + 1]!) && isLetter(buf[p + 2]!) && isLetter(buf[p + 3]!)) return p;
      if (p === 0) break;
    }
    return -1;
  }
}

function incompleteError(raw: string, why: string): P1Error {
  return new P1Error('incomplete', `incomplete telegram (${raw.length} bytes): ${why}`, { raw });
}

function isLetter(b: number): boolean {
  const l = b | 0x20;
  return l >= 0x61 && l <= 0x7a;
}

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const l = b | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x57;
  return -1;
}

function maskSevenBit(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! & 0x7f;
  return out;
}

/** CRC of `buf[start, end)` as if every bare LF were preceded by CR; -1 when the bytes already hold a CR. */
function crcWithRestoredCr(crc: Crc16, buf: Uint8Array, start: number, end: number): number {
  if (buf.subarray(start, end).includes(CR)) return -1;
  const expanded = new Uint8Array(2 * (end - start));
  let n = 0;
  for (let i = start; i < end; i++) {
    if (buf[i] === LF) expanded[n++] = CR;
    expanded[n++] = buf[i]!;
  }
  return crc(expanded, 0, n);
}
