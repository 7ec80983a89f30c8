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
  return crc16AndHighBit(bytes, start, end) & 0xffff;
}

/**
 * `crc16` and, in bit 16, whether any byte has bit 7 set: the decoder needs both for every telegram, and one pass
 * over the bytes is cheaper than two.
 */
export function crc16AndHighBit(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0;
  let any = 0;
  let i = start;
  for (const last = end - 8; i <= last; i += 8) {
    const b0 = bytes[i]!, b1 = bytes[i + 1]!, b2 = bytes[i + 2]!, b3 = bytes[i + 3]!;
    const b4 = bytes[i + 4]!, b5 = bytes[i + 5]!, b6 = bytes[i + 6]!, b7 = bytes[i + 7]!;
    any |= b0 | b1 | b2 | b3 | b4 | b5 | b6 | b7;
    crc ^= b0 | (b1 << 8);
    crc =
      T7[crc & 0xff]! ^ T6[crc >>> 8]! ^ T5[b2]! ^ T4[b3]! ^ T3[b4]! ^ T2[b5]! ^ T1[b6]! ^ T0[b7]!;
  }
  for (; i < end; i++) {
    const b = bytes[i]!;
    any |= b;
    crc = (crc >>> 8) ^ T0[(crc ^ b) & 0xff]!;
  }
  return crc | ((any & 0x80) << 9);
}
