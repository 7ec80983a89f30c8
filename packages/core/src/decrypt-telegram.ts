import { EncryptedTelegramDecoder, type EncryptedTelegramDecoderOptions } from './encrypted-telegram-decoder.js';
import { P1Error } from './p1-error.js';
import type { Telegram } from './telegram.js';

/**
 * One encrypted frame (bytes from `0xDB`, or a capture holding one) to its telegram, as `parseTelegram` is for a
 * plain one: for frames that arrive one at a time (a dongle that publishes each, a database). Throws the frame's
 * `P1Error` when it gives no telegram (`decryption-failed`, `incomplete`, `unsupported-security`, `crc-mismatch`
 * with the telegram attached, ...), and `no-telegram` when the input holds no frame.
 */
export function decryptTelegram(frame: Uint8Array | string, options: EncryptedTelegramDecoderOptions): Telegram {
  const decoder = new EncryptedTelegramDecoder(options);
  const results = [...decoder.push(frame), ...decoder.end()];
  const found = results.find((r) => r.type === 'telegram');
  if (found !== undefined) return found.telegram;
  const error = results.find((r) => r.type === 'error');
  if (error !== undefined) throw error.error;
  throw new P1Error('no-telegram', 'no encrypted frame (0xDB ...) in the input');
}
