import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc16x25, latin1Bytes } from '@p1/core';
import { MockBinding } from '@serialport/binding-mock';
import { createEmulatorBinding } from '@p1/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { START } from '../test/expected-readings.js';
import { detect, DetectError } from './detect.js';
import { P1Reader } from './p1-reader.js';

const PATH = '/dev/p1-emulator';

afterEach(() => MockBinding.reset());

describe('detect() on the emulator binding (which garbles bytes read at the wrong settings, as a UART does)', () => {
  it('a DSMR 5 meter: 115200 8N1 at the first try, with the profile and the catalogue model', async () => {
    const binding = createEmulatorBinding({ profile: 'dsmr5', start: START, speed: 0 });
    const found = await detect(PATH, { binding, listenTime: 2000 });
    expect(found).toMatchObject({ candidate: '115200 8N1', settings: { baudRate: 115200, dataBits: 8, parity: 'none' }, profile: 'dsmr5', sevenBit: false });
    expect(found.meters.map((m) => `${m.brand} ${m.model}`)).toEqual(['Sagemcom T210-D ESMR5']);
    expect(found.attempts.map((a) => a.verdict)).toEqual(['a valid telegram (DSMR 4.x and 5.x, eMUCs, Smarty)']);
  });

  it('a DSMR 2.2 meter: garbage at 115200, then 9600 7E1; the settings open a reader that reads it', async () => {
    const binding = createEmulatorBinding({ profile: 'dsmr2.2', start: START, speed: 0 });
    const found = await detect(PATH, { binding, listenTime: 800 });
    expect(found).toMatchObject({ candidate: '9600 7E1', settings: { baudRate: 9600, dataBits: 7, parity: 'even' }, profile: 'dsmr2.2' });
    expect(found.meters.map((m) => m.model)).toEqual(['ME 382', 'MT 382']);
    expect(found.attempts.map((a) => a.verdict.replace(/^\d+/, 'N'))).toEqual([
      'N bytes but no telegram: not this speed or character format',
      'N bytes but no telegram: not this speed or character format',
      'a valid telegram (DSMR 2.2 and 3.0)',
    ]);
    const reader = new P1Reader({ port: found.path, ...found.settings, binding });
    try {
      for await (const telegram of reader) {
        expect(telegram.header).toBe(found.header);
        break;
      }
    } finally {
      await reader.close();
    }
  });

  it('a meter that seals with CRC-16/X-25 (Holley DTSD545): found, and says so, so that the reader can check it', async () => {
    const body = '/HLY5/D545-METER\r\n\r\n1-3:0.2.8(50)\r\n1-0:1.8.1(000123.456*kWh)\r\n!';
    const telegram = `${body}${crc16x25(latin1Bytes(body)).toString(16).toUpperCase().padStart(4, '0')}\r\n`;
    MockBinding.createPort('/dev/ttyHOLLEY', { echo: false, record: false, readyData: Buffer.from(telegram + telegram, 'latin1') });
    const found = await detect('/dev/ttyHOLLEY', { binding: MockBinding, listenTime: 500 });
    expect(found).toMatchObject({ candidate: '115200 8N1', crcAlgorithm: 'x25', header: 'HLY5/D545-METER', profile: 'dsmr5' });
    expect(found.telegram.reading.electricity.received.tariff1.reading).toBe(123.456);
    // The standard's meters say arc.
    const binding = createEmulatorBinding({ profile: 'dsmr5', start: START, speed: 0 });
    expect((await detect(PATH, { binding, listenTime: 2000 })).crcAlgorithm).toBe('arc');
  });

  it('a silent port: gives up after every setting, saying what to check', async () => {
    MockBinding.createPort('/dev/ttySILENT');
    const failure = detect('/dev/ttySILENT', { binding: MockBinding, listenTime: 200 });
    await expect(failure).rejects.toBeInstanceOf(DetectError);
    const error = (await failure.catch((e: unknown) => e)) as DetectError;
    expect(error.code).toBe('not-detected');
    expect(error.attempts.map((a) => [a.candidate, a.bytes])).toEqual([['115200 8N1', 0], ['115200 7E1', 0], ['9600 7E1', 0]]);
    expect(error.message).toMatch(/no P1 telegram on \/dev\/ttySILENT at any setting:\n {2}115200 8N1: silent: not one byte in 0\.\d s\n/);
    expect(error.message).toMatch(/meter's P1 port is enabled/);
  });

  it('a port that does not exist: fails at once with port-not-found, trying no other setting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'p1-detect-'));
    try {
      await expect(detect(join(dir, 'ttyUSB0'), { listenTime: 200 })).rejects.toMatchObject({ code: 'port-not-found' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a tcp:// address, which has no line settings', async () => {
    await expect(detect('tcp://127.0.0.1:23')).rejects.toThrow(/detect\(\) listens on serial ports/);
  });

  it('stops when its signal aborts', async () => {
    MockBinding.createPort('/dev/ttySILENT');
    const controller = new AbortController();
    const failure = detect('/dev/ttySILENT', { binding: MockBinding, listenTime: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(failure).rejects.toMatchObject({ name: 'AbortError' });
  });
});
