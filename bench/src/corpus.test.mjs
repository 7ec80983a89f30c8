// The generated corpus is what every benchmark number rests on: each telegram must be one @p1/core accepts with a
// valid CRC and no issues, the values must move like a meter's, the same seed must give the same bytes, and
// p1-reader must know every data line. No timing here: speed is for `pnpm bench`, never for a test.
import { describe, expect, it } from 'vitest';
import { crc16, parseTelegram } from '@p1/core';
import { bareCrc16 } from './bare-crc.mjs';
import { CORPORA, corpusBytes, generateTelegrams } from './corpus.mjs';
import { p1Stamp } from './dsmr-format.mjs';
import { predecessorComplaints } from './predecessor.mjs';

const EXPECTED_PROFILE = { dsmr5: 'dsmr5', dsmr42: 'dsmr4', emucs: 'emucs' };

describe.each(Object.keys(CORPORA))('corpus %s', (kind) => {
  // 600 telegrams: more than a hundred per meter model, few enough to parse in a second on a loaded machine.
  const telegrams = generateTelegrams(kind, 600, 7);
  const parsed = telegrams.map((text) => parseTelegram(text));

  it('parses every telegram with a valid CRC, the right profile and no issues', () => {
    parsed.forEach((telegram, i) => {
      expect(telegram.raw).toBe(telegrams[i]);
      expect(telegram.crc?.valid).toBe(true);
      expect(telegram.profile).toBe(EXPECTED_PROFILE[kind]);
      expect(telegram.issues).toEqual([]);
    });
  });

  it('gives the same bytes for the same seed and other bytes for another seed', () => {
    expect(corpusBytes(generateTelegrams(kind, 300, 7)).equals(corpusBytes(telegrams.slice(0, 300)))).toBe(true);
    expect(corpusBytes(generateTelegrams(kind, 300, 8)).equals(corpusBytes(telegrams.slice(0, 300)))).toBe(false);
  });

  it('has values that vary: clocks advance, registers only grow, power moves', () => {
    const meters = CORPORA[kind].models.length;
    const byMeter = (i) => parsed.filter((_, k) => k % meters === i);
    for (let i = 0; i < meters; i++) {
      const readings = byMeter(i).map((t) => t.reading);
      const times = readings.map((r) => Date.parse(r.timestamp));
      const interval = CORPORA[kind].models[i].intervalS * 1000;
      expect(times.slice(1).every((t, k) => t - times[k] === interval)).toBe(true);
      const imported = readings.map((r) => r.electricity.received.tariff1.reading + r.electricity.received.tariff2.reading);
      expect(imported.slice(1).every((v, k) => v >= imported[k])).toBe(true);
      expect(imported.at(-1)).toBeGreaterThan(imported[0]);
      expect(new Set(readings.map((r) => r.electricity.received.actual.reading)).size).toBeGreaterThan(10);
    }
  });

  it('leaves p1-reader nothing to complain about but the CRC line', () => {
    expect(predecessorComplaints(telegrams.slice(0, 200))).toEqual({
      perTelegram: 1,
      kinds: ['Unable to parse line: !XXXX'],
    });
  });
});

describe('DSMR 5 corpus details', () => {
  const readings = generateTelegrams('dsmr5', 1300, 3).map((text) => parseTelegram(text).reading);

  it('moves the gas reading only every 5 minutes, stamped on the 5-minute boundary', () => {
    const stamps = new Set(readings.map((r) => r.gas.timestamp));
    expect(stamps.size).toBeGreaterThanOrEqual(4);
    for (const stamp of stamps) expect(Date.parse(stamp) % 300_000).toBe(0);
    for (let i = 1; i < readings.length; i++) {
      if (readings[i].gas.timestamp === readings[i - 1].gas.timestamp) {
        expect(readings[i].gas.reading).toBe(readings[i - 1].gas.reading);
      }
    }
  });

  it('is about 900 bytes a telegram', () => {
    const bytes = corpusBytes(generateTelegrams('dsmr5', 100, 1)).length / 100;
    expect(bytes).toBeGreaterThan(850);
    expect(bytes).toBeLessThan(950);
  });
});

describe('helpers', () => {
  it('stamps local time across the summer-time switch as the parser reads it back', () => {
    const switchAt = Date.UTC(2024, 2, 31, 1);
    expect(p1Stamp(switchAt - 1000)).toBe('240331015959W');
    expect(p1Stamp(switchAt)).toBe('240331030000S');
    expect(p1Stamp(Date.UTC(2024, 9, 27, 1))).toBe('241027020000W');
  });

  it('has a bare CRC loop that agrees with @p1/core', () => {
    const bytes = corpusBytes(generateTelegrams('emucs', 20, 1));
    expect(bareCrc16(Buffer.from('123456789'))).toBe(0xbb3d);
    expect(bareCrc16(bytes)).toBe(crc16(bytes));
  });
});
