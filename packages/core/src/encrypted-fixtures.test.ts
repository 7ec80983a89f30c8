import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EncryptedTelegramDecoder, parseTelegram, type DecodeResult } from './index.js';
import { nodeDecrypt } from '../test/cipher-frames.js';
import { FIXTURES } from '../test/helpers.js';

interface EncryptedFixture {
  description: string;
  frame: { decryptionKey: string; authenticationKey?: string; systemTitle: string; frameCounter: number };
  profile: string;
  header: string;
  crc: 'valid';
  issues: string[];
  reading: Record<string, unknown>;
}

const DIR = join(FIXTURES, 'encrypted');
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.bin'))
  .sort()
  .map((file) => {
    const name = file.slice(0, -4);
    return {
      name,
      frame: new Uint8Array(readFileSync(join(DIR, file))),
      plaintext: new Uint8Array(readFileSync(join(DIR, `${name}.plain.txt`))),
      expected: JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as EncryptedFixture,
    };
  });

function decode(frame: Uint8Array, options: ConstructorParameters<typeof EncryptedTelegramDecoder>[0]): DecodeResult[] {
  const decoder = new EncryptedTelegramDecoder(options);
  return [...decoder.push(frame), ...decoder.end()];
}

describe('encrypted fixtures', () => {
  it('are there, one with an authentication key of its own', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(3);
    expect(fixtures.some((f) => f.expected.frame.authenticationKey !== undefined)).toBe(true);
  });

  describe.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, { frame, plaintext, expected }) => {
    const { decryptionKey, authenticationKey, systemTitle, frameCounter } = expected.frame;

    it('decrypts with Node\'s crypto, independently of core, to its plaintext telegram', () => {
      const node = nodeDecrypt(frame, decryptionKey, authenticationKey);
      expect(node).not.toBeNull();
      expect(Buffer.compare(node!, plaintext)).toBe(0);
      expect(Buffer.from(frame.subarray(2, 10)).toString('hex').toUpperCase()).toBe(systemTitle);
      expect(Buffer.from(frame).readUInt32BE(14)).toBe(frameCounter);
    });

    it('decrypts and parses to the expected reading, the same as its plaintext gives', () => {
      const results = decode(frame, { decryptionKey, ...(authenticationKey && { authenticationKey }) });
      expect(results.map((r) => r.type)).toEqual(['telegram']);
      const telegram = (results[0] as Extract<DecodeResult, { type: 'telegram' }>).telegram;
      expect(telegram.raw).toBe(Buffer.from(plaintext).toString('latin1'));
      expect(telegram.header).toBe(expected.header);
      expect(telegram.profile).toBe(expected.profile);
      expect(telegram.crc?.valid).toBe(true);
      expect(telegram.issues.map((i) => i.code).sort()).toEqual([...expected.issues].sort());
      expect(telegram.reading).toEqual(expected.reading);
      expect(telegram.reading).toEqual(parseTelegram(plaintext).reading);
      expect(telegram.decryption).toEqual({ systemTitle, frameCounter, securityControl: 0x30 });
      expect(telegram.toJSON().decryption).toEqual(telegram.decryption);
    });

    it('decodes the same from a stream cut into 7-byte chunks, between garbage and a cut copy of itself', () => {
      const keys = { decryptionKey, ...(authenticationKey && { authenticationKey }) };
      const stream = Uint8Array.from([...Buffer.from('\x00\xdb\x08noise/!\r\n'), ...frame.subarray(0, frame.length - 40), ...frame, 0xdb]);
      const decoder = new EncryptedTelegramDecoder(keys);
      const results: DecodeResult[] = [];
      for (let i = 0; i < stream.length; i += 7) results.push(...decoder.push(stream.subarray(i, i + 7)));
      results.push(...decoder.end());
      expect(results.map((r) => (r.type === 'error' ? r.error.code : r.type))).toEqual(['incomplete', 'telegram']);
      const telegram = (results[1] as Extract<DecodeResult, { type: 'telegram' }>).telegram;
      expect(telegram.reading).toEqual(expected.reading);
      expect(decoder.stats).toMatchObject({ frames: 1, decrypted: 1, incomplete: 1, telegrams: 1 });
    });

    it('is a decryption-failed error with another key, and with the authentication key changed', () => {
      const other = decryptionKey.replace(/^./, (c) => (c === '0' ? '1' : '0'));
      expect(decode(frame, { decryptionKey: other, ...(authenticationKey && { authenticationKey }) }).map((r) => r.type === 'error' && r.error.code)).toEqual(['decryption-failed']);
      if (authenticationKey) expect(decode(frame, { decryptionKey }).map((r) => r.type === 'error' && r.error.code)).toEqual(['decryption-failed']);
      const ak = 'FF'.repeat(16);
      expect(decode(frame, { decryptionKey, authenticationKey: ak }).map((r) => r.type === 'error' && r.error.code)).toEqual(['decryption-failed']);
    });
  });
});
