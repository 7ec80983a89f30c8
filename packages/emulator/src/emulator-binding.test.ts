import { MockBinding } from '@serialport/binding-mock';
import type { BindingInterface, BindingPortInterface } from '@serialport/bindings-interface';
import { SerialPortStream } from '@serialport/stream';
import { describe, expect, it } from 'vitest';
import { isAnyP1Error } from '@p1/core';
import { createEmulatorBinding, type EmulatorBindingOptions } from './emulator-binding.js';
import { CanceledError, isEmulatorError } from './emulator-error.js';
import { expectedReading } from './expected-reading.js';
import { ManualClock } from './manual-clock.js';
import type { MeterState } from './meter-state.js';
import { collectUntil, countTelegrams, decodeChunks } from '../test/helpers.js';

const START = Date.UTC(2025, 4, 5, 12, 0, 0);

function openStream(options: EmulatorBindingOptions, port: { baudRate: number; dataBits?: 7 | 8; parity?: 'none' | 'even' }) {
  const clock = new ManualClock(START);
  const binding = createEmulatorBinding({ clock, ...options });
  const states: MeterState[] = [];
  const stream = new SerialPortStream({ binding, path: '/dev/p1-emulator', ...port });
  stream.on('open', () => stream.port!.emulator.on('telegram', (t) => states.push(t.state)));
  return { clock, binding, stream, states, opened: new Promise((resolve) => stream.once('open', resolve)) };
}

const close = (stream: SerialPortStream): Promise<void> => new Promise((resolve) => (stream.isOpen ? stream.close(() => resolve()) : resolve()));

describe('createEmulatorBinding with SerialPortStream', () => {
  it('yields telegram bytes that @p1/core reads back to the states the meter sent', async () => {
    const { clock, stream, states, opened } = openStream({ profile: 'dsmr5', realistic: true }, { baudRate: 115200 });
    await opened;
    const received = collectUntil(stream, (bytes) => countTelegrams(bytes) === 4);
    await clock.advance(3_000);
    const { telegrams, errors } = decodeChunks([await received]);
    expect(errors).toEqual([]);
    expect(telegrams.map((t) => t.reading)).toEqual(states.map((s) => expectedReading(s)));
    await close(stream);
  });

  it('reads a DSMR 2.2 meter (7E1) right at 9600 7E1, and with the parity bit in bit 7 at 9600 8N1', async () => {
    const right = openStream({ profile: 'dsmr2.2' }, { baudRate: 9600, dataBits: 7, parity: 'even' });
    await right.opened;
    const rightBytes = collectUntil(right.stream, (b) => countTelegrams(b) === 2);
    await right.clock.advance(10_000);
    expect(decodeChunks([await rightBytes]).telegrams).toHaveLength(2);
    await close(right.stream);

    const eightBits = openStream({ profile: 'dsmr2.2' }, { baudRate: 9600 });
    await eightBits.opened;
    const raw = collectUntil(eightBits.stream, (b) => b.length >= 2 * 400);
    await eightBits.clock.advance(10_000);
    const bytes = await raw;
    expect(bytes.some((b) => b >= 0x80)).toBe(true);
    // '/' (0x2F, five 1 bits) arrives as 0xAF: no telegram without masking, every one with core's sevenBit option.
    expect(decodeChunks([bytes]).telegrams).toHaveLength(0);
    const masked = decodeChunks([bytes], { sevenBit: true }).telegrams;
    expect(masked.length).toBeGreaterThanOrEqual(1);
    expect(masked[0]!.reading).toEqual(expectedReading(eightBits.states[0]!));
    await close(eightBits.stream);
  });

  it('at the wrong baud rate delivers garbage that holds no telegram', async () => {
    const { clock, stream, opened } = openStream({ profile: 'dsmr4' }, { baudRate: 9600 });
    await opened;
    const raw = collectUntil(stream, (b) => b.length >= 1500);
    await clock.advance(10_000);
    const bytes = await raw;
    expect(bytes.every((b) => b >= 0x80)).toBe(true);
    expect(decodeChunks([bytes], { sevenBit: true }).telegrams).toHaveLength(0);
    // Setting the right rate on the open port fixes it, as on a real UART.
    await new Promise<void>((resolve, reject) => stream.update({ baudRate: 115200 }, (e) => (e ? reject(e) : resolve())));
    const fixed = collectUntil(stream, (b) => countTelegrams(b) === 2);
    await clock.advance(20_000);
    expect(decodeChunks([await fixed]).telegrams.length).toBeGreaterThanOrEqual(1);
    await close(stream);
  });

  it('stops its meter on close, and the stream closes without an error', async () => {
    const { clock, stream, opened } = openStream({}, { baudRate: 115200 });
    await opened;
    const port = stream.port!;
    const errors: Error[] = [];
    stream.on('error', (e) => errors.push(e));
    await clock.advance(0);
    await close(stream);
    expect(port.emulator.running).toBe(false);
    expect(clock.pending).toBe(0);
    expect(errors).toEqual([]);
  });
});

/** What the bindings-interface contract asks of every binding, checked on the reference mock and on ours. */
async function contract(binding: BindingInterface, path: string, feed: (port: BindingPortInterface) => Promise<void>) {
  const port = await binding.open({ path, baudRate: 115200 });
  expect(port.isOpen).toBe(true);
  expect(port.openOptions).toMatchObject({ path, baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1, lock: true });
  await expect(binding.open({ path, baudRate: 115200 })).rejects.toThrow(/lock/i);
  // A read returns at least one byte, once there is one.
  const buffer = Buffer.alloc(4096);
  const first = port.read(buffer, 0, 4096);
  await feed(port);
  expect((await first).bytesRead).toBeGreaterThan(0);
  expect(await port.getBaudRate()).toEqual({ baudRate: 115200 });
  await port.update({ baudRate: 9600 });
  expect(await port.getBaudRate()).toEqual({ baudRate: 9600 });
  await port.flush();
  // A read in progress when the port closes fails with `canceled: true`; afterwards everything says not open.
  const pending = port.read(buffer, 0, 4096);
  await port.close();
  await expect(pending).rejects.toMatchObject({ canceled: true });
  expect(port.isOpen).toBe(false);
  await expect(port.read(buffer, 0, 10)).rejects.toThrow(/not open/);
  await expect(port.close()).rejects.toThrow(/not open/);
  // The path is free again.
  await (await binding.open({ path, baudRate: 115200 })).close();
  expect((await binding.list()).map((p) => p.path)).toContain(path);
}

describe('the binding contract', () => {
  it('holds for @serialport/binding-mock (the reference)', async () => {
    MockBinding.reset();
    MockBinding.createPort('/dev/mock', { echo: false });
    await contract(MockBinding, '/dev/mock', async (port) => (port as unknown as { emitData(d: string): void }).emitData('/XYZ5\r\n'));
  });

  it('holds for createEmulatorBinding', async () => {
    const clock = new ManualClock(START);
    await contract(createEmulatorBinding({ clock }), '/dev/p1-emulator', () => clock.advance(0));
  });

  it('opens only its own paths', async () => {
    const binding = createEmulatorBinding({ paths: ['/dev/ttyP1'] });
    await expect(binding.open({ path: '/dev/ttyUSB0', baudRate: 115200 })).rejects.toThrow('No emulated meter at /dev/ttyUSB0');
    expect(await binding.list()).toEqual([expect.objectContaining({ path: '/dev/ttyP1', manufacturer: 'p1 emulator' })]);
  });

  it('loses what an unread port cannot hold, like a driver buffer, instead of growing without end', async () => {
    const clock = new ManualClock(START);
    const port = await createEmulatorBinding({ clock, maxBuffered: 10_000 }).open({ path: '/dev/p1-emulator', baudRate: 115200 });
    await clock.advance(3_600_000); // an hour nobody reads: 361 telegrams, about 290 kB
    const { bytesRead } = await port.read(Buffer.alloc(100_000), 0, 100_000);
    expect(bytesRead).toBeLessThanOrEqual(10_000);
    expect(bytesRead).toBeGreaterThan(9_000);
    expect(port.overrun).toBeGreaterThan(250_000);
    await port.close();
  });
});

describe('the binding with options it cannot use', () => {
  it('rejects the open with the option named, and leaves the path free', async () => {
    const binding = createEmulatorBinding({ profile: 'dsmr9' as never });
    await expect(binding.open({ path: '/dev/p1-emulator', baudRate: 115200 })).rejects.toThrow('unknown profile "dsmr9"');
    await expect(binding.open({ path: '/dev/p1-emulator', baudRate: 115200 })).rejects.toThrow('unknown profile "dsmr9"');
  });
});

describe('CanceledError', () => {
  it('is no failure to serialport (canceled) and a p1 error to the one guard', () => {
    const error = new CanceledError('port is closed');
    expect(error).toMatchObject({ canceled: true, code: 'canceled', name: 'CanceledError', message: 'port is closed' });
    expect(isEmulatorError(error)).toBe(true);
    expect(isAnyP1Error(error)).toBe(true);
    expect(isAnyP1Error(Object.assign(new Error('port is closed'), { canceled: true }))).toBe(false);
  });
});
