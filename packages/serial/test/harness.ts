import type { Reading } from '@p1/core';
import { P1Emulator, type P1EmulatorOptions } from '@p1/emulator';
import { expectedReading } from '@p1/emulator/testing';
import { P1Reader, type P1ReaderOptions } from '../src/index.js';
import { START } from './expected-readings.js';

/**
 * What a test starts and must stop even when it fails: readers, emulators, servers, ptys. `cleanup()` in an
 * `afterEach` undoes them, the last made first.
 */
export class Harness {
  private readonly cleanups: (() => Promise<void> | void)[] = [];

  /** Runs `undo` at cleanup; returns `made`. */
  defer<T>(made: T, undo: (made: T) => Promise<void> | void): T {
    this.cleanups.push(() => undo(made));
    return made;
  }

  reader(options: P1ReaderOptions): P1Reader {
    return this.defer(new P1Reader(options), (reader) => reader.close());
  }

  /** An emulated meter from a fixed start, and the reading of every telegram it sends, in order. */
  emulator(options: P1EmulatorOptions): { meter: P1Emulator; sent: Reading[] } {
    const meter = this.defer(new P1Emulator({ start: START, ...options }), (emulator) => emulator.stop());
    const sent: Reading[] = [];
    meter.on('telegram', (telegram) => sent.push(expectedReading(telegram.state)));
    return { meter, sent };
  }

  async cleanup(): Promise<void> {
    for (const undo of this.cleanups.splice(0).reverse()) await undo();
  }
}

/** Every reading the reader emits from now on. */
export function readings(reader: P1Reader): Reading[] {
  const list: Reading[] = [];
  reader.on('reading', (reading) => list.push(reading));
  return list;
}
