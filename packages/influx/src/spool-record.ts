import { crc32 } from 'node:zlib';

// One record per line of line protocol: `CCCCCCCC line\n`, CCCCCCCC the CRC-32 of the line's bytes in hex. A line
// of line protocol never holds a newline, so records stay newline-framed: damage to one record (bytes overwritten,
// bytes appended, a cut) spoils that record only, and reading resumes at the next newline.
const NEWLINE = 0x0a;
const SPACE = 0x20;
const HEX = 8;
const HEX_DIGITS = /^[0-9a-f]{8}$/;

/** Line protocol text (lines ending in `\n`) as spool records. */
export function encodeRecords(text: string): Buffer {
  let out = '';
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
    const line = text.slice(start, end);
    out += `${crc32(line).toString(16).padStart(HEX, '0')} ${line}\n`;
    start = end + 1;
  }
  return Buffer.from(out, 'utf8');
}

/** The line a record holds (without its newline), or null when the record is damaged. `end` points at its newline. */
export function recordLine(buffer: Buffer, start: number, end: number): Buffer | null {
  if (end - start < HEX + 1 || buffer[start + HEX] !== SPACE) return null;
  const hex = buffer.toString('latin1', start, start + HEX);
  if (!HEX_DIGITS.test(hex)) return null;
  const line = buffer.subarray(start + HEX + 1, end);
  return crc32(line) === parseInt(hex, 16) ? line : null;
}

export { NEWLINE };
