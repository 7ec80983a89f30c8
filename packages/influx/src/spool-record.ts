import { crc32 } from 'node:zlib';

// One record per line of line protocol: `CCCCCCCC line\n`, CCCCCCCC the CRC-32 of the line's bytes in hex. A line
// of line protocol never holds a newline, so records stay newline-framed: damage to one record (bytes overwritten,
// bytes appended, a cut) spoils that record only, and reading resumes at the next newline.
const NEWLINE = 0x0a;
const SPACE = 0x20;
const HEX = 8;
// Byte -> value of a lower-case hex digit, 255 for any other byte.
const HEX_VALUE = new Uint8Array(256).fill(255);
for (let d = 0; d < 16; d++) HEX_VALUE['0123456789abcdef'.charCodeAt(d)] = d;

const HEX_CHARS = Buffer.from('0123456789abcdef', 'latin1');

/** Line protocol text (lines ending in `\n`) as spool records: one pass over the bytes, no string per line. */
export function encodeRecords(text: string): Buffer {
  const data = Buffer.from(text, 'utf8');
  let lines = 0;
  for (let i = data.indexOf(NEWLINE); i !== -1; i = data.indexOf(NEWLINE, i + 1)) lines++;
  const out = Buffer.allocUnsafe(data.length + lines * (HEX + 1));
  let at = 0;
  for (let start = 0, end = data.indexOf(NEWLINE); end !== -1; start = end + 1, end = data.indexOf(NEWLINE, start)) {
    const crc = crc32(data.subarray(start, end));
    for (let shift = 28; shift >= 0; shift -= 4) out[at++] = HEX_CHARS[(crc >>> shift) & 0xf]!;
    out[at++] = SPACE;
    at += data.copy(out, at, start, end + 1);
  }
  return out.subarray(0, at);
}

/** The line a record holds (without its newline), or null when the record is damaged. `end` points at its newline. */
export function recordLine(buffer: Buffer, start: number, end: number): Buffer | null {
  if (end - start < HEX + 1 || buffer[start + HEX] !== SPACE) return null;
  let stored = 0;
  for (let i = start; i < start + HEX; i++) {
    const digit = HEX_VALUE[buffer[i]!]!;
    if (digit === 255) return null;
    stored = stored * 16 + digit;
  }
  const line = buffer.subarray(start + HEX + 1, end);
  return crc32(line) === stored ? line : null;
}

export { NEWLINE };
