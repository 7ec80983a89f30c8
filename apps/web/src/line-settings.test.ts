import { describe, expect, it } from 'vitest';
import { LINE_CHOICES, serialOptions } from './line-settings.js';

describe('LINE_CHOICES', () => {
  it('offers the settings of every profile, most common first, in the order detection tries them', () => {
    expect(LINE_CHOICES.map((c) => c.id)).toEqual(['115200-8N1', '115200-7E1', '9600-7E1']);
    expect(LINE_CHOICES[0]!.label).toMatch(/^115200 8N1 \(DSMR 4.*DSMR 5.*eMUCs/);
    expect(LINE_CHOICES[2]!.label).toMatch(/^9600 7E1 \(DSMR 2\.2, DSMR 3\.0\)$/);
  });

  it('opens the port with those settings and a buffer that holds several telegrams', () => {
    expect(serialOptions(LINE_CHOICES[2]!.settings)).toEqual({ baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1, bufferSize: 65_536 });
  });

  it('refuses settings Web Serial cannot open rather than opening the port at others', () => {
    const base = LINE_CHOICES[0]!.settings;
    expect(() => serialOptions({ ...base, parity: 'mark' })).toThrow(/cannot open a port at 115200-8M1/);
    expect(() => serialOptions({ ...base, dataBits: 6 })).toThrow(RangeError);
    expect(() => serialOptions({ ...base, stopBits: 1.5 })).toThrow(RangeError);
  });
});
