import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc16, parseTelegram, TelegramDecoder, type ProfileId } from './index.js';
import { bitwiseCrc16, FIXTURES, keyTree, loadFixtures } from '../test/helpers.js';

const fixtures = loadFixtures();
const seedExample = JSON.parse(readFileSync(join(FIXTURES, 'seed/reading-example.json'), 'utf8')) as unknown;
/** Keys p1 adds to the predecessor's structure: Belgian demand, every M-Bus device, totals and reactive registers. */
const ADDITIVE = [
  'electricity.demand',
  'mbus',
  'electricity.received.total',
  'electricity.delivered.total',
  'electricity.reactive',
  'electricity.instantaneous.reactivePower',
];

describe('fixtures', () => {
  it('are at least 25, covering every profile', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(25);
    const profiles = new Set(fixtures.map((f) => f.expected.forceProfile ?? f.expected.profile));
    expect([...profiles].sort()).toEqual(['dsmr2.2', 'dsmr3', 'dsmr4', 'dsmr5', 'emucs', 'se']);
  });

  describe.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const { bytes, expected } = fixture;
    const options = expected.forceProfile ? { profile: expected.forceProfile as ProfileId } : {};
    const telegram = parseTelegram(bytes, options);

    it('carries the CRC its expectation says, checked by an independent implementation', () => {
      const text = String.fromCharCode(...bytes);
      const match = /\r?\n!([0-9A-Fa-f]{0,4})/.exec(text) ?? /\)!([0-9A-Fa-f]{0,4})/.exec(text);
      expect(match).not.toBeNull();
      const end = match!.index + match![0].length - match![1]!.length;
      const digits = match![1]!;
      const independent = bitwiseCrc16(bytes.subarray(text.indexOf('/'), end));
      expect(crc16(bytes, text.indexOf('/'), end)).toBe(independent);
      if (expected.crc === 'absent') {
        expect(digits).toBe('');
        expect(telegram.crc).toBeNull();
      } else {
        expect(parseInt(digits, 16) === independent).toBe(expected.crc === 'valid');
        expect(telegram.crc).toEqual({ expected: parseInt(digits, 16), actual: independent, valid: expected.crc === 'valid' });
      }
    });

    it('parses to the expected header, profile and issues', () => {
      expect(telegram.header).toBe(expected.header);
      expect(telegram.profile).toBe(expected.forceProfile ?? expected.profile);
      expect(telegram.issues.map((i) => i.code).sort()).toEqual([...expected.issues].sort());
    });

    it('parses to the expected reading', () => {
      expect(telegram.reading).toEqual(expected.reading);
    });

    it('has exactly the key tree of the seed example, plus the additive keys', () => {
      const tree = keyTree(telegram.reading);
      const own = [...tree].filter((k) => !ADDITIVE.some((a) => k === a || k.startsWith(`${a}.`) || k.startsWith(`${a}[]`)));
      // Arrays only show their element keys when they have elements: compare against the example's keys that exist.
      const seed = [...keyTree(seedExample)].filter(
        (k) => !k.includes('[]') || own.some((o) => o.startsWith(k.slice(0, k.indexOf('[]') + 2))),
      );
      expect(own.sort()).toEqual(seed.sort());
      for (const key of ADDITIVE) expect(tree.has(key)).toBe(true);
    });

    it('keeps its raw bytes and decodes the same from a stream cut into 7-byte chunks', () => {
      expect(telegram.raw).toBe(String.fromCharCode(...bytes.subarray(String.fromCharCode(...bytes).indexOf('/'))));
      const decoder = new TelegramDecoder({ ...options, crc: 'lenient' });
      const results = [];
      for (let i = 0; i < bytes.length; i += 7) results.push(...decoder.push(bytes.subarray(i, i + 7)));
      results.push(...decoder.end());
      expect(results).toHaveLength(1);
      // A Telegram's content is behind getters, which toEqual does not see: compare what a user reads.
      expect(results[0]!.type === 'telegram' && results[0]!.telegram.toJSON()).toEqual(telegram.toJSON());
    });
  });
});

describe('the seed example itself', () => {
  it('is a complete key tree (the reference of the compatibility test)', () => {
    const tree = keyTree(seedExample);
    expect(tree.has('electricity.instantaneous.power.negative.L3.unit')).toBe(true);
    expect(tree.has('electricity.longPowerFailureLog.log[].startOfFailure')).toBe(true);
    expect(tree.has('gas.valvePosition')).toBe(true);
  });
});
