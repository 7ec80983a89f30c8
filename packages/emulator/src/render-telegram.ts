import { crc16, PROFILES, type ProfileId } from '@p1/core';
import type { MeterState } from './meter-state.js';
import { isSentBy, linesSent, TELEGRAM_LAYOUTS } from './telegram-layouts.js';

const HEX = '0123456789ABCDEF';

/**
 * The telegram a meter of `profile` (default: the state's) sends in `state`: `/` header, blank line, data lines,
 * `!` and, where the standard has one, the CRC-16/ARC of everything from `/` through `!`, then CRLF. Pure.
 */
export function renderTelegram(state: MeterState, profile: ProfileId = state.config.profile): Uint8Array {
  let text = `/${state.config.header}\r\n\r\n`;
  for (const line of linesSent(state.config, profile)) text += line.render(state);
  for (const device of state.mbus) {
    for (const line of TELEGRAM_LAYOUTS[profile].mbus) {
      if (isSentBy(line, device)) text += `0-${device.channel}:${line.code}${line.groups(device, state)}\r\n`;
    }
  }
  text += '!';
  if (!PROFILES[profile].crc) return Buffer.from(`${text}\r\n`, 'latin1');
  // One buffer for text, CRC and CRLF: the CRC is computed over the bytes already in place.
  const bytes = Buffer.allocUnsafe(text.length + 6);
  bytes.write(text, 0, 'latin1');
  const crc = crc16(bytes, 0, text.length);
  let at = text.length;
  for (let shift = 12; shift >= 0; shift -= 4) bytes[at++] = HEX.charCodeAt((crc >> shift) & 0xf);
  bytes[at++] = 0x0d;
  bytes[at] = 0x0a;
  return bytes;
}
