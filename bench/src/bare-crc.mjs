// A bare table-driven CRC-16/ARC loop, written here rather than imported: it is the floor for anything that checks
// CRCs (one table lookup per byte and nothing else), so core's decode + CRC is compared with it, not with itself.

const TABLE = new Uint16Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
  TABLE[n] = c;
}

/** CRC-16/ARC (reflected 0x8005, init 0, no final xor) of `bytes[start, end)`. */
export function bareCrc16(bytes, start = 0, end = bytes.length) {
  let crc = 0;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]) & 0xff];
  return crc;
}
