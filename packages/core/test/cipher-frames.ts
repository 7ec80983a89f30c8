import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** The Smarty authentication key (public). */
export const SMARTY_AK = '00112233445566778899AABBCCDDEEFF';

export interface FrameParameters {
  key: Uint8Array | string;
  authenticationKey?: string;
  /** 8 bytes; default `SAG` + 5 bytes. */
  systemTitle?: Uint8Array;
  frameCounter?: number;
  /** Security control byte; default 0x30. */
  securityControl?: number;
  /** The length field's form: `short` (< 0x80), `0x81` or `0x82` (default). */
  lengthForm?: 'short' | 0x81 | 0x82;
}

const TITLE = Uint8Array.from([0x53, 0x41, 0x47, 0x10, 0x30, 0x70, 0x01, 0x27]);

/**
 * A DLMS general-glo-ciphering frame made with Node's crypto, independently of core's AES-GCM: the oracle of the
 * decryption tests.
 */
export function encryptFrame(plaintext: Uint8Array | string, p: FrameParameters): Uint8Array {
  const text = typeof plaintext === 'string' ? Buffer.from(plaintext, 'latin1') : Buffer.from(plaintext);
  const key = typeof p.key === 'string' ? Buffer.from(p.key, 'hex') : Buffer.from(p.key);
  const title = Buffer.from(p.systemTitle ?? TITLE);
  const sc = p.securityControl ?? 0x30;
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(p.frameCounter ?? 1);
  const cipher = createCipheriv('aes-128-gcm', key, Buffer.concat([title, counter]), { authTagLength: 12 });
  cipher.setAAD(Buffer.concat([Buffer.from([sc]), Buffer.from(p.authenticationKey ?? SMARTY_AK, 'hex')]));
  const ciphertext = Buffer.concat([cipher.update(text), cipher.final()]);
  const length = 1 + 4 + ciphertext.length + 12;
  const form = p.lengthForm ?? 0x82;
  const lengthBytes =
    form === 'short' ? [length] : form === 0x81 ? [0x81, length] : [0x82, length >> 8, length & 0xff];
  if ((form === 'short' && length >= 0x80) || (form === 0x81 && length > 0xff)) throw new Error(`length ${length} does not fit ${String(form)}`);
  return Buffer.concat([Buffer.from([0xdb, 0x08]), title, Buffer.from(lengthBytes), Buffer.from([sc]), counter, ciphertext, cipher.getAuthTag()]);
}

/** Node's own decryption of a frame with a 2-byte length (the fixtures' form); null when the tag fails. */
export function nodeDecrypt(frame: Uint8Array, key: string, authenticationKey = SMARTY_AK): Buffer | null {
  const f = Buffer.from(frame);
  if (f[0] !== 0xdb || f[1] !== 0x08 || f[10] !== 0x82) throw new Error('not a 0x82-length general-glo-ciphering frame');
  const length = f.readUInt16BE(11);
  if (f.length !== 13 + length) throw new Error(`frame length ${f.length}, its length field says ${13 + length}`);
  const decipher = createDecipheriv('aes-128-gcm', Buffer.from(key, 'hex'), Buffer.concat([f.subarray(2, 10), f.subarray(14, 18)]), { authTagLength: 12 });
  decipher.setAAD(Buffer.concat([f.subarray(13, 14), Buffer.from(authenticationKey, 'hex')]));
  decipher.setAuthTag(f.subarray(f.length - 12));
  try {
    return Buffer.concat([decipher.update(f.subarray(18, f.length - 12)), decipher.final()]);
  } catch {
    return null;
  }
}

/** A key no code has seen: fresh random bytes per test run. */
export function randomKey(): Uint8Array {
  return new Uint8Array(randomBytes(16));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase();
}
