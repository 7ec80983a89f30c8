import { randomBytes } from 'node:crypto';
import { EncryptedTelegramDecoder, parseTelegram, type DecodeResult, type Telegram } from '@p1/core';
import { describe, expect, it } from 'vitest';
import { expectedReading } from './expected-reading.js';
import { MeterEmulator, type EmittedTelegram } from './meter-emulator.js';

const key = randomBytes(16).toString('hex');

function decryptAll(sent: EmittedTelegram[], decryptionKey = key): DecodeResult[] {
  const decoder = new EncryptedTelegramDecoder({ decryptionKey });
  return [...sent.flatMap((t) => t.chunks.flatMap((c) => decoder.push(c))), ...decoder.end()];
}
const telegramsOf = (results: DecodeResult[]): Telegram[] => results.flatMap((r) => (r.type === 'telegram' ? [r.telegram] : []));

describe('the smarty profile', () => {
  it('sends DSMR 4.2 Smarty telegrams encrypted with the given key, that decrypt to the meter\'s reading', () => {
    const meter = new MeterEmulator({ profile: 'smarty', encryption: { key }, start: '2026-04-03T15:54:31Z', realistic: true, seed: 3 });
    expect(meter.config).toMatchObject({ profile: 'dsmr4', layout: 'smarty', interval: 10, header: 'Lux5\\253663629_D' });
    const sent = Array.from({ length: 360 }, () => meter.next());
    for (const t of sent) {
      expect(t.bytes[0]).toBe(0xdb);
      expect(Buffer.from(t.bytes).includes(Buffer.from(t.plaintext.subarray(0, 20)))).toBe(false); // not in clear
    }
    const telegrams = telegramsOf(decryptAll(sent));
    expect(telegrams).toHaveLength(360);
    telegrams.forEach((telegram, i) => {
      expect(telegram.raw).toBe(Buffer.from(sent[i]!.plaintext).toString('latin1'));
      expect(telegram.profile).toBe('dsmr4');
      expect(telegram.issues).toEqual([]);
      expect(telegram.reading).toEqual(expectedReading(sent[i]!.state));
      expect(telegram.decryption).toEqual({ systemTitle: '5341471030700127', frameCounter: i + 1, securityControl: 0x30 });
    });
    // Lines a Smarty sends that p1's reading does not carry yet stay readable in objects.
    const objects = telegrams.at(-1)!.objects.map((o) => o.obis);
    expect(objects).toEqual(expect.arrayContaining(['0-0:42.0.0', '1-0:1.8.0', '1-0:2.8.0', '1-0:3.8.0', '1-0:4.8.0', '1-1:31.4.0', '1-0:23.7.0']));
    expect(objects).not.toContain('1-0:1.8.1');
  });

  it('sends its 1-0:1.8.0 total as the sum of what the tariffs counted', () => {
    const meter = new MeterEmulator({ profile: 'smarty', encryption: { key }, electricityOffset: 1234.5 });
    const { plaintext, state } = meter.next();
    const text = Buffer.from(plaintext).toString('latin1');
    expect(text).toContain(`1-0:1.8.0(${(state.energy.received[0] + state.energy.received[1]).toFixed(3).padStart(10, '0')}*kWh)`);
    expect(parseTelegram(plaintext).crc?.valid).toBe(true);
  });

  it('is an error with another key: nothing is delivered', () => {
    const meter = new MeterEmulator({ profile: 'smarty', encryption: { key } });
    const results = decryptAll([meter.next(), meter.next()], randomBytes(16).toString('hex'));
    expect(results.map((r) => r.type === 'error' && r.error.code)).toEqual(['decryption-failed', 'decryption-failed']);
  });

  it('has a tag fault: struck frames fail to decrypt, the others arrive', () => {
    // A fixed key and start, so that the ciphertext is the same in every run: with random bytes, about one run in
    // twelve has a struck frame that holds a lookalike frame head, which adds an error of its own (no telegram is lost).
    const key = '000102030405060708090A0B0C0D0E0F';
    const meter = new MeterEmulator({ profile: 'smarty', encryption: { key }, faults: 'tag=0.3,chunks=1-64', seed: 5, start: '2026-01-01T00:00:00Z' });
    const sent = Array.from({ length: 100 }, () => meter.next());
    const struck = sent.filter((t) => t.faults.includes('tag')).length;
    expect(struck).toBeGreaterThan(10);
    expect(struck).toBeLessThan(60);
    const results = decryptAll(sent, key);
    expect(results.filter((r) => r.type === 'error').map((r) => r.type === 'error' && r.error.code)).toEqual(Array(struck).fill('decryption-failed'));
    expect(telegramsOf(results).map((t) => t.decryption!.frameCounter)).toEqual(sent.filter((t) => !t.faults.includes('tag')).map((t) => t.frameCounter));
  });

  it('keeps frames in step through garbage and cut frames', () => {
    const meter = new MeterEmulator({ profile: 'smarty', encryption: { key, frameCounter: 500 }, faults: 'garbage=0.5,truncate=0.2,chunks=1-40', seed: 9 });
    const sent = Array.from({ length: 200 }, () => meter.next());
    const whole = sent.filter((t) => !t.faults.includes('truncate'));
    const telegrams = telegramsOf(decryptAll(sent));
    // A cut frame can take the next one with it only when its garbage holds a lookalike head; none here.
    expect(telegrams.map((t) => t.decryption!.frameCounter)).toEqual(whole.map((t) => t.frameCounter));
    expect(telegrams.map((t) => t.reading)).toEqual(whole.map((t) => expectedReading(t.state)));
  });

  it('encrypts any profile when given encryption, and needs it for smarty', () => {
    const meter = new MeterEmulator({ profile: 'dsmr5', encryption: { key, systemTitle: 'SYSTEMID' } });
    const [telegram] = telegramsOf(decryptAll([meter.next()]));
    expect(telegram!.profile).toBe('dsmr5');
    expect(telegram!.decryption!.systemTitle).toBe(Buffer.from('SYSTEMID').toString('hex').toUpperCase());
    expect(() => new MeterEmulator({ profile: 'smarty' })).toThrow(/smarty profile encrypts every telegram/);
    expect(() => new MeterEmulator({ profile: 'smarty', encryption: { key: 'ABC' } })).toThrow(/encryption.key must be 32 hex digits/);
    expect(() => new MeterEmulator({ profile: 'smarty', encryption: { key, systemTitle: 'SAG' } })).toThrow(/systemTitle/);
  });
});
