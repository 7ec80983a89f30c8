import { describe, expect, it } from 'vitest';
import { formatSerialSettings, PROFILES, SERIAL_7E1_115200, SERIAL_7E1_9600, SERIAL_8N1_115200 } from './index.js';

describe('formatSerialSettings: the one way p1 writes line settings', () => {
  it('as meter tables write them', () => {
    expect(formatSerialSettings(SERIAL_8N1_115200)).toBe('115200 8N1');
    expect(formatSerialSettings(SERIAL_7E1_9600)).toBe('9600 7E1');
    expect(formatSerialSettings(SERIAL_7E1_115200)).toBe('115200 7E1');
    expect(formatSerialSettings(PROFILES['dsmr2.2'].serial)).toBe('9600 7E1');
  });

  it('any setting a port can be opened with', () => {
    expect(formatSerialSettings({ baudRate: 38400, dataBits: 5, parity: 'odd', stopBits: 1.5 })).toBe('38400 5O1.5');
    expect(formatSerialSettings({ baudRate: 300, dataBits: 6, parity: 'space', stopBits: 2 })).toBe('300 6S2');
  });
});
