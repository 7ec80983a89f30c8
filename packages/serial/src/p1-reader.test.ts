import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc16x25, isP1Error, latin1Bytes, type P1Error, type Reading, type Telegram } from '@p1/core';
import { createEmulatorBinding, type EmulatorBindingOptions } from '@p1/emulator';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { emittedTelegrams, START } from '../test/expected-readings.js';
import { collapse, recordEvents } from '../test/record-events.js';
import { FakeSource } from '../test/fake-source.js';
import { unpluggable } from '../test/unpluggable-binding.js';
import { P1Reader, type CloseInfo, type ConnectionInfo, type P1ReaderOptions } from './index.js';
import type { P1SerialError } from './p1-serial-error.js';
import { RAW_LOG, PARSED_LOG } from './debug-log.js';
import { waitFor } from '@p1/test-kit';

const PATH = '/dev/p1-emulator';
const RECONNECTS = 2000;
const readers: P1Reader[] = [];
const dirs: string[] = [];

/** A reader on an emulated meter behind serialport's stream: the emulator's binding, as fast as it is read. */
function emulated(meter: EmulatorBindingOptions, options: P1ReaderOptions = {}): P1Reader {
  const binding = createEmulatorBinding({ start: START, speed: 0, ...meter });
  const reader = new P1Reader({ port: PATH, binding, ...options });
  readers.push(reader);
  return reader;
}

function collect<T>(reader: P1Reader, event: 'reading' | 'telegram' | 'reading-raw'): T[] {
  const items: T[] = [];
  reader.on(event as 'telegram', (item) => items.push(item as T));
  return items;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'p1-serial-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(readers.splice(0).map((reader) => reader.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('P1Reader on the emulator binding', () => {
  it('delivers every telegram the meter sent, in order, as reading, reading-raw and telegram', async () => {
    const expected = emittedTelegrams({ profile: 'dsmr5' }, 30);
    const reader = emulated({ profile: 'dsmr5', count: 30 }, { meter: 'dsmr5' });
    const order: string[] = [];
    reader.on('reading-raw', () => order.push('reading-raw'));
    reader.on('reading', () => order.push('reading'));
    reader.on('telegram', () => order.push('telegram'));
    const readings = collect<Reading>(reader, 'reading');
    const raws = collect<string>(reader, 'reading-raw');
    await waitFor(() => readings.length === 30, '30 readings');
    expect(readings).toEqual(expected.map((e) => e.reading));
    expect(raws).toEqual(expected.map((e) => Buffer.from(e.sent.bytes).toString('latin1')));
    expect(order.slice(0, 3)).toEqual(['reading-raw', 'reading', 'telegram']);
    expect(reader.stats).toMatchObject({ telegrams: 30, crcErrors: 0, connects: 1, state: 'connected' });
  });

  it('opens on construction and emits connected with the port and settings; getSerialPort() as the seed', async () => {
    const reader = emulated({ profile: 'dsmr4' });
    const infos: ConnectionInfo[] = [];
    reader.on('connected', (info) => infos.push(info));
    expect(reader.getSerialPort()).toBe(PATH);
    await waitFor(() => infos.length === 1, 'connected');
    expect(infos[0]).toEqual({
      port: PATH,
      kind: 'serial',
      settings: { baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 },
      sevenBit: false,
      connects: 1,
    });
  });

  it('takes the settings as the seed\'s serialPort object', async () => {
    const expected = emittedTelegrams({ profile: 'dsmr2.2' }, 3);
    const binding = createEmulatorBinding({ start: START, speed: 0, profile: 'dsmr2.2', count: 3 });
    const reader = new P1Reader({ serialPort: { port: PATH, baudRate: '9600', parity: 'even', dataBits: '7', stopBits: '1' }, binding });
    readers.push(reader);
    const readings = collect<Reading>(reader, 'reading');
    await waitFor(() => readings.length === 3, '3 readings');
    expect(readings).toEqual(expected.map((e) => e.reading));
  });

  it('reads a 7E1 meter opened at 8N1: the parity bit lands in bit 7 and the meter preset masks it', async () => {
    const expected = emittedTelegrams({ profile: 'dsmr2.2' }, 5);
    const reader = emulated({ profile: 'dsmr2.2', count: 5 }, { meter: 'dsmr2.2', dataBits: 8, parity: 'none' });
    expect(reader.settings.sevenBit).toBe(true);
    const readings = collect<Reading>(reader, 'reading');
    await waitFor(() => readings.length === 5, '5 readings');
    expect(readings).toEqual(expected.map((e) => e.reading));
  });

  it('without masking, the same 7E1 meter at 8N1 gives no telegram at all (what the mask is for)', async () => {
    const reader = emulated({ profile: 'dsmr2.2', count: 5 }, { baudRate: 9600, dataBits: 8, sevenBit: false });
    const readings = collect<Reading>(reader, 'reading');
    await waitFor(() => reader.stats.bytes > 2000, 'the bytes of several telegrams');
    expect(readings).toEqual([]);
    expect(reader.stats.garbageBytes).toBeGreaterThan(2000);
  });

  it('several readers in one process keep their own state', async () => {
    const five = emittedTelegrams({ profile: 'dsmr5' }, 10);
    const two = emittedTelegrams({ profile: 'dsmr2.2' }, 10);
    const a = emulated({ profile: 'dsmr5', count: 10 }, { meter: 'dsmr5' });
    const b = emulated({ profile: 'dsmr2.2', count: 10 }, { meter: 'dsmr2.2' });
    const readingsA = collect<Reading>(a, 'reading');
    const readingsB = collect<Reading>(b, 'reading');
    await waitFor(() => readingsA.length === 10 && readingsB.length === 10, '10 readings from each');
    expect(readingsA).toEqual(five.map((e) => e.reading));
    expect(readingsB).toEqual(two.map((e) => e.reading));
    expect(a.stats.telegrams).toBe(10);
    expect(b.stats.telegrams).toBe(10);
  });
});

describe('CRC policy', () => {
  const faulty = { profile: 'dsmr5' as const, faults: { crc: 0.3 } };

  it('a CRC-invalid telegram is no reading: an error with a P1Error crc-mismatch, expected and actual, counted in stats', async () => {
    const expected = emittedTelegrams(faulty, 40);
    const reader = emulated({ ...faulty, count: 40 });
    const readings = collect<Reading>(reader, 'reading');
    const errors: P1Error[] = [];
    reader.on('error', (error) => isP1Error(error) && errors.push(error));
    const good = expected.filter((e) => !e.sent.faults.includes('crc'));
    const bad = expected.filter((e) => e.sent.faults.includes('crc'));
    expect(bad.length).toBeGreaterThan(0);
    await waitFor(() => readings.length + errors.length === 40, '40 telegrams');
    expect(readings).toEqual(good.map((e) => e.reading));
    expect(errors.map((e) => e.code)).toEqual(bad.map(() => 'crc-mismatch'));
    expect(errors[0]!.expected).toEqual(expect.any(Number));
    expect(errors[0]!.actual).not.toBe(errors[0]!.expected);
    expect(reader.stats).toMatchObject({ crcErrors: bad.length, telegrams: good.length });
  });

  it("crc: 'lenient' delivers them, marked invalid", async () => {
    const reader = emulated({ ...faulty, count: 40 }, { crc: 'lenient' });
    const telegrams = collect<Telegram>(reader, 'telegram');
    await waitFor(() => telegrams.length === 40, '40 telegrams');
    expect(telegrams.filter((t) => t.crc?.valid === false).length).toBe(reader.stats.crcErrors);
  });

  it('an error with no listener does not crash the process: one warning per code, the rest counted', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void (warning.name === 'P1ReaderWarning' && warnings.push(warning));
    process.on('warning', onWarning);
    try {
      const reader = emulated({ ...faulty, count: 40 });
      await waitFor(() => reader.stats.telegrams + reader.stats.crcErrors === 40, '40 telegrams');
      await waitFor(() => warnings.length > 0, 'the warning');
      expect(reader.stats.crcErrors).toBeGreaterThan(1);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.message).toMatch(/CRC mismatch.*no 'error' listener/);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('reconnecting', () => {
  it('a pulled cable: error, close, reconnecting, then connected again and the readings resume', async () => {
    const plug = unpluggable(createEmulatorBinding({ start: START, profile: 'dsmr5', speed: 50 }));
    const reader = new P1Reader({ port: PATH, binding: plug.binding, reconnect: { initialDelay: 20, maxDelay: 100 } });
    readers.push(reader);
    const events = recordEvents(reader);
    const readings = collect<Reading>(reader, 'reading');
    const closes: CloseInfo[] = [];
    reader.on('close', (info) => closes.push(info));
    await waitFor(() => readings.length >= 2, '2 readings');
    plug.unplug();
    await waitFor(() => reader.stats.reconnectAttempts >= 3, '3 attempts while unplugged');
    expect(reader.state).toMatch(/reconnecting|connecting/);
    const before = readings.length;
    plug.plugIn();
    await waitFor(() => readings.length >= before + 2, '2 readings after plugging in');
    // Each open of the emulator binding starts a new meter: the first telegrams come again.
    expect(readings[before]).toEqual(emittedTelegrams({ profile: 'dsmr5' }, 1)[0]!.reading);
    expect(collapse(events)).toEqual(['connected', 'error:disconnected', 'close', 'reconnecting', 'error:port-not-found', 'reconnecting', 'connected']);
    expect(closes[0]!.error?.code).toBe('disconnected');
    expect(closes[0]!.reconnect).toBe(true);
    expect(reader.stats).toMatchObject({ connects: 2, disconnects: 1, state: 'connected' });
  });

  it('thousands of reconnects leak no listener and no memory of past connections', async () => {
    const plug = unpluggable(createEmulatorBinding({ start: START, profile: 'dsmr5', speed: 0 }));
    const reader = new P1Reader({ port: PATH, binding: plug.binding, reconnect: { initialDelay: 0, maxDelay: 0, jitter: 0 } });
    readers.push(reader);
    reader.on('error', () => {});
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      await waitFor(() => reader.stats.connects === 1, 'the first connection');
      const listeners = (): number[] => reader.eventNames().map((name) => reader.listenerCount(name));
      const initial = listeners();
      for (let i = 2; i <= RECONNECTS; i++) {
        const connected = new Promise((resolve) => reader.once('connected', resolve));
        plug.unplug();
        plug.plugIn();
        await connected;
      }
      expect(listeners()).toEqual(initial);
      expect(reader.stats).toMatchObject({ connects: RECONNECTS, disconnects: RECONNECTS - 1 });
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  }, 60_000);

  it('reconnect: false ends the reader at the first loss; for await throws the reason', async () => {
    const plug = unpluggable(createEmulatorBinding({ start: START, profile: 'dsmr5', speed: 50 }));
    const reader = new P1Reader({ port: PATH, binding: plug.binding, reconnect: false });
    readers.push(reader);
    const events = recordEvents(reader);
    let count = 0;
    const loop = (async () => {
      for await (const _ of reader) if (++count === 2) plug.unplug();
    })();
    await expect(loop).rejects.toMatchObject({ code: 'disconnected' });
    expect(events).toEqual(['connected', 'error:disconnected', 'close:final']);
    expect(reader.state).toBe('closed');
  });

  it('gives up after maxAttempts with reconnect-failed', async () => {
    const plug = unpluggable(createEmulatorBinding({ start: START }));
    plug.unplug();
    const reader = new P1Reader({ port: PATH, binding: plug.binding, reconnect: { initialDelay: 1, maxDelay: 5, maxAttempts: 3 } });
    readers.push(reader);
    const events = recordEvents(reader);
    await expect(reader.open()).rejects.toMatchObject({ code: 'reconnect-failed' });
    expect(events).toEqual(['error:port-not-found', 'reconnecting', 'reconnecting', 'reconnecting', 'error:reconnect-failed']);
    expect(reader.state).toBe('closed');
  });
});

describe('the modern face', () => {
  it('for await yields Telegram objects and ends on close()', async () => {
    const expected = emittedTelegrams({ profile: 'emucs' }, 5);
    const reader = emulated({ profile: 'emucs' });
    const telegrams: Telegram[] = [];
    for await (const telegram of reader) {
      telegrams.push(telegram);
      if (telegrams.length === 5) void reader.close();
    }
    expect(telegrams.slice(0, 5).map((t) => t.reading)).toEqual(expected.map((e) => e.reading));
    expect(reader.state).toBe('closed');
  });

  it('an AbortSignal closes the reader: close, then the state closed, and the loop ends', async () => {
    const controller = new AbortController();
    const reader = emulated({ profile: 'dsmr5' }, { signal: controller.signal });
    const events = recordEvents(reader);
    const states: string[] = [];
    reader.on('state', (state) => states.push(state));
    let count = 0;
    for await (const _ of reader) if (++count === 3) controller.abort();
    expect(events).toEqual(['connected', 'close:final']);
    expect(states).toEqual(['connecting', 'connected', 'closed']);
  });

  it('an aborted signal gives a closed reader; open() and for await say so', async () => {
    const reader = new P1Reader({ port: PATH, signal: AbortSignal.abort() });
    expect(reader.state).toBe('closed');
    await expect(reader.open()).rejects.toMatchObject({ code: 'closed' });
    for await (const _ of reader) throw new Error('no telegram expected');
  });

  it('autoOpen: false waits for open(); close() is idempotent; open() after close() rejects', async () => {
    const reader = emulated({ profile: 'dsmr5' }, { autoOpen: false });
    expect(reader.state).toBe('idle');
    await reader.open();
    expect(reader.state).toBe('connected');
    await Promise.all([reader.close(), reader.close()]);
    await reader.close();
    await expect(reader.open()).rejects.toMatchObject({ code: 'closed' });
  });

  it('events and options are typed', () => {
    const reader = new P1Reader({ port: PATH, autoOpen: false });
    reader.on('reading', (reading) => expectTypeOf(reading).toEqualTypeOf<Reading>());
    reader.on('error', (error) => expectTypeOf(error).toEqualTypeOf<P1Error | P1SerialError>());
    reader.on('close', (info) => expectTypeOf(info).toEqualTypeOf<CloseInfo>());
    expectTypeOf<P1ReaderOptions['crc']>().toEqualTypeOf<'strict' | 'lenient' | 'off' | undefined>();
  });

  it('bad options throw at once, saying what is valid', () => {
    expect(() => new P1Reader({})).toThrow(/port is required/);
    expect(() => new P1Reader({ port: PATH, meter: 'ACME 9000' })).toThrow(/unknown meter "ACME 9000"/);
    expect(() => new P1Reader({ port: PATH, reconnect: { factor: 0.5 } })).toThrow(/reconnect.factor/);
    expect(() => new P1Reader({ port: PATH, silenceTimeout: -1 })).toThrow(/silenceTimeout/);
  });
});

describe('emulator mode (the seed\'s emulator: true)', () => {
  it('reads the emulated meter with the seed\'s emulatorOverrides', async () => {
    const overrides = { electricityOffset: 1000, electricityIncrement: 0.5, gasOffset: 200, interval: 10, start: START, speed: 0 };
    const expected = emittedTelegrams({ ...overrides, profile: 'dsmr4' }, 3);
    const reader = new P1Reader({ emulator: true, emulatorOverrides: overrides });
    readers.push(reader);
    const readings = collect<Reading>(reader, 'reading');
    await waitFor(() => readings.length >= 3, '3 readings');
    expect(readings.slice(0, 3)).toEqual(expected.map((e) => e.reading));
    expect(readings[0]!.electricity.received.tariff1).toEqual({ reading: 1000, unit: 'kWh' });
    expect(reader.getSerialPort()).toBe(PATH);
  });

  it('a bad override is an error at once, not a retry loop', async () => {
    const reader = new P1Reader({ emulator: true, emulatorOverrides: { profile: 'dsmr9' as never } });
    readers.push(reader);
    const errors: unknown[] = [];
    reader.on('error', (error) => errors.push(error));
    await expect(reader.open()).rejects.toMatchObject({ code: 'invalid-option' });
    expect(errors).toHaveLength(1);
  });
});

describe('debug mode', () => {
  it('writes debug-data-raw.log and debug-data-parsed.log, capped in size with one rotation kept', async () => {
    const dir = tempDir();
    const reader = emulated({ profile: 'dsmr5', count: 60, faults: { crc: 0.3 } }, { debug: { dir, maxBytes: 8192, keep: 1 } });
    reader.on('error', () => {});
    await waitFor(() => reader.stats.telegrams + reader.stats.crcErrors === 60, '60 telegrams');
    await reader.close();
    const files = readdirSync(dir).sort();
    expect(files).toEqual([PARSED_LOG, `${PARSED_LOG}.1`, RAW_LOG, `${RAW_LOG}.1`]);
    for (const file of files) expect(statSync(join(dir, file)).size).toBeLessThanOrEqual(8192);
    const raw = readFileSync(join(dir, RAW_LOG), 'latin1');
    expect(raw).toMatch(/^Package received at \d{4}-\d\d-\d\dT[\d:.]+Z:\n\/Ene5/);
    const parsed = readFileSync(join(dir, PARSED_LOG), 'utf8');
    expect(parsed).toContain('"electricity": {');
    const both = raw + readFileSync(join(dir, `${RAW_LOG}.1`), 'latin1');
    expect(both).toMatch(/\(crc-mismatch: CRC mismatch/);
  });

  it('a debug folder that cannot be written is an error; reading goes on', async () => {
    const reader = emulated({ profile: 'dsmr5', count: 3 }, { debug: { dir: '/proc/no-such-dir' } });
    const errors: P1SerialError[] = [];
    reader.on('error', (error) => errors.push(error as P1SerialError));
    const readings = collect<Reading>(reader, 'reading');
    await waitFor(() => readings.length === 3, '3 readings');
    expect(errors.map((e) => e.code)).toEqual(['debug-log-failed']);
  });
});

describe('a byte source of your own', () => {
  it('the reader still says connected before the first reading', async () => {
    const source = new FakeSource();
    source.present = true;
    const telegram = '/XYZ5\\EXAMPLE\r\n\r\n1-0:1.8.1(000123.456*kWh)\r\n!4F47\r\n';
    source.open = async function (this: FakeSource) {
      this.isOpen = true;
      this.emit('data', new TextEncoder().encode(telegram)); // too early: before open() resolved
    };
    const reader = new P1Reader({ source });
    const order: string[] = [];
    reader.on('connected', () => order.push('connected'));
    reader.on('reading', (reading) => order.push(`reading ${reading.electricity.received.tariff1.reading}`));
    await reader.open();
    expect(order).toEqual(['connected', 'reading 123.456']);
    await reader.close();
  });
  it("crcAlgorithm: 'x25' reads a meter that seals with CRC-16/X-25 (Holley DTSD545), which the default rejects", async () => {
    const body = '/HLY5/D545-METER\r\n\r\n1-0:1.8.1(000123.456*kWh)\r\n!';
    const telegram = `${body}${crc16x25(latin1Bytes(body)).toString(16).toUpperCase().padStart(4, '0')}\r\n`;
    const outcome = async (options: P1ReaderOptions) => {
      const source = new FakeSource();
      source.present = true;
      const reader = new P1Reader({ source, ...options });
      const seen: string[] = [];
      reader.on('reading', (reading) => seen.push(`reading ${reading.electricity.received.tariff1.reading}`));
      reader.on('error', (error) => seen.push(`error ${error.code}`));
      await reader.open();
      source.emit('data', latin1Bytes(telegram));
      await reader.close();
      return seen;
    };
    expect(await outcome({ crcAlgorithm: 'x25' })).toEqual(['reading 123.456']);
    expect(await outcome({})).toEqual(['error crc-mismatch']);
  });
});
