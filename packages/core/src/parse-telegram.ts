import { FrameDecoder, type Frame, type FrameDecoderOptions } from './frame-decoder.js';
import { P1Error } from './p1-error.js';
import type { ParseOptions } from './parse-content.js';
import { isProfileId } from './profiles.js';
import { Telegram } from './telegram.js';

/** A telegram from a frame the `FrameDecoder` cut. Content problems become `issues`; it never throws. */
export function parseFrame(frame: Frame, options: ParseOptions = {}): Telegram {
  return new Telegram(frame, options);
}

export interface ParseTelegramOptions extends ParseOptions, Pick<FrameDecoderOptions, 'sevenBit' | 'maxFrameSize' | 'crcAlgorithm'> {}

/**
 * Parses one telegram from text or bytes; anything before its '/' is skipped. CRC problems show in `crc`, content
 * problems in `issues`. Throws a `P1Error` only when the input holds no telegram: `no-telegram` without a '/',
 * `incomplete` without the '!' end line, `frame-too-large` past `maxFrameSize`.
 */
export function parseTelegram(input: string | Uint8Array, options: ParseTelegramOptions = {}): Telegram {
  if (options.profile !== undefined && !isProfileId(options.profile)) {
    throw new P1Error('invalid-option', `unknown profile "${String(options.profile)}"`);
  }
  const decoder = new FrameDecoder(options);
  const results = [...decoder.push(input), ...decoder.end()];
  const found = results.find((r) => r.type === 'frame');
  if (found !== undefined) return parseFrame(found.frame, options);
  const error = results.find((r) => r.type === 'error');
  if (error !== undefined) throw error.error;
  throw new P1Error('no-telegram', 'no telegram start ("/") in the input');
}
