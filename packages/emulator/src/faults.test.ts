import { isP1Error } from '@p1/core';
import { describe, expect, it } from 'vitest';
import { parseFaults } from './faults.js';
import { MeterEmulator, type EmittedTelegram } from './meter-emulator.js';
import { decodeChunks } from '../test/helpers.js';

function send(options: ConstructorParameters<typeof MeterEmulator>[0], count: number): EmittedTelegram[] {
  const meter = new MeterEmulator({ start: '2024-04-02T08:00:00Z', ...options });
  return Array.from({ length: count }, () => meter.next());
}
const wire = (sent: EmittedTelegram[]): Uint8Array[] => sent.flatMap((t) => t.chunks);
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

describe('fault options', () => {
  it('reads the CLI form', () => {
    expect(parseFaults('crc=0.1,truncate=0.05,garbage=0.1,noise=0.01,chunks=1-64')).toEqual({
      crc: 0.1,
      truncate: 0.05,
      garbage: 0.1,
      noise: 0.01,
      chunks: [1, 64],
    });
    expect(parseFaults(' chunks=8 ')).toEqual({ chunks: [8, 8] });
    expect(parseFaults('')).toEqual({});
  });

  it('rejects what it cannot use, naming it', () => {
    for (const [spec, words] of [
      ['crc=2', 'crc must be between 0 and 1'],
      ['noise=-0.1', 'noise must be between 0 and 1'],
      ['chunks=0-4', 'chunks'],
      ['chunks=9-3', 'chunks'],
      ['jitter=0.1', 'unknown fault "jitter=0.1"'],
      ['crc', 'unknown fault "crc"'],
    ]) {
      let error: unknown;
      try {
        parseFaults(spec!);
      } catch (e) {
        error = e;
      }
      expect(isP1Error(error) && error.code === 'invalid-option' && error.message.includes(words!)).toBe(true);
    }
  });
});

describe('faults on the line, as @p1/core sees them', () => {
  it('change only the bytes sent: the meter measures the same with or without them', () => {
    const clean = send({ realistic: true, seed: 6 }, 200);
    const faulty = send({ realistic: true, seed: 6, faults: 'crc=0.3,truncate=0.2,garbage=0.3,noise=0.01,chunks=1-9' }, 200);
    expect(faulty.map((t) => text(t.bytes))).toEqual(clean.map((t) => text(t.bytes)));
    expect(faulty.some((t) => t.faults.length > 0)).toBe(true);
  });

  it('crc: the telegram carries a wrong CRC, and a strict decoder rejects exactly those', () => {
    const sent = send({ faults: { crc: 0.5 } }, 200);
    const { telegrams, errors } = decodeChunks(wire(sent));
    const struck = sent.filter((t) => t.faults.includes('crc')).length;
    expect(struck).toBeGreaterThan(60);
    expect(errors.map((e) => e.code)).toEqual(Array(struck).fill('crc-mismatch'));
    expect(telegrams).toHaveLength(200 - struck);
    // Only the 4 CRC digits differ.
    const bad = sent.find((t) => t.faults.includes('crc'))!;
    const chunk = text(bad.chunks[0]!);
    expect(chunk.slice(0, -6)).toBe(text(bad.bytes).slice(0, -6));
    expect(chunk.slice(-6, -2)).not.toBe(text(bad.bytes).slice(-6, -2));
  });

  it('crc: standards without a CRC (DSMR 2.2) are left alone', () => {
    const sent = send({ profile: 'dsmr2.2', faults: { crc: 1 } }, 20);
    expect(sent.every((t) => t.faults.length === 0)).toBe(true);
    expect(decodeChunks(wire(sent)).telegrams).toHaveLength(20);
  });

  it('truncate: the rest of the telegram never comes, and the decoder loses only that one', () => {
    const sent = send({ faults: { truncate: 0.3 } }, 200);
    const cut = sent.filter((t) => t.faults.includes('truncate'));
    expect(cut.length).toBeGreaterThan(30);
    for (const t of cut) expect(t.chunks[0]!.length).toBeLessThan(t.bytes.length);
    const { telegrams } = decodeChunks(wire(sent));
    expect(telegrams.map((t) => t.raw)).toEqual(sent.filter((t) => t.faults.length === 0).map((t) => text(t.bytes)));
  });

  it('garbage: bytes between telegrams cost no telegram', () => {
    const sent = send({ profile: 'dsmr5', faults: { garbage: 1 } }, 100);
    const { telegrams, decoder } = decodeChunks(wire(sent));
    expect(telegrams).toHaveLength(100);
    const garbage = sent.reduce((n, t) => n + t.chunks[0]!.length - t.bytes.length, 0);
    expect(garbage).toBeGreaterThan(100);
    expect(decoder.stats.garbageBytes).toBe(garbage);
  });

  it('noise: a telegram with a flipped bit never passes as valid; every clean one does', () => {
    const sent = send({ profile: 'emucs', faults: { noise: 0.0005 } }, 400);
    const noisy = sent.filter((t) => t.faults.includes('noise'));
    expect(noisy.length).toBeGreaterThan(100);
    expect(noisy.length).toBeLessThan(400);
    const { telegrams } = decodeChunks(wire(sent));
    expect(telegrams.map((t) => t.raw)).toEqual(sent.filter((t) => t.faults.length === 0).map((t) => text(t.bytes)));
  });

  it('chunks: the bytes come in random sizes within the bounds, and decode to the same telegrams', () => {
    const sent = send({ profile: 'dsmr5', realistic: true, faults: { chunks: [1, 64] } }, 100);
    const sizes = sent.flatMap((t) => t.chunks.map((c) => c.length));
    expect(Math.min(...sizes)).toBe(1);
    expect(Math.max(...sizes)).toBe(64);
    for (const t of sent) expect(text(Buffer.concat(t.chunks))).toBe(text(t.bytes));
    expect(decodeChunks(wire(sent)).telegrams.map((t) => t.raw)).toEqual(sent.map((t) => text(t.bytes)));
  });
});
