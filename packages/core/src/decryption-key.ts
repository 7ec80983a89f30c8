import { P1Error } from './p1-error.js';

/** The authentication key every Luxembourg Smarty meter uses (public, in the Smarty P1 specification). */
export const SMARTY_AUTHENTICATION_KEY = '00112233445566778899AABBCCDDEEFF';

/**
 * A 16-byte key from 32 hex digits (spaces, `:` and `-` between them are allowed, as grid operators print keys in
 * groups) or from bytes. Throws `invalid-option` naming the option; the message never repeats the key, a secret.
 */
export function parseKey(name: string, key: string | Uint8Array): Uint8Array {
  if (key instanceof Uint8Array) {
    if (key.length !== 16) throw new P1Error('invalid-option', `${name} must be 16 bytes, got ${key.length}`);
    return new Uint8Array(key);
  }
  if (typeof key !== 'string') throw new P1Error('invalid-option', `${name} must be 32 hex digits (16 bytes)`);
  const hex = key.replace(/[\s:-]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) {
    const why = /[^0-9a-fA-F]/.test(hex) ? 'it holds characters that are not hex digits' : `it has ${hex.length} hex digits`;
    throw new P1Error('invalid-option', `${name} must be 32 hex digits (16 bytes), as the grid operator gives it: ${why}`);
  }
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
