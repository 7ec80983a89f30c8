import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTelegram, P1Error } from '@p1/core';
import { MeterEmulator } from '@p1/emulator';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { START } from '../test/expected-readings.js';
import { DebugLog, PARSED_LOG, RAW_LOG } from './debug-log.js';

let dir: string;
const meter = new MeterEmulator({ profile: 'dsmr5', start: START });
const telegram = parseTelegram(meter.next().bytes);
const AT = new Date('2024-06-14T10:00:00Z');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'p1-debug-'));
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('DebugLog', () => {
  it("writes the seed's two files in the working directory by default, each entry headed by its time", () => {
    vi.spyOn(process, 'cwd').mockReturnValue(dir);
    const log = new DebugLog();
    log.telegram(telegram, AT);
    log.problem(new P1Error('incomplete', 'cut off', { raw: '/ISk5\\2MT382-1000\r\n\r\n1-0:1.8.1(0' }), AT);
    log.close();
    expect(readFileSync(join(dir, RAW_LOG), 'latin1')).toBe(
      `Package received at 2024-06-14T10:00:00.000Z:\n${telegram.raw}\n\n` +
        'Package received at 2024-06-14T10:00:00.000Z (incomplete: cut off):\n/ISk5\\2MT382-1000\r\n\r\n1-0:1.8.1(0\n\n',
    );
    expect(readFileSync(join(dir, PARSED_LOG), 'utf8')).toBe(
      `Package received at 2024-06-14T10:00:00.000Z:\n${JSON.stringify(telegram.reading, null, 4)}\n\n`,
    );
  });

  it('never lets a file pass maxBytes; keeps `keep` rotations, newest as .1, and drops older ones', () => {
    const log = new DebugLog({ dir, maxBytes: 16_384, keep: 3 });
    for (let i = 0; i < 100; i++) log.telegram(telegram, AT);
    log.close();
    const files = readdirSync(dir).sort();
    expect(files).toEqual([PARSED_LOG, `${PARSED_LOG}.1`, `${PARSED_LOG}.2`, `${PARSED_LOG}.3`, RAW_LOG, `${RAW_LOG}.1`, `${RAW_LOG}.2`, `${RAW_LOG}.3`]);
    for (const file of files) expect(statSync(join(dir, file)).size).toBeLessThanOrEqual(16_384);
  });

  it('keep: 0 starts the file afresh; appends to what an earlier run left', () => {
    const first = new DebugLog({ dir, maxBytes: 1 << 20 });
    first.telegram(telegram, AT);
    first.close();
    const size = statSync(join(dir, RAW_LOG)).size;
    const second = new DebugLog({ dir, maxBytes: 1 << 20, keep: 0 });
    second.telegram(telegram, AT);
    second.close();
    expect(statSync(join(dir, RAW_LOG)).size).toBe(2 * size);
    const tiny = new DebugLog({ dir, maxBytes: 1024, keep: 0 });
    tiny.telegram(telegram, AT);
    tiny.close();
    expect(readdirSync(dir).sort()).toEqual([PARSED_LOG, RAW_LOG]);
    expect(statSync(join(dir, RAW_LOG)).size).toBe(size); // one entry, larger than the cap alone, in a fresh file
  });

  it('refuses caps that make no sense, and says why a folder cannot be written', () => {
    expect(() => new DebugLog({ dir, maxBytes: 10 })).toThrow(/debug.maxBytes must be a whole number >= 1024/);
    expect(() => new DebugLog({ dir, keep: -1 })).toThrow(/debug.keep/);
    expect(() => new DebugLog({ dir: join(dir, 'missing') })).toThrow(/cannot open the debug log .*missing\/debug-data-raw.log: ENOENT/);
  });
});
