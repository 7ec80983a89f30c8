import { P1Error } from './p1-error.js';

/**
 * The option `crc` of every decoder: what to do with a telegram whose CRC does not match. `strict` (default)
 * reports a `crc-mismatch` error carrying the parsed telegram instead of the telegram; `lenient` delivers it with
 * `crc.valid === false`; `off` computes no CRC at all (`crc` is null), for meters with a checksum p1 does not know.
 * A Holley DTSD545 (CRC-16/X-25) needs `crcAlgorithm: 'x25'` instead. In `strict` and `lenient` alike, a telegram
 * of a standard with a CRC (`Profile.hasCrc`) that carries none is a `crc-missing` error: nothing vouches for it.
 * A `FrameDecoder` drops nothing: for it, `off` is the only value that changes anything.
 */
export type CrcPolicy = 'strict' | 'lenient' | 'off';

const CRC_POLICIES: readonly unknown[] = Object.freeze(['strict', 'lenient', 'off']);

/** Throws `invalid-option` unless `crc` is a `CrcPolicy` or undefined. */
export function checkCrcPolicy(crc: unknown): void {
  if (crc !== undefined && !CRC_POLICIES.includes(crc)) {
    throw new P1Error('invalid-option', `crc must be 'strict', 'lenient' or 'off', got "${String(crc)}"`);
  }
}
