import { EncryptedTelegramDecoder, type EncryptedTelegramDecoderStats } from './encrypted-telegram-decoder.js';
import { P1Error } from './p1-error.js';
import { TelegramDecoder, type TelegramDecoderOptions, type TelegramDecoderStats } from './telegram-decoder.js';

/** The keys of a meter that encrypts its telegrams (Luxembourg Smarty). */
export interface DecryptionOptions {
  /**
   * The meter's decryption key from its grid operator (32 hex digits or 16 bytes). With it, the stream is read as
   * encrypted DLMS frames (`0xDB` ...) and plain telegrams are not accepted. Default: none, plain telegrams.
   */
  decryptionKey?: string | Uint8Array;
  /** The authentication key of the AAD. Default `00112233445566778899AABBCCDDEEFF`, the one every Smarty uses. */
  authenticationKey?: string | Uint8Array;
}

/** The decoders' common face: `push(chunk)`, `end()` and counters. */
export type AnyTelegramDecoder = TelegramDecoder | EncryptedTelegramDecoder;
export type AnyTelegramDecoderStats = TelegramDecoderStats & Partial<EncryptedTelegramDecoderStats>;

/** An `EncryptedTelegramDecoder` when `options` hold a `decryptionKey`, else a `TelegramDecoder`. */
export function createTelegramDecoder(options: TelegramDecoderOptions & DecryptionOptions = {}): AnyTelegramDecoder {
  const { decryptionKey, authenticationKey, ...plain } = options;
  if (decryptionKey !== undefined && decryptionKey !== '') {
    return new EncryptedTelegramDecoder({ ...plain, decryptionKey, ...(authenticationKey !== undefined && { authenticationKey }) });
  }
  if (authenticationKey !== undefined && authenticationKey !== '') {
    throw new P1Error('invalid-option', 'authenticationKey was given without decryptionKey: an encrypted meter needs both (the decryption key from the grid operator)');
  }
  return new TelegramDecoder(plain);
}
