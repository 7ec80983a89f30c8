import { FrameDecoder, type Frame, type FrameDecoderOptions } from './frame-decoder.js';
import { P1Error } from './p1-error.js';
import type { ParseOptions } from './parse-content.js';
import { isProfileId } from './profiles.js';
import { Telegram } from './telegram.js';
import { crcMissingError } from './telegram-decoder.js';

/** A telegram from a frame the `FrameDecoder` cut. Content problems become `issues`; it never throws. */
export function parseFrame(frame: Frame, options: ParseOptions = {}): Telegram {
  return new Telegram(frame, options);
}

export interface ParseTelegramOptions extends ParseOptions, Pick<FrameDecoderOptions, 'sevenBit' | 'maxFrameSize' | 'crcAlgorithm'> {}

/** Input is fed to the decoder in pieces of this size, so that a whole capture is not decoded for its first telegram. */
const PIECE = 64 * 1024;

/**
 * Parses one telegram from text or bytes: the first one in the input; anything before its '/' is skipped. CRC
 * problems show in `crc`, content problems in `issues`. Throws a `P1Error` when the input holds no telegram:
 * `no-telegram` without a '/', `incomplete` without the '!' end line, `frame-too-large` past `maxFrameSize`,
 * `not-p1-text` for bytes that are not a telegram, and `crc-missing` for a telegram of a standard with a CRC that
 * carries none (the error holds the parsed telegram).
 */
export function parseTelegram(input: string | Uint8Array, options: ParseTelegramOptions = {}): Telegram {
  if (options.profile !== undefined && !isProfileId(options.profile)) {
    throw new P1Error('invalid-option', `unknown profile "${String(options.profile)}"`);
  }
  const decoder = new FrameDecoder(options);
  let error: P1Error | undefined;
  for (let at = 0; ; at += PIECE) {
    const last = at + PIECE >= input.length;
    const piece = at === 0 && last ? input : typeof input === 'string' ? input.slice(at, at + PIECE) : input.subarray(at, at + PIECE);
    const results = last ? [...decoder.push(piece), ...decoder.end()] : decoder.push(piece);
    for (const result of results) {
      if (result.type === 'error') {
        error ??= result.error;
        continue;
      }
      const telegram = parseFrame(result.frame, options);
      const missing = crcMissingError(telegram);
      if (missing !== undefined) throw missing;
      return telegram;
    }
    if (last) break;
  }
  throw error ?? new P1Error('no-telegram', 'no telegram in the input: no "/" begins a header (/XXX5...)');
}
