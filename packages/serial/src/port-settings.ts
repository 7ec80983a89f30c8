import type { SerialSettings } from '@p1/core';

/** `115200 8N1`, `9600 7E1`: the way meter tables write settings. */
export function formatSettings(settings: SerialSettings): string {
  return `${settings.baudRate} ${settings.dataBits}${settings.parity[0]!.toUpperCase()}${settings.stopBits}`;
}
