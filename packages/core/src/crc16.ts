/**
 * CRC-16/ARC (poly 0x8005 reflected = 0xA001, init 0, no final xor), the checksum of DSMR 4+, eMUCs and Smarty.
 * It covers every byte from the leading `/` through the `!`.
 */

const TABLE = /* @__PURE__ */ buildTable();

function buildTable(): Uint16Array {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    table[n] = c;
  }
  return table;
}

/** CRC-16/ARC of `bytes[start, end)` (defaults: the whole array). `crc16(ascii('123456789')) === 0xBB3D`. */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]!) & 0xff]!;
  return crc;
}

/**
 * `crc16` and, in bit 16, whether any byte has bit 7 set: the decoder needs both for every telegram, and one pass
 * over the bytes is cheaper than two.
 */
export function crc16AndHighBit(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0;
  let any = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    any |= b;
    crc = (crc >>> 8) ^ TABLE[(crc ^ b) & 0xff]!;
  }
  return crc | ((any & 0x80) << 9);
}
