import { describe, expect, it } from 'vitest';
import { fixtureTelegram } from '../test/fixtures.js';
import { describeDetection } from './detect-command.js';

describe('p1 detect: what it says of a meter', () => {
  it('names a Swedish meter by its standard and model, not as DSMR 4', () => {
    const text = describeDetection('/dev/ttyUSB0', '115200 8N1', fixtureTelegram('se-aidon-6534-reactive-per-phase'), '--port /dev/ttyUSB0');
    expect(text).toMatch(/standard {2}Sweden \(Branschrekommendation H1\)\n/);
    expect(text).toMatch(/meter {5}Aidon 6534\n/);
    expect(text).toMatch(/M-Bus {5}none\n/);
    expect(text).not.toMatch(/DSMR/);
  });

  it('keeps a Dutch Kamstrup with the same manufacturer id a DSMR 5 meter', () => {
    const text = describeDetection('/dev/ttyUSB0', '115200 8N1', fixtureTelegram('quirk-placeholder-clock-not-set-kamstrup-omnia'), '');
    expect(text).toMatch(/standard {2}DSMR 5\.x, version 50\n/);
    expect(text).toMatch(/meter {5}not in the catalogue\n/);
  });
});
