import { parseTelegram, PROFILES, type ProfileId } from '@p1/core';
import { describe, expect, it } from 'vitest';
import { expectedReading } from './expected-reading.js';
import { MeterEmulator } from './meter-emulator.js';

const PROFILE_IDS = Object.keys(PROFILES) as ProfileId[];

describe('round trip: every telegram parses with @p1/core back to the state it was built from', () => {
  for (const profile of PROFILE_IDS) {
    it(`${profile}, steady`, () => {
      const meter = new MeterEmulator({ profile, start: '2024-06-14T09:59:00Z', mbus: ['gas', 'water', 'heat'] });
      for (let i = 0; i < 50; i++) {
        const { bytes, state } = meter.next();
        const telegram = parseTelegram(bytes);
        expect(telegram.issues).toEqual([]);
        expect(telegram.reading).toEqual(expectedReading(state));
      }
    });
  }
});
