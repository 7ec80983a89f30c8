import { P1Error } from './p1-error.js';
import type { ParseOptions } from './parse-content.js';
import { isProfileId, PROFILES } from './profiles.js';

/**
 * Every option of the entry points that parse, each taking those that concern it. A name outside them is a typo or
 * another library's option (`strict`, `checkCrc`): refused, so that a CRC check meant to be off is not silently on.
 */
const OPTION_NAMES: ReadonlySet<string> = new Set(['crc', 'crcAlgorithm', 'maxFrameSize', 'sevenBit', 'profile', 'keepRaw', 'keepObjects', 'decryptionKey', 'authenticationKey', 'onError', 'state']);

/**
 * Throws `invalid-option` for parse options no telegram could be parsed with, and for a name no entry point takes.
 * Shared by every entry point that parses (`parseTelegram`, `parseFrame`, `TelegramDecoder` and so `readTelegrams`,
 * `TelegramStream`, `parseTelegrams`, `EncryptedTelegramDecoder`), so that each rejects what the others reject,
 * when it is called rather than at the first telegram.
 */
export function checkParseOptions(options: ParseOptions): void {
  checkOptionNames(options);
  if (options.profile !== undefined && !isProfileId(options.profile)) {
    const known = Object.keys(PROFILES).map((id) => `'${id}'`).join(', ');
    throw new P1Error('invalid-option', `unknown profile "${String(options.profile)}": use one of ${known}, or none to detect it`);
  }
  for (const name of ['keepRaw', 'keepObjects'] as const) {
    const value: unknown = options[name];
    if (value !== undefined && typeof value !== 'boolean') {
      throw new P1Error('invalid-option', `${name} must be true or false, got ${typeof value === 'string' ? `"${value}"` : String(value)}`);
    }
  }
}

/** Throws `invalid-option` for an option name no entry point takes (a `FrameDecoder` checks its options so too). */
export function checkOptionNames(options: object): void {
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.has(name)) {
      throw new P1Error('invalid-option', `unknown option "${name}": the options are ${[...OPTION_NAMES].join(', ')} (the CRC check is crc: 'strict' | 'lenient' | 'off')`);
    }
  }
}
