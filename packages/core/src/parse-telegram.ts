import { FrameDecoder, type Frame, type FrameDecoderOptions, framingOf, maskSevenBit } from './frame-decoder.js';
import { intactFrame } from './intact-frame.js';
import { bytesOf, latin1 } from './latin1.js';
import { checkParseOptions } from './check-parse-options.js';
import type { CrcPolicy } from './crc-policy.js';
import { P1Error } from './p1-error.js';
import type { ParseOptions } from './parse-content.js';
import { ParseState } from './parse-state.js';
import { Telegram } from './telegram.js';
import type { ReadTelegramsOptions } from './read-telegrams.js';
import { crcMismatchError, crcMissingError, TelegramDecoder } from './telegram-decoder.js';

/**
 * A telegram from a frame the `FrameDecoder` cut. Content problems become `issues`; it throws only `invalid-option`
 * for options no telegram can be parsed with.
 */
export function parseFrame(frame: Frame, options: ParseOptions = {}, state?: ParseState): Telegram {
  checkParseOptions(options);
  return new Telegram(frame, options, state);
}

export interface ParseTelegramOptions extends ParseOptions, Pick<FrameDecoderOptions, 'sevenBit' | 'maxFrameSize' | 'crcAlgorithm'> {
  /**
   * The CRC policy, as a decoder's with another default. `lenient` (default): a mismatch shows in `crc`. `strict`: a
   * mismatch throws `crc-mismatch`, carrying the telegram. `off`: no CRC computed (`crc` null), and a telegram of a
   * standard with a CRC that carries none is returned rather than thrown as `crc-missing`.
   */
  crc?: CrcPolicy;
  /**
   * What earlier calls remember (see `ParseState`): pass one `new ParseState()` to the calls that parse one meter's
   * telegrams in turn, and repeated lines are reused as a decoder reuses them. Default: none, each telegram is
   * parsed on its own.
   */
  state?: ParseState;
}

/** Input is fed to the decoder in pieces of this size, so that a whole capture is not decoded for its first telegram. */
const PIECE = 64 * 1024;

/**
 * Parses one telegram from text or bytes: the first one in the input; anything before its '/' is skipped. CRC
 * problems show in `crc`, content problems in `issues`. Throws a `P1Error` when the input holds no telegram:
 * `no-telegram` without a '/', `incomplete` without the '!' end line, `frame-too-large` past `maxFrameSize`,
 * `not-p1-text` for bytes that are not a telegram, and `crc-missing` for a telegram of a standard with a CRC that
 * carries none (the error holds the parsed telegram; not with `crc: 'off'`), and with `crc: 'strict'` `crc-mismatch`.
 */
export function parseTelegram(input: string | Uint8Array, options: ParseTelegramOptions = {}): Telegram {
  checkParseOptions(options);
  const { sevenBit, maxFrameSize, crcAlgorithm, crc } = options;
  const framingOptions = { sevenBit, maxFrameSize, crcAlgorithm, crc };
  const framing = framingOf(framingOptions);
  const first = bytesOf(pieceAt(input, 0));
  // An intact telegram, the usual input, is cut in one pass (its CRC checked, so not with `crc: 'off'`); anything
  // else goes through a decoder and its recovery.
  const intact = crc === 'off' ? undefined : intactFrame(framing.sevenBit ? maskSevenBit(first) : first, input.length <= PIECE, framing);
  const frame = intact ?? decodeFrame(input, first, framingOptions);
  const telegram = new Telegram(frame, options, options.state);
  const refused = crc === 'off' ? undefined : (crcMissingError(telegram) ?? (crc === 'strict' ? crcMismatchError(telegram) : undefined));
  if (refused !== undefined) throw refused;
  return telegram;
}

/** The first frame a `FrameDecoder` cuts from `input` (whose first piece, as bytes, is `first`), or its error. */
function decodeFrame(input: string | Uint8Array, first: Uint8Array, options: FrameDecoderOptions): Frame {
  const decoder = new FrameDecoder(options);
  let error: P1Error | undefined;
  for (let at = 0; ; at += PIECE) {
    const piece = at === 0 ? first : pieceAt(input, at);
    const last = at + PIECE >= input.length;
    const results = last ? [...decoder.push(piece), ...decoder.end()] : decoder.push(piece);
    for (const result of results) {
      if (result.type === 'frame') return result.frame;
      error ??= result.error;
    }
    if (last) break;
  }
  throw error ?? noTelegram(first);
}

/**
 * The `no-telegram` error for an input whose first piece is `first`: no '/' at all, or the first '/' and what
 * follows it, which is no header (a control byte such as the 0x02 a "\\2" in a test's string literal becomes).
 */
function noTelegram(first: Uint8Array): P1Error {
  const slash = first.indexOf(0x2f);
  if (slash < 0) return new P1Error('no-telegram', 'no telegram in the input: no "/" begins a header (/XXX5...)');
  const seen = JSON.stringify(latin1(first, slash, Math.min(first.length, slash + 24)));
  return new P1Error(
    'no-telegram',
    `no telegram in the input: no "/" begins a header; the first, at byte ${slash}, reads ${seen}, and a header is "/", ` +
      'three letters, a baud-rate character, then printable ASCII up to CR LF',
  );
}

/**
 * Every telegram of a capture held in memory (a file read whole, an upload), one at a time: what a
 * `TelegramDecoder` gives for it, fed 64 KiB at a time, so that a telegram the caller is done with can go before the
 * next is read. Pushing a whole capture at once returns all its telegrams together, and holding them all costs
 * memory and time. Errors go to `onError`, as with `readTelegrams`.
 */
export function* parseTelegrams(input: string | Uint8Array, options: ReadTelegramsOptions = {}): Generator<Telegram, void, undefined> {
  const decoder = new TelegramDecoder(options);
  for (let at = 0; ; at += PIECE) {
    const last = at + PIECE >= input.length;
    for (const result of decoder.push(pieceAt(input, at))) {
      if (result.type === 'telegram') yield result.telegram;
      else options.onError?.(result.error);
    }
    if (last) break;
  }
  for (const result of decoder.end()) {
    if (result.type === 'telegram') yield result.telegram;
    else options.onError?.(result.error);
  }
}

/** The `PIECE` of `input` at `at` (all of it when it is no larger). */
function pieceAt(input: string | Uint8Array, at: number): string | Uint8Array {
  if (at === 0 && input.length <= PIECE) return input;
  return typeof input === 'string' ? input.slice(at, at + PIECE) : input.subarray(at, at + PIECE);
}
