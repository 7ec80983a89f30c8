import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MeterEmulator } from '@p1/emulator';
import { expectedReading } from '@p1/emulator/testing';
import { describe, expect, it } from 'vitest';
import { parseCapture } from './parse-capture.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/telegrams');

async function* inChunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const file = (bytes: Uint8Array, size = 4096) => ({ name: 'capture.txt', size: bytes.length, lastModified: Date.parse('2025-01-01T00:00:00Z'), chunks: inChunks(bytes, size) });

describe('parseCapture', () => {
  it('charts every telegram and sums energy per day and in total to the registers’ difference, whatever the chunking', async () => {
    const meter = new MeterEmulator({ profile: 'dsmr5', realistic: true, seed: 2, interval: 30, start: '2025-01-01T20:00:00Z', faults: { crc: 0.05 } });
    const sent = Array.from({ length: 2000 }, () => meter.next());
    const bytes = Buffer.concat(sent.flatMap((t) => t.chunks));
    const good = sent.filter((t) => !t.faults.includes('crc'));
    const result = await parseCapture(file(bytes, 997));
    const again = await parseCapture(file(bytes, 1 << 16));
    expect(again.summary).toEqual(result.summary);
    expect(result.time).toHaveLength(good.length);
    expect(result.counters).toEqual({ readings: good.length, crcErrors: sent.length - good.length, rejected: 0 });
    expect(result.time[0]).toBe(good[0]!.state.time / 1000);
    const register = (i: number): number => {
      const { tariff1, tariff2 } = expectedReading(good[i]!.state).electricity.received;
      return tariff1.reading! + tariff2.reading!;
    };
    expect(result.summary.total.importKwh).toBeCloseTo(register(good.length - 1) - register(0), 6);
    expect(result.summary.days.length).toBeGreaterThanOrEqual(2);
    expect(result.latest?.reading.timestamp).toBe(new Date(good.at(-1)!.state.time).toISOString());
    expect(result.errors[0]).toEqual({ telegram: expect.any(Number), message: expect.stringMatching(/^CRC mismatch/) });
  });

  it("sums a Swedish meter's energy from its total registers, which it sends instead of tariffs", async () => {
    const meter = new MeterEmulator({ profile: 'se', realistic: true, seed: 4, interval: 60, start: '2025-03-01T06:00:00Z' });
    const sent = Array.from({ length: 600 }, () => meter.next());
    const result = await parseCapture(file(Buffer.concat(sent.flatMap((t) => t.chunks))));
    const total = (i: number): number => expectedReading(sent[i]!.state).electricity.received.total.reading!;
    expect(result.counters.readings).toBe(sent.length);
    expect(total(sent.length - 1) - total(0)).toBeGreaterThan(1);
    expect(result.summary.total.importKwh).toBeCloseTo(total(sent.length - 1) - total(0), 6);
  });

  it('counts times from the file date for telegrams without one (DSMR 2.2)', async () => {
    const bytes = readFileSync(join(FIXTURES, 'dsmr22-iskra-mt382.txt'));
    const result = await parseCapture(file(new Uint8Array(Buffer.concat([bytes, bytes]))));
    expect(result.estimatedTimes).toBe(true);
    expect(result.time).toEqual([Date.parse('2025-01-01T00:00:00Z') / 1000, Date.parse('2025-01-01T00:00:10Z') / 1000]);
  });

  it('finds nothing in bytes that hold no telegram, without throwing', async () => {
    const noise = new Uint8Array(50_000).map((_, i) => (i * 31) & 0xff);
    const result = await parseCapture(file(noise));
    expect(result.counters.readings).toBe(0);
    expect(result.latest).toBeNull();
    expect(result.summary).toMatchObject({ firstTime: null, lastTime: null, days: [] });
  });
});
