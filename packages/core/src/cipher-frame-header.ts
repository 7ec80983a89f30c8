// The head of a DLMS general-glo-ciphering APDU as Luxembourg's Smarty meters send it (spec digest §4.3):
//
//   DB | 08 | system title (8) | length (1 byte < 0x80, or 81 + 1, or 82 + 2) | SC | frame counter (4) | C | tag (12)
//
// The length counts everything after it: the security control byte SC, the frame counter, the ciphertext C and the
// tag. There is no delimiter: the length is the only end a frame has.

/** The general-glo-ciphering tag, the first byte of every encrypted frame. */
export const GLO_CIPHERING = 0xdb;
/** Security control: authenticated and encrypted, security suite 0 (AES-128-GCM), the only one Smarty uses. */
export const AUTHENTICATED_ENCRYPTED = 0x30;
/** Bytes of the GCM tag DLMS sends (96 bits). */
export const TAG_LENGTH = 12;
/** Bytes of the system title, half the IV. */
const TITLE_LENGTH = 8;
/** SC + frame counter + tag: what a frame's length counts besides its ciphertext. */
const OVERHEAD = 1 + 4 + TAG_LENGTH;
/** Bytes the head can need before its length is known: DB 08 title 82 LL LL SC. */
export const MAX_HEAD = 2 + TITLE_LENGTH + 3 + 1;

/** What the bytes at a position say. */
export type CipherHead =
  /** The bytes end before the head could be judged. */
  | { kind: 'more' }
  /** Not the start of a frame. */
  | { kind: 'none' }
  /**
   * A frame: `size` bytes in all, the ciphertext from `textStart`. `securityControl` may be one p1 does not
   * decrypt (see `isSupportedSecurity`).
   */
  | { kind: 'frame'; size: number; securityControl: number; textStart: number };

/**
 * Reads the head of a frame at `bytes[start]`, looking no further than `end`. A frame longer than `maxSize` bytes
 * in all is no frame: random bytes can look like a head, and a long length would swallow what follows.
 */
export function readCipherHead(bytes: Uint8Array, start: number, end: number, maxSize: number): CipherHead {
  const at = (i: number): number => (start + i < end ? bytes[start + i]! : -1);
  if (at(0) === -1) return { kind: 'more' };
  if (at(0) !== GLO_CIPHERING) return { kind: 'none' };
  const titleLength = at(1);
  if (titleLength === -1) return { kind: 'more' };
  if (titleLength !== TITLE_LENGTH) return { kind: 'none' };
  const form = at(2 + TITLE_LENGTH);
  if (form === -1) return { kind: 'more' };
  const lengthBytes = form < 0x80 ? 0 : form === 0x81 ? 1 : form === 0x82 ? 2 : -1;
  if (lengthBytes === -1) return { kind: 'none' };
  const scAt = 2 + TITLE_LENGTH + 1 + lengthBytes;
  const sc = at(scAt);
  if (sc === -1) return { kind: 'more' };
  let length = form;
  if (lengthBytes === 1) length = at(11);
  if (lengthBytes === 2) length = (at(11) << 8) | at(12);
  const size = scAt + length;
  if (length < OVERHEAD || size > maxSize || !isSecurityControl(sc)) return { kind: 'none' };
  return { kind: 'frame', size, securityControl: sc, textStart: scAt + 5 };
}

/** A byte that reads as a DLMS security control: authentication and/or encryption, suites 0-2, no compression. */
function isSecurityControl(sc: number): boolean {
  return (sc & 0x30) !== 0 && (sc & 0x80) === 0 && (sc & 0x0f) <= 2;
}

/** Whether p1 decrypts frames of this security control byte. */
export function isSupportedSecurity(sc: number): boolean {
  return sc === AUTHENTICATED_ENCRYPTED;
}
