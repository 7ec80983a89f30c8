import { createCipheriv } from 'node:crypto';
import { P1Error, parseKey, SMARTY_AUTHENTICATION_KEY } from '@p1/core';

/** How an encrypting meter (Luxembourg Smarty) seals its telegrams. */
export interface EncryptionOptions {
  /** The meter's key, 32 hex digits or 16 bytes: what its grid operator would give the customer. Required. */
  key: string | Uint8Array;
  /** The authentication key of the AAD. Default `00112233445566778899AABBCCDDEEFF` (Smarty's). */
  authenticationKey?: string | Uint8Array;
  /** The meter's system title: 16 hex digits or 8 ASCII characters. Default `5341471030700127` (`SAG` + serial). */
  systemTitle?: string;
  /** The frame counter of the first telegram; +1 per telegram. Default 1. */
  frameCounter?: number;
}

/** The encryption options, checked. */
export interface EncryptionConfig {
  key: Uint8Array;
  authenticationKey: Uint8Array;
  systemTitle: Uint8Array;
  frameCounter: number;
}

/** Checks the options; throws `P1Error` `invalid-option` naming the one that is wrong (never repeating a key). */
export function resolveEncryption(options: EncryptionOptions): EncryptionConfig {
  const key = parseKey('encryption.key', options.key);
  const authenticationKey = parseKey('encryption.authenticationKey', options.authenticationKey ?? SMARTY_AUTHENTICATION_KEY);
  const title = options.systemTitle ?? '5341471030700127';
  const systemTitle = /^[0-9a-fA-F]{16}$/.test(title)
    ? Buffer.from(title, 'hex')
    : /^[\x20-\x7e]{8}$/.test(title)
      ? Buffer.from(title, 'latin1')
      : null;
  if (systemTitle === null) throw new P1Error('invalid-option', `encryption.systemTitle must be 16 hex digits or 8 ASCII characters, got "${title}"`);
  const frameCounter = options.frameCounter ?? 1;
  if (!(Number.isInteger(frameCounter) && frameCounter >= 0 && frameCounter <= 0xffffffff)) {
    throw new P1Error('invalid-option', `encryption.frameCounter must be a whole number 0-4294967295, got ${String(frameCounter)}`);
  }
  return { key, authenticationKey, systemTitle: new Uint8Array(systemTitle), frameCounter };
}

/**
 * `telegram` in a DLMS general-glo-ciphering frame as a Smarty meter sends it: `DB 08` system title, `82` + 2-byte
 * length, security control `30`, the frame counter, the AES-128-GCM ciphertext (IV = system title + frame counter,
 * AAD = `30` + authentication key) and its 12-byte tag. Node's crypto, not core's: the round trip checks one
 * implementation against the other.
 */
export function encryptTelegram(telegram: Uint8Array, encryption: EncryptionConfig, frameCounter: number): Uint8Array {
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(frameCounter >>> 0);
  const cipher = createCipheriv('aes-128-gcm', encryption.key, Buffer.concat([encryption.systemTitle, counter]), { authTagLength: 12 });
  cipher.setAAD(Buffer.concat([Buffer.of(0x30), encryption.authenticationKey]));
  const ciphertext = Buffer.concat([cipher.update(telegram), cipher.final()]);
  const length = 1 + 4 + ciphertext.length + 12;
  return Buffer.concat([Buffer.of(0xdb, 0x08), encryption.systemTitle, Buffer.of(0x82, length >> 8, length & 0xff, 0x30), counter, ciphertext, cipher.getAuthTag()]);
}
