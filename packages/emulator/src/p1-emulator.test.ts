import { isP1Error, readTelegrams } from '@p1/core';
import { describe, expect, it } from 'vitest';
import { expectedReading } from './expected-reading.js';
import { ManualClock } from './manual-clock.js';
import type { EmittedTelegram } from './meter-emulator.js';
import { P1Emulator } from './p1-emulator.js';

const START = Date.UTC(2025, 2, 3, 9, 0, 0);

describe('P1Emulator on a clock (fake time)', () => {
  it('start(): the first telegram at once, then one every interval, as telegram and data events', async () => {
    const clock = new ManualClock(START);
    const emulator = new P1Emulator({ clock });
    const telegrams: EmittedTelegram[] = [];
    const data: Uint8Array[] = [];
    emulator.on('telegram', (t) => telegrams.push(t));
    emulator.on('data', (chunk) => data.push(chunk));
    emulator.start();
    expect(telegrams).toHaveLength(0); // never synchronously inside start()
    await clock.advance(0);
    expect(telegrams).toHaveLength(1);
    await clock.advance(9_999);
    expect(telegrams).toHaveLength(1);
    await clock.advance(1);
    expect(telegrams).toHaveLength(2);
    await clock.advance(60_000);
    expect(telegrams).toHaveLength(8);
    expect(telegrams.map((t) => t.state.time - START)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((k) => k * 10_000));
    expect(data).toEqual(telegrams.map((t) => t.bytes));
    emulator.stop();
    await clock.advance(60_000);
    expect(telegrams).toHaveLength(8);
    expect(clock.pending).toBe(0);
  });

  it('speed N: N times as many telegrams per clock second; emulated time still steps by the interval', async () => {
    const clock = new ManualClock(START);
    const emulator = new P1Emulator({ clock, profile: 'dsmr5', speed: 10 });
    const times: number[] = [];
    emulator.on('telegram', (t) => times.push(t.state.time));
    emulator.start();
    await clock.advance(1_000);
    expect(times).toHaveLength(11); // one at once, then one every 100 ms
    expect(times.at(-1)! - times[0]!).toBe(10_000);
  });

  it('count: stops after that many telegrams and says end', async () => {
    const clock = new ManualClock(START);
    const emulator = new P1Emulator({ clock, count: 3 });
    let ended = 0;
    emulator.on('end', () => ended++);
    emulator.start();
    await clock.advance(3_600_000);
    expect(emulator.sent).toBe(3);
    expect(ended).toBe(1);
    expect(emulator.running).toBe(false);
    expect(clock.pending).toBe(0);
    emulator.start(); // nothing left to send
    await clock.advance(60_000);
    expect(emulator.sent).toBe(3);
  });

  it('stop() and start() resume the same meter where it stopped, on schedule', async () => {
    const clock = new ManualClock(START);
    const emulator = new P1Emulator({ clock });
    const times: number[] = [];
    emulator.on('telegram', (t) => times.push(t.state.time));
    emulator.start();
    await clock.advance(10_000);
    emulator.stop();
    await clock.advance(100_000);
    emulator.start();
    await clock.advance(0);
    expect(times.map((t) => (t - START) / 1000)).toEqual([0, 10, 20]);
  });

  it('speed 0: events as fast as the event loop turns, without any clock time passing', async () => {
    const clock = new ManualClock(START);
    const emulator = new P1Emulator({ clock, speed: 0, count: 500 });
    const ended = new Promise<void>((resolve) => emulator.on('end', resolve));
    emulator.start();
    await ended;
    expect(emulator.sent).toBe(500);
    expect(clock.now()).toBe(START);
  });
});

describe('P1Emulator as an async iterable of byte chunks', () => {
  it('yields the bytes at the emulator pace, which @p1/core reads back to the states sent', async () => {
    const clock = new ManualClock(START);
    const emulator = new P1Emulator({ clock, profile: 'emucs', count: 5, faults: { chunks: [1, 40] } });
    const states: EmittedTelegram['state'][] = [];
    emulator.on('telegram', (t) => states.push(t.state));
    const reading = (async () => {
      const readings = [];
      for await (const telegram of readTelegrams(emulator)) readings.push(telegram.reading);
      return readings;
    })();
    await clock.advance(0);
    expect(states).toHaveLength(1);
    await clock.advance(4_000);
    const readings = await reading;
    expect(readings).toEqual(states.map((s) => expectedReading(s)));
    expect(clock.now()).toBe(START + 4_000);
  });

  it('speed 0 with a count: a bulk capture without waiting', async () => {
    const emulator = new P1Emulator({ clock: new ManualClock(START), speed: 0, count: 1000 });
    let bytes = 0;
    for await (const chunk of emulator) bytes += chunk.length;
    expect(emulator.sent).toBe(1000);
    expect(bytes).toBeGreaterThan(700_000);
  });

  it('speed 0: the event loop still turns between telegrams, so a timer can stop the iteration', async () => {
    // Many more telegrams than a turn of the loop should take: an iteration that never lets it turn sends them all.
    const emulator = new P1Emulator({ clock: new ManualClock(START), speed: 0, count: 5_000 });
    let turned = false;
    setImmediate(() => {
      turned = true;
      emulator.stop();
    });
    let telegrams = 0;
    emulator.on('telegram', () => telegrams++);
    for await (const chunk of emulator) expect(chunk.length).toBeGreaterThan(0);
    expect(turned).toBe(true);
    expect(telegrams).toBeGreaterThan(0);
    expect(telegrams).toBeLessThanOrEqual(16);
  });

  it('stop() ends an iteration that is waiting for its next telegram', async () => {
    const clock = new ManualClock(START);
    const emulator = new P1Emulator({ clock });
    const chunks: Uint8Array[] = [];
    const done = (async () => {
      for await (const chunk of emulator) chunks.push(chunk);
    })();
    await clock.advance(10_000);
    emulator.stop();
    await done;
    expect(chunks).toHaveLength(2);
    expect(clock.pending).toBe(0);
  });
});

describe('P1Emulator options', () => {
  it('rejects what it cannot use with a P1Error invalid-option that names it', () => {
    for (const [options, words] of [
      [{ speed: -1 }, 'speed'],
      [{ count: 1.5 }, 'count'],
      [{ profile: 'dsmr9' }, 'unknown profile "dsmr9"'],
      [{ interval: 0 }, 'interval must be whole seconds'],
      [{ intervalGas: 2.5 }, 'intervalGas'],
      [{ phases: 2 }, 'phases must be 1 or 3'],
      [{ start: 'yesterday' }, 'start is not a time'],
      [{ start: '1999-12-31T23:00:00Z' }, 'start is not a time in 2000-2098'],
      [{ electricityOffset: -1 }, 'electricityOffset'],
      [{ mbus: ['oil'] }, 'unknown M-Bus medium "oil"'],
      [{ mbus: [{ medium: 'gas', channel: 5 }] }, 'channel 5'],
      [{ mbus: ['gas', 'gas', 'gas', 'water', 'heat'] }, 'more than 4'],
      [{ textMessage: 'caf\u00e9' }, 'textMessage must be'],
      [{ realistic: { solar: -2 } }, 'solar'],
      [{ faults: 'crc=5' }, 'crc'],
    ] as const) {
      let error: unknown;
      try {
        new P1Emulator(options as never);
      } catch (e) {
        error = e;
      }
      expect(isP1Error(error) && error.code === 'invalid-option' ? error.message : error).toContain(words);
    }
  });
});
