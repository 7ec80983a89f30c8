import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecorder } from './http-recorder.js';
import { meterTelegrams, type MeterTelegram } from './meter.js';
import { importCapture, type ImportProgress } from '../src/import-capture.js';
import { createInfluxWriter } from '../src/influx-writer.js';
import { toLineProtocol } from '../src/to-line-protocol.js';

const FIXTURES = join(__dirname, '../../../fixtures/telegrams');
let dir: string;
let file: string;
let telegrams: MeterTelegram[];
let expected: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'p1-import-'));
  file = join(dir, 'capture.p1');
  telegrams = meterTelegrams(600);
  const broken = telegrams[1]!.text.replace(/!([0-9A-F]{4})/, '!0000');
  const dsmr22 = readFileSync(join(FIXTURES, 'dsmr22-iskra-mt382.txt'), 'latin1');
  // A capture as a serial port gives it: line noise between telegrams, one bad CRC, one meter without a clock.
  const text = [telegrams[0]!.text, '\x00\xff noise\r\n', broken, dsmr22, ...telegrams.slice(2).map((t) => t.text)].join('');
  writeFileSync(file, Buffer.from(text, 'latin1'));
  const kept = [telegrams[0]!, ...telegrams.slice(2)];
  expected = [...new Set(kept.flatMap((t) => toLineProtocol(t.reading).split('\n').slice(0, -1)))];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sorted = (lines: string[]): string[] => [...lines].sort();

describe('importCapture', () => {
  it('streams a capture file to line protocol, gas once per capture, and counts what it could not use', async () => {
    let text = '';
    const progress: ImportProgress[] = [];
    const errors: string[] = [];
    const result = await importCapture(file, {
      to: (lines) => void (text += lines),
      onProgress: (p) => progress.push(p),
      onError: (e) => errors.push(e.code),
    });
    expect(sorted(text.split('\n').slice(0, -1))).toEqual(sorted(expected));
    expect(result).toMatchObject({ telegrams: 599, points: expected.length, errors: 1, untimed: 1 });
    expect(result.points).toBe(599 + 600 / 300);
    expect(errors).toEqual(['crc-mismatch']);
    expect(progress.at(-1)).toEqual(result);
    expect(result.bytes).toBe(result.totalBytes);
    expect(result.rate).toBeGreaterThan(0);
  });

  it('reads any async source of chunks, however they cut the telegrams', async () => {
    const bytes = readFileSync(file);
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < bytes.length; at += 97) yield bytes.subarray(at, at + 97);
    }
    const lines: string[] = [];
    const result = await importCapture(chunks(), { to: (text) => void lines.push(...text.split('\n').slice(0, -1)) });
    expect(sorted(lines)).toEqual(sorted(expected));
    expect(result.totalBytes).toBeNull();
  });

  it('reports progress while it runs, every progressInterval ms', async () => {
    const bytes = readFileSync(file);
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < bytes.length; at += 4096) yield bytes.subarray(at, at + 4096);
    }
    const seen: number[] = [];
    await importCapture(chunks(), { to: () => {}, progressInterval: 0, onProgress: (p) => seen.push(p.bytes) });
    expect(seen.length).toBeGreaterThan(10);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('applies the schema and thinning it is given', async () => {
    let text = '';
    await importCapture(file, { to: (lines) => void (text += lines), schema: 'p1-to-influxdb', thinning: { every: 100 } });
    expect(text.split('\n').slice(0, -1)).toHaveLength(6);
    expect(text).toMatch(/^p1-readings electricity_tarrif1=/);
  });

  it('imports into a writer: through the spool, to the server', async () => {
    const server = await startRecorder();
    const spoolDir = join(dir, 'spool');
    const writer = await createInfluxWriter({ target: { version: 1, url: server.url, database: 'p1' }, spoolDir, batchSize: 250 });
    const result = await importCapture(file, { to: writer });
    expect(await writer.flush()).toBe(true);
    expect(sorted(server.accepted())).toEqual(sorted(expected));
    expect(result.points).toBe(expected.length);
    expect((await writer.close()).written).toBe(expected.length);
    await server.close();
  });

  it('stops between chunks when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await importCapture(file, { to: () => {}, signal: controller.signal });
    expect(result.telegrams).toBe(0);
  });

  it('refuses an import with nowhere to go', async () => {
    await expect(importCapture(file, {} as never)).rejects.toMatchObject({ code: 'invalid-option' });
  });

  it('throws read-failed, naming the file, when it cannot read it', async () => {
    const missing = join(dir, 'missing.p1');
    await expect(importCapture(missing, { to: () => {} })).rejects.toMatchObject({
      code: 'read-failed',
      message: expect.stringContaining(`${missing} (ENOENT)`),
    });
    await expect(importCapture(dir, { to: () => {} })).rejects.toMatchObject({ code: 'read-failed' });
  });
});
