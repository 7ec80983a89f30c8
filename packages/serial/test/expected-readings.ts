import { MeterEmulator, type EmittedTelegram, type EmulatorOptions } from '@p1/emulator';
import { expectedReading } from '@p1/emulator/testing';
import type { Reading } from '@p1/core';

/** A fixed start makes the emulator deterministic: the same options give the same telegrams in every meter made. */
export const START = '2024-06-14T09:59:00Z';

/** The first `count` telegrams a meter with these options sends, and the reading each must give. */
export function emittedTelegrams(options: EmulatorOptions, count: number): { sent: EmittedTelegram; reading: Reading }[] {
  const meter = new MeterEmulator({ start: START, ...options });
  return Array.from({ length: count }, () => {
    const sent = meter.next();
    return { sent, reading: expectedReading(sent.state) };
  });
}
