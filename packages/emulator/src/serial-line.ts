import type { SerialSettings } from '@p1/core';


/**
 * What a UART opened with `port` settings (data bits default 8) receives from a meter sending with `meter` settings, as a function of
 * the bytes, or null when it receives them as sent. Both 7E1 and 8N1 frames are 10 bits long, so (spec digest §1.2):
 * a 7E1 meter read at 8 data bits delivers its even-parity bit in bit 7; an 8N1 meter read at 7 data bits loses
 * bit 7 (its parity errors are not emulated). At another baud rate the reader gets framing garbage: bytes with bit 7
 * set, never a `/` or `!`, so nothing that looks like a telegram.
 */
export function serialLine(meter: SerialSettings, port: Pick<SerialSettings, 'baudRate'> & Partial<SerialSettings>): ((bytes: Uint8Array) => Uint8Array) | null {
  if (port.baudRate !== meter.baudRate) return garbled;
  const dataBits = port.dataBits ?? 8;
  if (meter.dataBits === 7 && dataBits === 8) return withParityBit;
  if (meter.dataBits === 8 && dataBits === 7) return sevenBits;
  return null;
}

function withParityBit(bytes: Uint8Array): Uint8Array {
  return bytes.map((b) => b | (PARITY[b & 0x7f]! << 7));
}

function sevenBits(bytes: Uint8Array): Uint8Array {
  return bytes.map((b) => b & 0x7f);
}

function garbled(bytes: Uint8Array): Uint8Array {
  return bytes.map((b) => 0x80 | ((b * 37) & 0x7f));
}

/** Even parity of 7 bits: 1 when the number of 1 bits is odd. */
const PARITY = Uint8Array.from({ length: 128 }, (_, b) => {
  let ones = 0;
  for (let v = b; v !== 0; v >>= 1) ones += v & 1;
  return ones & 1;
});
