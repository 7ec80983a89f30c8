import { BANG, CR, LF, SLASH } from './char-codes.js';
import type { Frame, Framing } from './frame-decoder.js';
import { hexDigit } from './hex-digit.js';
import { latin1 } from './latin1.js';
import { HEADER_BAD, HEADER_END, headerByte } from './p1-text.js';

/**
 * The first telegram of `bytes` when it is intact, the common case for a telegram parsed on its own: from the first
 * '/', a header line that `headerByte` accepts, lines up to the first '!' that starts a line, four CRC digits that
 * match, then CR LF (or LF), or the end of the input when `bytes` is all of it (`whole`).
 *
 * That is the frame a `FrameDecoder` cuts from the same bytes, found with the decoder's own checks in one pass,
 * without its machinery (a decoder, its states, its result arrays), which costs as much as the checks for a single
 * telegram. Anything else gives undefined: a CRC that does not match or is missing, a damaged, cut-off or too large
 * frame, noise. Those are left to the decoder, the one judge of what its recovery makes of them.
 */
export function intactFrame(bytes: Uint8Array, whole: boolean, framing: Framing): Frame | undefined {
  const { maxFrameSize, crc } = framing;
  const start = bytes.indexOf(SLASH);
  if (start < 0) return undefined;
  let lf = start + 1;
  for (let previous = SLASH; ; lf++) {
    if (lf >= bytes.length) return undefined;
    const b = bytes[lf]!;
    const verdict = lf - start < maxFrameSize ? headerByte(b, lf - start, previous) : HEADER_BAD;
    if (verdict === HEADER_BAD) return undefined;
    if (verdict === HEADER_END) break;
    previous = b;
  }
  // The header's own LF may precede the '!' of an empty telegram.
  let bang = bytes.indexOf(BANG, lf + 1);
  while (bang >= 0 && bytes[bang - 1] !== LF) bang = bytes.indexOf(BANG, bang + 1);
  if (bang < 0 || bang + 1 - start > maxFrameSize) return undefined;
  let expected = 0;
  for (let i = bang + 1; i <= bang + 4; i++) {
    const digit = i < bytes.length ? hexDigit(bytes[i]!) : -1;
    if (digit < 0) return undefined;
    expected = (expected << 4) | digit;
  }
  let end = bang + 5;
  if (bytes[end] === CR && bytes[end + 1] === LF) end += 2;
  else if (bytes[end] === LF) end += 1;
  else if (!(whole && end === bytes.length)) return undefined; // a fifth digit, a NUL, or bytes still to come
  if (crc(bytes, start, bang + 1) !== expected) return undefined;
  return { raw: latin1(bytes, start, end), crc: { expected, actual: expected, valid: true }, lineEndingsRestored: false };
}
