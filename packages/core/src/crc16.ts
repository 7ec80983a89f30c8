/**
 * The CRC-16s of P1 telegrams. They cover every byte from the leading `/` through the `!`.
 *
 * - CRC-16/ARC (poly 0x8005 reflected = 0xA001, init 0, no final xor): DSMR 4+, eMUCs, Smarty; `crc16`.
 * - CRC-16/X-25 (poly 0x1021 reflected = 0x8408, init 0xFFFF, final xor 0xFFFF): the Hungarian Holley DTSD545
 *   (spec digest §2.4); `crc16x25`.
 *
 * ARC is computed 16 bytes at a time ("slicing-by-16"): row k of the table gives the CRC of a byte followed by k zero
 * bytes, so the sixteen lookups of a block are independent and the loop does a sixteenth of the shifting. One table
 * of 16 rows (8 KiB, it stays in the L1 cache) read through a local constant: about 1.7x as fast in V8 as eight
 * tables read from module scope, and the same result.
 */

/** A CRC of `bytes[start, end)` (defaults: the whole array). */
export type Crc16 = (bytes: Uint8Array, start?: number, end?: number) => number;

/** The CRC algorithms a telegram may use; `arc` is the standard's. */
export type CrcAlgorithm = 'arc' | 'x25';

const ARC = /* @__PURE__ */ slicingTable(0xa001, 16);

/** CRC-16/ARC, the standard's: `crc16(ascii('123456789')) === 0xBB3D`. */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const t = ARC;
  let crc = 0;
  let i = start;
  for (const last = end - 16; i <= last; i += 16) {
    crc ^= bytes[i]! | (bytes[i + 1]! << 8);
    crc =
      t[0xf00 | (crc & 0xff)]! ^ t[0xe00 | (crc >>> 8)]! ^ t[0xd00 | bytes[i + 2]!]! ^ t[0xc00 | bytes[i + 3]!]! ^
      t[0xb00 | bytes[i + 4]!]! ^ t[0xa00 | bytes[i + 5]!]! ^ t[0x900 | bytes[i + 6]!]! ^ t[0x800 | bytes[i + 7]!]! ^
      t[0x700 | bytes[i + 8]!]! ^ t[0x600 | bytes[i + 9]!]! ^ t[0x500 | bytes[i + 10]!]! ^ t[0x400 | bytes[i + 11]!]! ^
      t[0x300 | bytes[i + 12]!]! ^ t[0x200 | bytes[i + 13]!]! ^ t[0x100 | bytes[i + 14]!]! ^ t[bytes[i + 15]!]!;
  }
  for (; i < end; i++) crc = (crc >>> 8) ^ t[(crc ^ bytes[i]!) & 0xff]!;
  return crc;
}

// X-25 is a byte at a time: one meter model uses it, at one telegram a second. ARC keeps a loop of its own: a loop
// shared by both, reading its table from a closure, decoded 10% slower.
const X25 = /* @__PURE__ */ byteTable(0x8408);

/** CRC-16/X-25: `crc16x25(ascii('123456789')) === 0x906E`. */
export function crc16x25(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ X25[(crc ^ bytes[i]!) & 0xff]!;
  return crc ^ 0xffff;
}

/** Each algorithm by name. */
export const CRC16: Readonly<Record<CrcAlgorithm, Crc16>> = Object.freeze({ arc: crc16, x25: crc16x25 });

/** `rows` rows of 256: row k holds the CRC of a byte followed by k zero bytes, row 0 the byte table. */
function slicingTable(poly: number, rows: number): Uint16Array {
  const table = new Uint16Array(256 * rows);
  table.set(byteTable(poly));
  for (let k = 256; k < table.length; k++) {
    const previous = table[k - 256]!;
    table[k] = (previous >>> 8) ^ table[previous & 0xff]!;
  }
  return table;
}

/** The CRC of each byte value for a reflected polynomial. */
function byteTable(poly: number): Uint16Array {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    table[n] = c;
  }
  return table;
}
