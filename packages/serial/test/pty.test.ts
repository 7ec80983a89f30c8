import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERIAL_7E1_9600 } from '@p1/core';
import { openPty, type EmulatorOptions, type EmulatorPty } from '@p1/emulator';
import { serialLine } from '@p1/emulator/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { expectedReading } from '@p1/emulator/testing';
import type { Reading } from '@p1/core';
import { detect, DetectError, EncryptedMeterError, type P1Reader } from '../src/index.js';
import { Harness, readings } from './harness.js';
import { collapse, recordEvents } from './record-events.js';
import { killAllSocat, PtyWriter, socatPair, waitFor } from '@p1/test-kit';

// Real pseudo-terminals: socat joins two, the emulator writes to one end, the reader opens the other with serialport's
// native binding, as it would a USB P1 cable.

let dir: string;
const harness = new Harness();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'p1-pty-'));
});

afterEach(async () => {
  await harness.cleanup();
  await killAllSocat();
  rmSync(dir, { recursive: true, force: true });
});

const writer = async (path: string): Promise<PtyWriter> => harness.defer(await PtyWriter.open(path), (made) => made.close());

async function connected(of: P1Reader, connects = 1): Promise<void> {
  await waitFor(() => of.stats.connects >= connects && of.state === 'connected', `connection ${connects} to the pty`);
}

describe('P1Reader on a socat pty pair', () => {
  it('DSMR 5 at 115200 8N1, in chunks of 1-64 bytes: the readings equal what the emulator wrote, in order', async () => {
    const pair = await socatPair(dir);
    const p1 = harness.reader({ port: pair.a, meter: 'dsmr5' });
    const received = readings(p1);
    await connected(p1);
    const out = await writer(pair.b);
    const { meter, sent } = harness.emulator({ profile: 'dsmr5', speed: 50, count: 20, faults: { chunks: [1, 64] } });
    meter.on('data', (chunk) => out.write(chunk));
    meter.start();
    await waitFor(() => received.length === 20, '20 readings');
    expect(received).toEqual(sent);
    expect(p1.stats).toMatchObject({ telegrams: 20, crcErrors: 0, incomplete: 0 });
  });

  it('DSMR 2.2 at 9600 7E1: the readings equal what the emulator wrote, in order', async () => {
    const pair = await socatPair(dir);
    const p1 = harness.reader({ port: pair.a, meter: 'dsmr2.2' });
    expect(p1.settings.settings).toEqual(SERIAL_7E1_9600);
    const received = readings(p1);
    await connected(p1);
    const out = await writer(pair.b);
    const { meter, sent } = harness.emulator({ profile: 'dsmr2.2', speed: 100, count: 8 });
    meter.on('data', (chunk) => out.write(chunk));
    meter.start();
    await waitFor(() => received.length === 8, '8 readings');
    expect(received).toEqual(sent);
  });

  it('a 7E1 meter read at 8N1 (parity bit in bit 7, as the wire delivers it) parses through 7-bit masking', async () => {
    const pair = await socatPair(dir);
    const p1 = harness.reader({ port: pair.a, meter: 'dsmr2.2', baudRate: 9600, dataBits: 8, parity: 'none' });
    expect(p1.settings.sevenBit).toBe(true);
    const received = readings(p1);
    await connected(p1);
    const out = await writer(pair.b);
    const wire = serialLine(SERIAL_7E1_9600, { baudRate: 9600, dataBits: 8 })!;
    const { meter, sent } = harness.emulator({ profile: 'dsmr2.2', speed: 100, count: 5 });
    meter.on('data', (chunk) => out.write(wire(chunk)));
    meter.start();
    await waitFor(() => received.length === 5, '5 readings');
    expect(received).toEqual(sent);
  });

  it('socat killed mid-stream and started again on the same path: the reader reconnects and resumes, events in order', async () => {
    let pair = await socatPair(dir);
    const p1 = harness.reader({ port: pair.a, meter: 'dsmr5', reconnect: { initialDelay: 20, maxDelay: 100 } });
    const events = recordEvents(p1);
    const received = readings(p1);
    await connected(p1);
    let out = await writer(pair.b);
    const { meter, sent } = harness.emulator({ profile: 'dsmr5', speed: 50 });
    meter.on('data', (chunk) => out.write(chunk));
    meter.start();
    await waitFor(() => received.length >= 5, '5 readings');

    await pair.kill(); // while the meter sends: the telegram on the line is cut
    await waitFor(() => p1.state === 'reconnecting' && p1.stats.reconnectAttempts >= 2, 'the reader to retry');
    meter.stop();
    const before = received.length;
    const resumeAt = sent.length;
    expect(received).toEqual(sent.slice(0, before)); // nothing wrong or out of order came of the cut

    pair = await socatPair(dir);
    await connected(p1, 2);
    out = await writer(pair.b);
    meter.start();
    await waitFor(() => received.length >= before + 5, '5 readings after the restart');
    expect(received.slice(before)).toEqual(sent.slice(resumeAt, resumeAt + received.length - before));
    expect(collapse(events)).toEqual(['connected', 'error:disconnected', 'close', 'reconnecting', 'error:port-not-found', 'reconnecting', 'connected']);
    expect(p1.stats).toMatchObject({ connects: 2, disconnects: 1, crcErrors: 0 });
  });

  it('the device behind the path replaced while open (serialport cannot tell): the presence check moves the reader to the new one', async () => {
    mkdirSync(join(dir, 'one'));
    mkdirSync(join(dir, 'two'));
    const first = await socatPair(join(dir, 'one'));
    const second = await socatPair(join(dir, 'two'));
    const link = join(dir, 'ttyP1'); // as udev's SYMLINK+="p1", pointing at the adapter of the moment
    symlinkSync(realpathSync(first.a), link);
    const p1 = harness.reader({ port: link, presenceCheck: 50, reconnect: { initialDelay: 20 } });
    const events = recordEvents(p1);
    const received = readings(p1);
    await connected(p1);
    rmSync(link);
    symlinkSync(realpathSync(second.a), link);
    await connected(p1, 2);
    expect(events).toEqual(['connected', 'error:disconnected', 'close', 'reconnecting', 'connected']);
    const out = await writer(second.b);
    const { meter, sent } = harness.emulator({ profile: 'dsmr5', speed: 50, count: 3 });
    meter.on('data', (chunk) => out.write(chunk));
    meter.start();
    await waitFor(() => received.length === 3, '3 readings from the new device');
    expect(received).toEqual(sent);
  });
});

describe('an encrypting Luxembourg Smarty on a socat pty pair', () => {
  it('decrypts with decryptionKey: the readings equal what the emulator encrypted, a corrupted tag is an error', async () => {
    // A fixed key and start, so that the frames are the same bytes in every run: with random ones, a struck frame
    // now and then holds a lookalike frame head, which counts one error more (no reading is lost).
    const key = '00112233445566778899AABBCCDDEEFF';
    const pair = await socatPair(dir);
    const p1 = harness.reader({ port: pair.a, decryptionKey: key });
    const received = readings(p1);
    const errors: string[] = [];
    p1.on('error', (error) => errors.push(error.code));
    const decrypted: (number | undefined)[] = [];
    p1.on('telegram', (telegram) => decrypted.push(telegram.decryption?.frameCounter));
    await connected(p1);
    const out = await writer(pair.b);
    const { meter } = harness.emulator({ profile: 'smarty', encryption: { key, frameCounter: 77 }, speed: 100, count: 30, seed: 4, start: '2026-01-01T00:00:00Z', faults: { tag: 0.2, chunks: [1, 64] } });
    const sent: Reading[] = [];
    let struck = 0;
    meter.on('telegram', (t) => (t.faults.includes('tag') ? struck++ : sent.push(expectedReading(t.state))));
    meter.on('data', (chunk) => out.write(chunk));
    meter.start();
    await waitFor(() => received.length + errors.length === 30, '30 frames read');
    expect(struck).toBeGreaterThan(0);
    expect(received).toEqual(sent);
    expect(errors).toEqual(Array(struck).fill('decryption-failed'));
    expect(decrypted).toHaveLength(30 - struck);
    expect(decrypted[0]).toBeGreaterThanOrEqual(77);
    expect(p1.stats).toMatchObject({ telegrams: 30 - struck, decrypted: 30 - struck, decryptionErrors: struck });
  });

  it('refuses a decryptionKey at 7 data bits, where the frames cannot be read', () => {
    expect(() => harness.reader({ port: join(dir, 'none'), decryptionKey: '00'.repeat(16), meter: 'dsmr2.2', autoOpen: false })).toThrow(/sevenBit cannot be used/);
  });
});

describe('detect() on a pty (a pty ignores speed and parity: the bytes decide)', () => {
  async function meterPty(write?: (pty: EmulatorPty, chunk: Uint8Array) => void, options: EmulatorOptions = {}): Promise<EmulatorPty> {
    const pty = harness.defer(await openPty({ path: join(dir, 'ttyP1') }), (made) => made.close());
    if (write !== undefined) {
      const { meter } = harness.emulator({ speed: 50, ...options });
      meter.on('data', (chunk) => write(pty, chunk));
      meter.start();
    }
    return pty;
  }

  it('a DSMR 5 meter: 115200 8N1', async () => {
    const pty = await meterPty((p, chunk) => p.write(chunk), { profile: 'dsmr5' });
    const found = await detect(pty.path, { listenTime: 3000 });
    expect(found).toMatchObject({ candidate: '115200 8N1', profile: 'dsmr5', header: 'Ene5\\T210-D ESMR5.0' });
  });

  it('an encrypting meter without a key: says a key is needed, at once, naming the setting and the system title', async () => {
    const key = randomBytes(16).toString('hex');
    const pty = await meterPty((p, chunk) => p.write(chunk), { profile: 'smarty', encryption: { key } });
    const error = (await detect(pty.path, { listenTime: 3000 }).catch((e: unknown) => e)) as EncryptedMeterError;
    expect(error).toBeInstanceOf(EncryptedMeterError);
    expect(error).toMatchObject({ code: 'decryption-key-needed', systemTitle: '5341471030700127', settings: { baudRate: 115200, dataBits: 8 } });
    expect(error.message).toContain('encrypted frames at 115200 8N1');
    expect(error.message).toContain('Sagemcom');
    expect(error.attempts).toHaveLength(1);
    expect(error.attempts[0]!.verdict).toContain('encrypted frame');
  });

  it('an encrypting meter with its key: found, with its decryption; with a wrong key: says so', async () => {
    const key = randomBytes(16).toString('hex');
    const pty = await meterPty((p, chunk) => p.write(chunk), { profile: 'smarty', encryption: { key } });
    const found = await detect(pty.path, { listenTime: 3000, decryptionKey: key });
    expect(found).toMatchObject({ candidate: '115200 8N1', profile: 'dsmr4', header: 'Lux5\\253663629_D', decryption: { systemTitle: '5341471030700127' } });
    expect(found.meters.map((m) => m.model)).toEqual(['T210-D (Smarty)']);
    const wrong = (await detect(pty.path, { listenTime: 1500, decryptionKey: randomBytes(16) }).catch((e: unknown) => e)) as EncryptedMeterError;
    expect(wrong).toMatchObject({ code: 'decryption-key-needed' });
    expect(wrong.message).toContain('do not decrypt with the decryptionKey given');
  });

  it('a plain meter with a decryptionKey given: found all the same', async () => {
    const pty = await meterPty((p, chunk) => p.write(chunk), { profile: 'dsmr5' });
    const found = await detect(pty.path, { listenTime: 3000, decryptionKey: randomBytes(16) });
    expect(found).toMatchObject({ profile: 'dsmr5', decryption: null });
  });

  it('a 7E1 meter: bytes but no telegram at 8N1, a valid one at 7E1', async () => {
    const wire = serialLine(SERIAL_7E1_9600, { baudRate: 9600, dataBits: 8 })!;
    const pty = await meterPty((p, chunk) => p.write(wire(chunk)), { profile: 'dsmr2.2' });
    const found = await detect(pty.path, { listenTime: 1500 });
    expect(found.candidate).toBe('115200 7E1');
    expect(found.sevenBit).toBe(true);
    expect(found.attempts[0]).toMatchObject({ candidate: '115200 8N1', telegrams: 0 });
    expect(found.attempts[0]!.bytes).toBeGreaterThan(0);
  });

  it('a port a reader holds: fails at once with port-busy, and the reader reads on', async () => {
    const pty = await meterPty((p, chunk) => p.write(chunk), { profile: 'dsmr5' });
    const p1 = harness.reader({ port: pty.path });
    const received = readings(p1);
    await connected(p1);
    await expect(detect(pty.path, { listenTime: 300 })).rejects.toMatchObject({ code: 'port-busy' });
    const before = received.length;
    await waitFor(() => received.length > before + 2, 'readings after the detect() attempt');
  });

  it('silence: gives up cleanly within its bound, every setting tried and named', async () => {
    const pty = await meterPty();
    const started = Date.now();
    const error = (await detect(pty.path, { listenTime: 300 }).catch((e: unknown) => e)) as DetectError;
    expect(error).toBeInstanceOf(DetectError);
    expect(error.attempts.map((a) => `${a.candidate}: ${a.bytes}`)).toEqual(['115200 8N1: 0', '115200 7E1: 0', '9600 7E1: 0']);
    expect(error.attempts.every((a) => a.listened >= 300)).toBe(true);
    // Bounded: three listens plus opening and closing, far below the default test timeout.
    expect(Date.now() - started).toBeLessThan(3 * 300 + 5000);
  });
});
