import { crc16, PROFILES } from '@p1/core';
import type { EmulatorConfig } from './emulator-options.js';
import type { MeterState } from './meter-state.js';
import { isSentBy, linesSent, TELEGRAM_LAYOUTS, type LayoutId } from './telegram-layouts.js';

const HEX = '0123456789ABCDEF';
const headers = new WeakMap<EmulatorConfig, Uint8Array>();

/**
 * The telegram a meter of `profile` (a layout; default: the state's) sends in `state`: `/` header, blank line, data
 * lines, `!` and, where the standard has one, the CRC-16/ARC of everything from `/` through `!`, then CRLF. Pure;
 * in plain text also for an encrypting meter (the `MeterEmulator` encrypts).
 */
export function renderTelegram(state: MeterState, profile: LayoutId = state.config.layout): Uint8Array {
  let header = headers.get(state.config);
  if (header === undefined) headers.set(state.config, (header = Buffer.from(`/${state.config.header}\r\n\r\n`, 'latin1')));
  // The lines come as bytes, most of them remembered from the telegram before: only copying is left to do.
  const parts: Uint8Array[] = [header];
  let length = header.length;
  for (const line of linesSent(state.config, profile)) length += parts[parts.push(line.render(state)) - 1]!.length;
  for (const device of state.mbus) {
    for (const line of TELEGRAM_LAYOUTS[profile].mbus) {
      if (isSentBy(line, device)) length += parts[parts.push(line.render(device, state)) - 1]!.length;
    }
  }
  const withCrc = PROFILES[TELEGRAM_LAYOUTS[profile].profile].hasCrc;
  const bytes = Buffer.allocUnsafe(length + (withCrc ? 7 : 3));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  bytes[at++] = 0x21; // '!'
  if (withCrc) {
    const crc = crc16(bytes, 0, at);
    for (let shift = 12; shift >= 0; shift -= 4) bytes[at++] = HEX.charCodeAt((crc >> shift) & 0xf);
  }
  bytes[at++] = 0x0d;
  bytes[at] = 0x0a;
  return bytes;
}
