// Telegrams from the emulator through core's parser, with the readings they must give.
import { parseTelegram, type Reading, type Telegram } from '@p1/core';
import { MeterEmulator, type EmulatorOptions } from '@p1/emulator';
import { expectedReading } from '@p1/emulator/testing';

export const START = '2025-01-15T06:00:00Z';

/** `count` telegrams of an emulated meter, parsed, and the readings they must give. */
export function emulated(count: number, options: EmulatorOptions = {}): { telegrams: Telegram[]; expected: Reading[] } {
  const meter = new MeterEmulator({ profile: 'dsmr5', seed: 3, start: START, realistic: true, ...options });
  const telegrams: Telegram[] = [];
  const expected: Reading[] = [];
  for (let i = 0; i < count; i++) {
    const sent = meter.next();
    telegrams.push(parseTelegram(sent.bytes));
    expected.push(expectedReading(sent.state));
  }
  return { telegrams, expected };
}
