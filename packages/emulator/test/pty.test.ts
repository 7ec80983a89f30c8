import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { isP1Error } from '@p1/core';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { expectedReading } from '../src/expected-reading.js';
import { ManualClock } from '../src/manual-clock.js';
import type { MeterState } from '../src/meter-state.js';
import { P1Emulator } from '../src/p1-emulator.js';
import { EmulatorError, SocatMissingError } from '../src/emulator-error.js';
import { openPty, type EmulatorPty } from '../src/pty.js';
import { isAnyP1Error } from '@p1/core';
import { tempDir } from '@p1/test-kit';
import { collectUntil, countTelegrams, decodeChunks } from './helpers.js';

const START = Date.UTC(2025, 4, 5, 12, 0, 0);
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const dir = tempDir('emulator-pty');
let ptys = 0;

async function meterOnPty(options: ConstructorParameters<typeof P1Emulator>[0] = {}) {
  const clock = new ManualClock(START);
  const emulator = new P1Emulator({ clock, ...options });
  const pty = await openPty({ path: join(dir, `ttyP1-${++ptys}`), source: emulator });
  cleanup.push(() => pty.close(), () => emulator.stop());
  return { clock, emulator, pty };
}

function openSerial(pty: EmulatorPty, baudRate = 115200): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path: pty.path, baudRate }, (error) => (error ? reject(error) : resolve(port)));
    cleanup.push(() => new Promise((done) => (port.isOpen ? port.close(() => done(undefined)) : done(undefined))));
  });
}

describe('openPty (a real socat pseudo-terminal)', () => {
  it('makes a device path that serialport opens and reads telegrams from', async () => {
    const { clock, emulator, pty } = await meterOnPty({ profile: 'dsmr5', realistic: true });
    expect(realpathSync(pty.path)).toBe(pty.device);
    expect(pty.device).toMatch(/^\/dev\/pts\/\d+$/);
    const port = await openSerial(pty);
    const states: MeterState[] = [];
    emulator.on('telegram', (t) => states.push(t.state));
    const received = collectUntil(port, (b) => countTelegrams(b) === 5);
    emulator.start();
    await clock.advance(4_000);
    const { telegrams, errors } = decodeChunks([await received]);
    expect(errors).toEqual([]);
    expect(telegrams.map((t) => t.reading)).toEqual(states.map((s) => expectedReading(s)));
  });

  it('passes every byte through unchanged, CRLF and bytes above 0x7F included', async () => {
    const { pty } = await meterOnPty();
    const port = await openSerial(pty, 9600);
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const received = collectUntil(port, (b) => b.length >= 256);
    pty.write(bytes);
    expect((await received).equals(bytes)).toBe(true);
  });

  it('close() ends socat and removes the symlink', async () => {
    const { pty } = await meterOnPty();
    expect(existsSync(pty.path)).toBe(true);
    await pty.close();
    expect(pty.isOpen).toBe(false);
    expect(existsSync(pty.path)).toBe(false);
    pty.write(Buffer.from('/after close')); // nothing to write to: ignored, no error
  });

  it('when socat dies, says close; writing afterwards is harmless', async () => {
    const { pty, emulator, clock } = await meterOnPty();
    const closed = new Promise<void>((resolve) => pty.once('close', resolve));
    (pty as unknown as { socat: { kill(signal: string): void } }).socat.kill('SIGKILL');
    await closed;
    emulator.start();
    await clock.advance(30_000); // the emulator keeps sending into the void
    expect(pty.isOpen).toBe(false);
  });

  it('names the package to install when socat is missing', async () => {
    const error = await openPty({ path: '/tmp/ttyP1-never', socat: 'socat-not-installed-here' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SocatMissingError);
    expect((error as Error).message).toMatch(/needs socat.*install the "socat" package.*apt-get install socat/);
    // A p1 error like every other: the one guard knows it, its code says what, the spawn error is its cause.
    expect(isAnyP1Error(error) && error.code).toBe('socat-missing');
    expect(error).toBeInstanceOf(EmulatorError);
    expect(((error as Error).cause as { code?: string }).code).toBe('ENOENT');
  });

  it("reports socat's own words when it cannot make the device", async () => {
    const error = await openPty({ path: '/nonexistent-dir/ttyP1' }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/socat exited .*before the pty was ready/);
    expect(isAnyP1Error(error) && error.code).toBe('pty-failed');
  });

  it('refuses paths socat would read as its own syntax', async () => {
    const error = await openPty({ path: '/tmp/a,b' }).catch((e: unknown) => e);
    expect(isP1Error(error) && error.code).toBe('invalid-option');
  });
});
