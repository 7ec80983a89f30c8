import { BANG, CLOSE, CR, LF, NUL, SLASH } from './char-codes.js';
import { checkOptionNames } from './check-parse-options.js';
import { checkCrcPolicy, type CrcPolicy } from './crc-policy.js';
import { CRC16, type Crc16, type CrcAlgorithm } from './crc16.js';
import { hexDigit } from './hex-digit.js';
import { bytesOf, latin1 } from './latin1.js';
import { P1Error } from './p1-error.js';
import { HEADER_BAD, HEADER_END, headerByte, headerEndAt, isHeaderPrefix, isP1Text } from './p1-text.js';

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
  /** `off` leaves `crc` null on every frame (for meters with another CRC); otherwise CRCs are computed (default). */
  crc?: CrcPolicy;
  /** The CRC the meter computes: `arc` (default, the standard's) or `x25` (the Hungarian Holley DTSD545). */
  crcAlgorithm?: CrcAlgorithm;
}

/** How frames are cut and checked: the framing options, checked, with their defaults filled in. */
export interface Framing {
  maxFrameSize: number;
  sevenBit: boolean;
  crc: Crc16;
}

/** `options` checked (`invalid-option` for one no frame can be cut with) and with their defaults. */
export function framingOf(options: FrameDecoderOptions): Framing {
  checkOptionNames(options);
  const maxFrameSize = options.maxFrameSize ?? 16384;
  if (!Number.isInteger(maxFrameSize) || maxFrameSize < 16) {
    throw new P1Error('invalid-option', `maxFrameSize must be an integer >= 16, got ${String(maxFrameSize)}`);
  }
  checkCrcPolicy(options.crc);
  const algorithm = options.crcAlgorithm ?? 'arc';
  if (!Object.hasOwn(CRC16, algorithm)) {
    throw new P1Error('invalid-option', `crcAlgorithm must be 'arc' or 'x25', got "${String(algorithm)}"`);
  }
  return { maxFrameSize, sevenBit: options.sevenBit ?? false, crc: CRC16[algorithm] };
}

/** Counters since the decoder was made. */
export interface FrameDecoderStats {
  frames: number;
  incomplete: number;
  tooLarge: number;
  /** Bytes outside any telegram (noise, a missed start, data a gateway appended after the CRC). */
  garbageBytes: number;
  /** Frames from '/' to '!' rejected as not P1 text (`not-p1-text`): noise, or wrong serial settings. */
  garbageFrames: number;
}

const SEEK = 0; // skipping garbage until a '/'
const HEADER = 1; // after '/': the identification line, checked byte by byte
const BODY = 2; // inside a telegram, until a '!' that starts a line
const CHECKSUM = 3; // after that '!': up to 4 hex digits, then CR LF

/** Most restart candidates tried per telegram: bounds the work a hostile stream can cause. */
const MAX_CANDIDATES = 16;
/** Spans shorter than this are scanned and copied byte by byte: cheaper than native calls for the small chunks of a serial port. */
const SHORT = 64;
/** Most bytes after the '!': 4 CRC digits and a few of CR, NUL and LF. */
const MAX_CRC_LINE = 12;
const NO_FRAMES: FrameResult[] = [];

/** A start within a frame from which its CRC matches, and whether only with CR restored before each bare LF. */
interface CrcMatch {
  start: number;
  restored: boolean;
}

/**
 * Cuts telegrams out of a byte stream delivered in chunks of any size (spec digest §2.5): skips garbage, checks each
 * header as it arrives (`/XXXZ` + printable identification), collects the lines up to a `!` at the start of a line,
 * reads 0 to 4 CRC digits, checks the CRC, and recovers from lost bytes. Never throws on input; holds at most
 * `maxFrameSize` bytes, and nothing of a chunk once `push` returns.
 *
 * A `!` that starts a line but is not followed by a CRC line (`!-0:1.8.1(...)`: a flipped bit) is part of a damaged
 * line, not an end. A frame whose CRC does not match, or that carries none, must be P1 text: printable lines and at
 * least one COSEM line; otherwise it is dropped as `not-p1-text`.
 *
 * A `/` inside a telegram is ambiguous: a new telegram after lost bytes, or part of a value (a text message, the
 * Holley header `/HLY5/D545`). The decoder keeps the bytes and lets the CRC decide at the `!`: the earliest header
 * whose CRC matches wins, as received, else with CR restored before each bare LF (an LF-only telegram after a cut-off
 * one); without a match, the last header is taken as the start (in a frame without CRC, one that starts a line or
 * does not end like a value, so that a `/` in a text value does not cut the telegram).
 *
 * A frame that lies within one chunk is read where it lies; only one that spans chunks is copied into the decoder's
 * own buffer. So the work per byte is the same whatever the chunk size.
 */
export class FrameDecoder {
  readonly stats: FrameDecoderStats = { frames: 0, incomplete: 0, tooLarge: 0, garbageBytes: 0, garbageFrames: 0 };
  private readonly maxFrameSize: number;
  private readonly sevenBit: boolean;
  private readonly checkCrc: boolean;
  private readonly crc: Crc16;
  /** The decoder's own bytes: a frame that spans chunks. Grows up to `maxFrameSize` + its CRC line, as needed. */
  private buf: Uint8Array = new Uint8Array(0);
  /** The current frame is `src[at, at + len)`; `src` is `buf`, or the chunk being pushed when it began there. */
  private src: Uint8Array = this.buf;
  private at = 0;
  private len = 0;
  private state = SEEK;
  /** Length of the frame through its '!'. */
  private bodyEnd = 0;
  private crcDigits = 0;
  private crcValue = 0;
  private crcLineEnded = false;
  /** Where in the current frame the last '!' stands that began a line but no CRC line (-1: none), for messages. */
  private badEnd = -1;
  /** What the current `push` completed. */
  private out = NO_FRAMES;

  constructor(options: FrameDecoderOptions = {}) {
    const framing = framingOf(options);
    this.maxFrameSize = framing.maxFrameSize;
    this.sevenBit = framing.sevenBit;
    this.checkCrc = options.crc !== 'off';
    this.crc = framing.crc;
  }

  /** Feed the next chunk; returns the telegrams and errors it completed (often none). */
  push(chunk: Uint8Array | string): FrameResult[] {
    let bytes = bytesOf(chunk);
    if (this.sevenBit) bytes = maskSevenBit(bytes);
    this.out = NO_FRAMES;
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
        this.src = bytes;
        this.at = start;
        this.len = 1;
        this.badEnd = -1;
        this.state = HEADER;
        i = start + 1;
      } else if (this.state === HEADER) {
        i = this.readHeader(bytes, i);
      } else if (this.state === BODY) {
        i = this.readBody(bytes, i);
      } else {
        i = this.readChecksum(bytes, i);
      }
    }
    // A frame still open keeps its bytes in the decoder's buffer, never in the caller's chunk.
    if (this.state !== SEEK && this.src === bytes) this.toOwnBuffer();
    this.src = this.buf;
    const out = this.out;
    this.out = NO_FRAMES;
    return out;
  }

  /** The input ended: completes a telegram that lacks only its final line end, reports one that was cut off. */
  end(): FrameResult[] {
    this.out = NO_FRAMES;
    if (this.state === CHECKSUM) this.finish();
    else if (this.state === BODY) {
      this.stats.incomplete++;
      this.emit({ type: 'error', error: this.incomplete(this.len, 'the input ended before its "!" end line') });
    } else if (this.state === HEADER) {
      this.stats.garbageBytes += this.len; // not even a header line: nothing to report
    }
    this.state = SEEK;
    this.len = 0;
    const out = this.out;
    this.out = NO_FRAMES;
    return out;
  }

  private emit(result: FrameResult): void {
    if (this.out === NO_FRAMES) this.out = [];
    this.out.push(result);
  }

  /** Moves the open frame from the chunk into `buf`, at its start. */
  private toOwnBuffer(): void {
    const { src, at, len } = this;
    if (this.buf.length < len) this.buf = new Uint8Array(Math.min(this.maxFrameSize + 16, Math.max(2 * len, 1024)));
    this.buf.set(src.subarray(at, at + len));
    this.src = this.buf;
    this.at = 0;
  }

  /** Adds `bytes[from, to)` to the frame: nothing to do while it lies in that chunk, else a copy into `buf`. */
  private take(bytes: Uint8Array, from: number, to: number): void {
    if (this.src === bytes) {
      this.len += to - from;
      return;
    }
    let { buf, at, len } = this;
    if (at > 0) {
      buf.copyWithin(0, at, at + len);
      this.at = at = 0;
    }
    if (len + to - from > buf.length) {
      const grown = new Uint8Array(Math.min(this.maxFrameSize + 16, Math.max(len + to - from, 2 * buf.length, 1024)));
      grown.set(buf.subarray(0, len));
      this.buf = this.src = buf = grown;
    }
    if (to - from < SHORT) for (let i = from; i < to; i++) buf[len++] = bytes[i]!;
    else {
      buf.set(bytes.subarray(from, to), len);
      len += to - from;
    }
    this.len = len;
  }

  private readHeader(bytes: Uint8Array, from: number): number {
    const n = bytes.length;
    const max = this.maxFrameSize;
    let index = this.len;
    let previous = this.src[this.at + index - 1]!;
    for (let i = from; i < n; i++) {
      const b = bytes[i]!;
      const verdict = index < max ? headerByte(b, index, previous) : HEADER_BAD;
      if (verdict === HEADER_BAD) {
        this.take(bytes, from, i);
        this.dropHeader();
        return i; // not consumed: it may begin the next header
      }
      if (verdict === HEADER_END) {
        this.take(bytes, from, i + 1);
        this.state = BODY;
        return i + 1;
      }
      index++;
      previous = b;
    }
    this.take(bytes, from, n);
    return n;
  }

  /** The '/' did not begin a header: garbage, unless a later '/' of it still may (a header too long, say). */
  private dropHeader(): void {
    const { src, at, len } = this;
    for (let p = 1; p < len; p++) {
      if (src[at + p] === SLASH && isHeaderPrefix(src, at + p, at + len)) {
        this.stats.garbageBytes += p;
        this.at += p;
        this.len -= p;
        return;
      }
    }
    this.stats.garbageBytes += len;
    this.len = 0;
    this.state = SEEK;
  }

  private readBody(bytes: Uint8Array, from: number): number {
    const n = bytes.length;
    // The previous byte, to tell a '!' that starts a line.
    let before = this.src[this.at + this.len - 1];
    let end = -1;
    if (n - from < SHORT) {
      for (let i = from; i < n; i++) {
        const b = bytes[i]!;
        if (b === BANG && before === LF) {
          end = i;
          break;
        }
        before = b;
      }
    } else {
      end = bytes.indexOf(BANG, from);
      while (end >= 0 && (end > from ? bytes[end - 1] : before) !== LF) end = bytes.indexOf(BANG, end + 1);
    }
    const stop = end < 0 ? n : end + 1;
    const room = this.maxFrameSize - this.len;
    if (stop - from > room) {
      this.take(bytes, from, from + room);
      this.overflow();
      return from + room;
    }
    this.take(bytes, from, stop);
    if (end >= 0) {
      this.bodyEnd = this.len;
      this.state = CHECKSUM;
      this.crcDigits = 0;
      this.crcValue = 0;
      this.crcLineEnded = false;
    }
    return stop;
  }

  private readChecksum(bytes: Uint8Array, from: number): number {
    for (let i = from; i < bytes.length; i++) {
      const b = bytes[i]!;
      const digit = this.crcLineEnded || this.crcDigits === 4 ? -1 : hexDigit(b);
      if (digit >= 0) {
        this.crcValue = (this.crcValue << 4) | digit;
        this.crcDigits++;
        this.take(bytes, i, i + 1);
      } else if ((b === CR || b === NUL) && this.len - this.bodyEnd < MAX_CRC_LINE) {
        // Some meters send a NUL after the CRC (dsmr_parser PR #26): kept in `raw`, as received.
        this.crcLineEnded = true;
        this.take(bytes, i, i + 1);
      } else if (b === LF) {
        this.take(bytes, i, i + 1);
        this.finish();
        return i + 1;
      } else if (this.crcLineEnded || b === SLASH || b === CR || b === NUL) {
        this.finish();
        return i; // not consumed: the '/' of the next telegram, sent without the line end before it, or noise
      } else {
        // Not a CRC line: the '!' began a damaged data line, and the telegram goes on.
        this.badEnd = this.bodyEnd - 1;
        this.state = BODY;
        return i;
      }
    }
    return bytes.length;
  }

  /** The `incomplete` error of the frame's first `upTo` bytes: `why`, and the line that looked like its end, if any. */
  private incomplete(upTo: number, why: string): P1Error {
    const raw = latin1(this.src, this.at, this.at + upTo);
    if (this.badEnd < 0 || this.badEnd >= upTo) return incompleteError(raw, why);
    const lf = raw.indexOf('\n', this.badEnd);
    const line = raw.slice(this.badEnd, lf < 0 ? raw.length : lf).replace(/\r$/, '');
    return incompleteError(raw, `${why}; its line ${JSON.stringify(line.slice(0, 40))} is no end line ("!", at most 4 hex digits, then CR LF)`);
  }

  private overflow(): void {
    this.stats.tooLarge++;
    this.emit({
      type: 'error',
      error: new P1Error(
        'frame-too-large',
        `telegram longer than ${this.maxFrameSize} bytes without its "!" end: dropped, looking for the next start`,
        { raw: latin1(this.src, this.at, this.at + Math.min(this.len, 200)) },
      ),
    });
    // Keep a telegram that may have begun inside the dropped bytes, so that its data is not lost too.
    const restart = this.lastHeaderStart(this.len, true); // no CRC confirms it yet
    if (restart > 0) {
      this.at += restart;
      this.len -= restart;
    } else {
      this.state = SEEK;
      this.len = 0;
    }
  }

  private finish(): void {
    this.state = SEEK;
    const { src, at, bodyEnd } = this;
    const end = this.len;
    this.len = 0;
    const hasCrc = this.crcDigits > 0 && this.checkCrc;
    const expected = this.crcValue;
    let start = 0;
    let actual = hasCrc ? this.crc(src, at, at + bodyEnd) : 0;
    let restored = false;
    if (!hasCrc || actual !== expected) {
      const match = hasCrc ? this.startByCrc(expected) : undefined;
      if (match) {
        start = match.start;
        actual = expected;
        restored = match.restored;
      } else {
        start = Math.max(0, this.lastHeaderStart(bodyEnd, !hasCrc));
        if (hasCrc && start > 0) actual = this.crc(src, at + start, at + bodyEnd);
      }
    }
    if (start > 0) {
      this.stats.incomplete++;
      this.emit({ type: 'error', error: this.incomplete(start, 'a new telegram began before its "!" end line') });
    }
    const raw = latin1(src, at + start, at + end);
    const valid = hasCrc && actual === expected;
    if (!valid && !isP1Text(raw, bodyEnd - start)) {
      // Only a matching CRC vouches for bytes that do not look like P1 text (raw 0xFF text from Hungarian meters).
      this.stats.garbageFrames++;
      this.stats.garbageBytes += end - start;
      const why = hasCrc ? 'its CRC does not match and it' : 'it carries no CRC and';
      const message = `not a telegram (${raw.length} bytes from "/" to "!"): ${why} is not P1 text (control bytes, or no OBIS data line): noise or wrong serial settings?`;
      this.emit({ type: 'error', error: new P1Error('not-p1-text', message, { raw: raw.slice(0, 200) }) });
      return;
    }
    this.stats.frames++;
    const crc = hasCrc ? { expected, actual, valid } : null;
    this.emit({ type: 'frame', frame: { raw, crc, lineEndingsRestored: restored } });
  }

  /**
   * Where the CRC matches once it failed from the frame's start as received: the earliest header inside the frame as
   * received, else the earliest start (the frame's own, then those headers) with CR restored before each bare LF
   * (middleware rewrote the line endings). Matches as received come first: restoring is a second guess at each start
   * and never overrides one. Offsets within the frame.
   */
  private startByCrc(expected: number): CrcMatch | undefined {
    const { src, at, bodyEnd, crc } = this;
    const inner = this.innerHeaderStarts();
    for (const p of inner) if (crc(src, at + p, at + bodyEnd) === expected) return { start: p, restored: false };
    for (const p of [0, ...inner]) {
      if (crcWithRestoredCr(crc, src, at + p, at + bodyEnd) === expected) return { start: p, restored: true };
    }
    return undefined;
  }

  /** The offsets of the headers after the frame's own, at most `MAX_CANDIDATES` of them: the restarts a CRC may confirm. */
  private innerHeaderStarts(): number[] {
    const { src, at, bodyEnd } = this;
    const starts: number[] = [];
    for (let p = 1; p < bodyEnd && starts.length < MAX_CANDIDATES; p++) {
      if (src[at + p] === SLASH && headerEndAt(src, at + p, at + bodyEnd) >= 0) starts.push(p);
    }
    return starts;
  }

  /**
   * The last header in the frame's first `to` bytes (after its own), or -1. With `noCrc` (no CRC can confirm it)
   * one that does not start a line must not end with ')' either: that is the end of a value with a '/' in it
   * (`0-0:96.13.0(see/www)`).
   */
  private lastHeaderStart(to: number, noCrc: boolean): number {
    const { src, at } = this;
    for (let p = to - 1; p >= 1; p--) {
      if (src[at + p] !== SLASH) continue;
      const lf = headerEndAt(src, at + p, at + to);
      if (lf < 0) continue;
      if (!noCrc || src[at + p - 1] === LF) return p;
      const last = src[lf - 1] === CR ? src[lf - 2] : src[lf - 1];
      if (last !== CLOSE) return p;
    }
    return -1;
  }
}

function incompleteError(raw: string, why: string): P1Error {
  return new P1Error('incomplete', `incomplete telegram (${raw.length} bytes): ${why}`, { raw });
}

/** A copy of `bytes` with bit 7 of each cleared: the parity bit of a 7E1 byte read at 8N1. */
export function maskSevenBit(bytes: Uint8Array): Uint8Array {
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
