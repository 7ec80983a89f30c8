import { createTelegramDecoder, type DecryptionOptions } from './create-telegram-decoder.js';
import type { P1Error } from './p1-error.js';
import type { Telegram } from './telegram.js';
import type { TelegramDecoderOptions } from './telegram-decoder.js';

/** With `decryptionKey`, encrypted frames (Luxembourg Smarty) are decrypted first (see `EncryptedTelegramDecoder`). */
export interface ReadTelegramsOptions extends TelegramDecoderOptions, DecryptionOptions {
  /** Receives each error (CRC mismatch, incomplete, too large); without it they are skipped silently. */
  onError?: (error: P1Error) => void;
}

/**
 * Telegrams from any async source of chunks: a file stream, a socket, a serial port, a `fetch` body. Holds at most
 * one telegram's bytes, whatever the source's size.
 */
export async function* readTelegrams(
  source: AsyncIterable<Uint8Array | string>,
  options: ReadTelegramsOptions = {},
): AsyncGenerator<Telegram, void, undefined> {
  const decoder = createTelegramDecoder(options);
  for await (const chunk of source) {
    for (const result of decoder.push(chunk)) {
      if (result.type === 'telegram') yield result.telegram;
      else options.onError?.(result.error);
    }
  }
  for (const result of decoder.end()) {
    if (result.type === 'telegram') yield result.telegram;
    else options.onError?.(result.error);
  }
}
