import { hexDigit } from './hex-digit.js';

/**
 * An octet string sent as hex pairs (text messages, ids) decoded to text when it is clean: even length, hex digits
 * only, every byte printable ASCII. Otherwise null, and the caller keeps the value as sent (spec digest quirk 5, 28).
 */
export function decodeHexText(hex: string): string | null {
  if (hex.length === 0 || hex.length % 2 !== 0) return null;
  let text = '';
  for (let i = 0; i < hex.length; i += 2) {
    const hi = hexDigit(hex.charCodeAt(i));
    const lo = hexDigit(hex.charCodeAt(i + 1));
    if (hi < 0 || lo < 0) return null;
    const byte = (hi << 4) | lo;
    if (byte < 0x20 || byte > 0x7e) return null;
    text += String.fromCharCode(byte);
  }
  return text;
}
