import { MeterEmulator } from '@p1/emulator';
import { describe, expect, it } from 'vitest';
import { mergeCaptures, telegramStart } from './merge-captures.js';
import { parseCapture } from './parse-capture.js';

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

const parse = (bytes: Uint8Array) => parseCapture({ name: 'capture.txt', size: bytes.length, lastModified: 0, chunks: once(bytes) });

describe('mergeCaptures', () => {
  it('gives what one pass over the whole file gives, cut anywhere at telegram starts', async () => {
    const meter = new MeterEmulator({ profile: 'emucs', realistic: true, seed: 6, interval: 45, start: '2025-10-25T18:00:00Z', faults: { crc: 0.03, truncate: 0.02 } });
    const bytes = new Uint8Array(Buffer.concat(Array.from({ length: 3000 }, () => meter.next().chunks).flat()));
    const whole = await parse(bytes);
    expect(whole.counters.crcErrors).toBeGreaterThan(0);
    expect(whole.counters.rejected).toBeGreaterThan(0);
    for (const parts of [2, 3, 4, 7]) {
      const cuts = [0];
      for (let i = 1; i < parts; i++) cuts.push(telegramStart(bytes, Math.floor((bytes.length * i) / parts)));
      cuts.push(bytes.length);
      const results = await Promise.all(cuts.slice(0, -1).map((start, i) => parse(bytes.subarray(start, cuts[i + 1]))));
      const merged = mergeCaptures('capture.txt', results);
      expect(merged.time).toEqual(whole.time);
      expect(merged.counters).toEqual(whole.counters);
      expect(merged.errors).toEqual(whole.errors);
      expect(merged.latest).toEqual(whole.latest);
      expect(merged.first).toEqual(whole.first);
      // Energy per hour and per day: the same periods, the same sums (to float rounding: added in another order).
      for (const [a, b] of [[merged.hours, whole.hours], [merged.summary.days, whole.summary.days]] as const) {
        expect(a.map(([start]) => start)).toEqual(b.map(([start]) => start));
        a.forEach(([, t], i) => {
          expect(t.importKwh).toBeCloseTo(b[i]![1].importKwh, 9);
          expect(t.exportKwh).toBeCloseTo(b[i]![1].exportKwh, 9);
        });
      }
      expect(merged.summary.total.importKwh).toBeCloseTo(whole.summary.total.importKwh, 9);
      expect(merged.summary.bytes).toBe(bytes.length);
    }
  });

  it('finds a telegram start only where a line feed is followed by a slash', () => {
    const bytes = new TextEncoder().encode('ab/cd\r\n1-0/\r\n/ISK5\r\n');
    expect(telegramStart(bytes, 0)).toBe(13);
    expect(telegramStart(bytes, 14)).toBe(-1);
  });
});
