/**
 * The CRC-16s of P1 telegrams. They cover every byte from the leading `/` through the `!`.
 *
 * - CRC-16/ARC (poly 0x8005 reflected = 0xA001, init 0, no final xor): DSMR 4+, eMUCs, Smarty; `crc16`.
 * - CRC-16/X-25 (poly 0x1021 reflected = 0x8408, init 0xFFFF, final xor 0xFFFF): the Hungarian Holley DTSD545
 *   (spec digest §2.4); `crc16x25`.
 *
 * ARC is computed 8 bytes at a time ("slicing-by-8"): table k gives the CRC of a byte followed by k zero bytes, so
 * the eight lookups of a block are independent and the loop does an eighth of the shifting. About twice as fast as
 * the one-table loop in V8, and the same result.
 */

/** A CRC of `bytes[start, end)` (defaults: the whole array). */
export type Crc16 = (bytes: Uint8Array, start?: number, end?: number) => number;

/** The CRC algorithms a telegram may use; `arc` is the standard's. */
export type CrcAlgorithm = 'arc' | 'x25';

const [T0, T1, T2, T3, T4, T5, T6, T7] = /* @__PURE__ */ slicingTables(0xa001);

/** CRC-16/ARC, the standard's: `crc16(ascii('123456789')) === 0xBB3D`. */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  let i = start;
  for (const last = end - 8; i <= last; i += 8) {
    crc ^= bytes[i]! | (bytes[i + 1]! << 8);
    crc =
      T7[crc & 0xff]! ^ T6[crc >>> 8]! ^ T5[bytes[i + 2]!]! ^ T4[bytes[i + 3]!]! ^
      T3[bytes[i + 4]!]! ^ T2[bytes[i + 5]!]! ^ T1[bytes[i + 6]!]! ^ T0[bytes[i + 7]!]!;
  }
  for (; i < end; i++) crc = (crc >>> 8) ^ T0[(crc ^ bytes[i]!) & 0xff]!;
  return crc;
}

// X-25 is a byte at a time: one meter model uses it, at one telegram a second. ARC keeps a loop of its own, with
// its tables in module constants: a loop shared by both, reading its tables from a closure, decoded 10% slower.
const X25 = /* @__PURE__ */ byteTable(0x8408);

/** CRC-16/X-25: `crc16x25(ascii('123456789')) === 0x906E`. */
export function crc16x25(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ X25[(crc ^ bytes[i]!) & 0xff]!;
  return crc ^ 0xffff;
}

/** Each algorithm by name. */
export const CRC16: Readonly<Record<CrcAlgorithm, Crc16>> = Object.freeze({ arc: crc16, x25: crc16x25 });

type Tables = [Uint16Array, Uint16Array, Uint16Array, Uint16Array, Uint16Array, Uint16Array, Uint16Array, Uint16Array];

/** Table k: the CRC of a byte followed by k zero bytes, k = 0..7. */
function slicingTables(poly: number): Tables {
  const t0 = byteTable(poly);
  const tables = [t0];
  for (let k = 1; k < 8; k++) {
    const prev = tables[k - 1]!;
    const next = new Uint16Array(256);
    for (let n = 0; n < 256; n++) next[n] = (prev[n]! >>> 8) ^ t0[prev[n]! & 0xff]!;
    tables.push(next);
  }
  return tables as Tables;
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
