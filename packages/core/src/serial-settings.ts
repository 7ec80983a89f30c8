/** Line settings of a P1 port, in the names `serialport` uses. */
export interface SerialSettings {
  readonly baudRate: 9600 | 115200;
  readonly dataBits: 7 | 8;
  readonly parity: 'none' | 'even';
  readonly stopBits: 1;
}

/** DSMR 2.2/3.0: 9600 baud, 7 data bits, even parity (IEC 62056-21). */
export const SERIAL_7E1_9600: SerialSettings = Object.freeze({ baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1 });
/** DSMR 4.x/5.x, eMUCs, Smarty: 115200 baud 8N1. */
export const SERIAL_8N1_115200: SerialSettings = Object.freeze({ baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 });
/** Some DSMR 4.x meters (Landis+Gyr E350 ZCF100 4.2): 115200 baud 7E1. */
export const SERIAL_7E1_115200: SerialSettings = Object.freeze({ baudRate: 115200, dataBits: 7, parity: 'even', stopBits: 1 });
