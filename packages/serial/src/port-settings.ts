/**
 * The line settings a serial port is opened with, in serialport's names. Wider than core's `SerialSettings` (the
 * settings meters use) because a user may open a port at any setting, e.g. a 7E1 meter at 8N1.
 */
export interface PortSettings {
  baudRate: number;
  dataBits: 5 | 6 | 7 | 8;
  parity: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits: 1 | 1.5 | 2;
}

/** `115200 8N1`, `9600 7E1`: the way meter tables write settings. */
export function formatSettings(settings: PortSettings): string {
  return `${settings.baudRate} ${settings.dataBits}${settings.parity[0]!.toUpperCase()}${settings.stopBits}`;
}
