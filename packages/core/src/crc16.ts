/**
 * CRC-16/ARC (poly 0x8005 reflected = 0xA001, init 0, no final xor), the checksum of DSMR 4+, eMUCs and Smarty.
 * It covers every byte from the leading `/` through the `!`.
 *
 * Computed 8 bytes at a time ("slicing-by-8"): table k gives the CRC of a byte followed by k zero bytes, so the
 * eight lookups of a block are independent and the loop does an eighth of the shifting. About twice as fast as
 * the one-table loop in V8, and the same result.
 */

const TABLES = /* @__PURE__ */ buildTables();

function buildTables(): Uint16Array[] {
  const t0 = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    t0[n] = c;
  }
  const tables = [t0];
  for (let k = 1; k < 8; k++) {
    const prev = tables[k - 1]!;
    const next = new Uint16Array(256);
    for (let n = 0; n < 256; n++) next[n] = (prev[n]! >>> 8) ^ t0[prev[n]! & 0xff]!;
    tables.push(next);
  }
  return tables;
}

const [T0, T1, T2, T3, T4, T5, T6, T7] = TABLES as [
  Uint16Array, Uint16Array, Uint16Array, Uint16Array, Uint16Array, Uint16Array, Uint16Array, Uint16Array,
];

/** CRC-16/ARC of `bytes[start, end)` (defaults: the whole array). `crc16(ascii('123456789')) === 0xBB3D`. */
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
