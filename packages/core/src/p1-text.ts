import { CLOSE, CR, LF } from './char-codes.js';
import { isObisAt } from './obis-key.js';

// What P1 text looks like, for the decoder to tell a telegram from noise (spec digest §2.1). Noise, a wrong baud
// rate or a 7E1/8N1 mix-up sends bytes that may contain a '/' and a '!' but not these shapes; a telegram without a
// valid CRC has only its shape to vouch for it.

/** Longest header line accepted, '/' and line end included; real ones are under 40 characters. */
export const MAX_HEADER = 128;

/** `headerByte` verdicts. */
export const HEADER_BAD = 0;
export const HEADER_OK = 1;
export const HEADER_END = 2;

/**
 * What byte `b` at `index` of a header line (index 0 is the '/', `previous` the byte before) makes of it: `/XXXZ`,
 * three letters (the manufacturer, any case) and a printable baud-rate character, then an identification of
 * printable ASCII up to CR LF or LF. HEADER_END for the LF that completes a header, HEADER_BAD where it cannot be one.
 */
export function headerByte(b: number, index: number, previous: number): number {
  if (index <= 3) return isLetter(b) ? HEADER_OK : HEADER_BAD;
  if (index === 4) return b > 0x20 && b < 0x7f ? HEADER_OK : HEADER_BAD;
  if (previous === CR) return b === LF ? HEADER_END : HEADER_BAD;
  if (b === LF) return HEADER_END;
  if (index >= MAX_HEADER - 1) return HEADER_BAD;
  return b === CR || (b >= 0x20 && b < 0x7f) ? HEADER_OK : HEADER_BAD;
}

/** Whether `bytes[start, end)` (a '/' first) can begin a header: no byte of it is HEADER_BAD, and no LF ends it early. */
export function isHeaderPrefix(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start + 1; i < end; i++) {
    if (headerByte(bytes[i]!, i - start, bytes[i - 1]!) !== HEADER_OK) return false;
  }
  return true;
}

/** The index of the LF that ends a complete header line starting at `bytes[start]` (a '/') before `end`, or -1. */
export function headerEndAt(bytes: Uint8Array, start: number, end: number): number {
  const last = Math.min(end, start + MAX_HEADER);
  for (let i = start + 1; i < last; i++) {
    const verdict = headerByte(bytes[i]!, i - start, bytes[i - 1]!);
    if (verdict !== HEADER_OK) return verdict === HEADER_END ? i : -1;
  }
  return -1;
}

/**
 * Whether the lines of a telegram's text `raw[0, bodyEnd)` (header through '!') are P1 text: printable latin1
 * (no control characters other than CR and LF: a meter sends none, noise almost always does), with at least one
 * well-formed COSEM line `A-B:C.D.E(...)`. The header was checked byte by byte as it arrived.
 */
export function isP1Text(raw: string, bodyEnd: number): boolean {
  let cosemLines = 0;
  let lineStart = raw.indexOf('\n') + 1;
  if (lineStart === 0) return false;
  for (let i = lineStart; i < bodyEnd; i++) {
    const c = raw.charCodeAt(i);
    if (c === LF) {
      if (cosemLines === 0 && isCosemLine(raw, lineStart, i)) cosemLines++;
      lineStart = i + 1;
    } else if (c < 0x20 ? c !== CR : c >= 0x7f && c < 0xa0) {
      return false;
    }
  }
  return cosemLines > 0;
}

/** `A-B:C.D.E(...)` on the line `raw[start, lf)`: an OBIS code, a '(' right after it, a ')' at its end. */
function isCosemLine(raw: string, start: number, lf: number): boolean {
  const stop = lf > start && raw.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
  if (raw.charCodeAt(stop - 1) !== CLOSE) return false;
  const open = raw.indexOf('(', start);
  return open > start && open < stop && isObisAt(raw, start, open);
}

export function isLetter(b: number): boolean {
  const l = b | 0x20;
  return l >= 0x61 && l <= 0x7a;
}
