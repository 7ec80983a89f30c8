/**
 * Line settings of a serial port, in the names `serialport` uses: what a meter sends with (`Profile.serial`,
 * `MeterModel.serial`, the `SERIAL_*` constants) and what a reader opens its port with, which may differ (a 7E1
 * meter read at 8N1). The one settings type of p1: @p1/serial and @p1/emulator use it too.
 */
export interface SerialSettings {
  /** 9600 (DSMR 2.2/3.0) or 115200 (DSMR 4/5, eMUCs) for meters; a port may be opened at any rate. */
  readonly baudRate: number;
  readonly dataBits: 5 | 6 | 7 | 8;
  readonly parity: 'none' | 'even' | 'odd' | 'mark' | 'space';
  readonly stopBits: 1 | 1.5 | 2;
}

/** DSMR 2.2/3.0: 9600 baud, 7 data bits, even parity (IEC 62056-21). */
export const SERIAL_7E1_9600: SerialSettings = Object.freeze({ baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1 });
/** DSMR 4.x/5.x, eMUCs, Smarty: 115200 baud 8N1. */
export const SERIAL_8N1_115200: SerialSettings = Object.freeze({ baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 });
/** Some DSMR 4.x meters (Landis+Gyr E350 ZCF100 4.2): 115200 baud 7E1. */
export const SERIAL_7E1_115200: SerialSettings = Object.freeze({ baudRate: 115200, dataBits: 7, parity: 'even', stopBits: 1 });

/** `115200 8N1`, `9600 7E1`: settings the way meter tables and people write them. */
export function formatSerialSettings(settings: SerialSettings): string {
  return `${settings.baudRate} ${settings.dataBits}${settings.parity[0]!.toUpperCase()}${settings.stopBits}`;
}
