import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashEquipmentId } from './hash-equipment-id.js';
import { hmacSha256, sha256 } from './sha256.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('sha256 and hmacSha256', () => {
  it('give the published test vectors', () => {
    expect(hex(sha256(new TextEncoder().encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha256(new Uint8Array(0)))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // RFC 4231 test case 2.
    const mac = hmacSha256(new TextEncoder().encode('Jefe'), new TextEncoder().encode('what do ya want for nothing?'));
    expect(hex(mac)).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it("agree with node:crypto for any input length (block and padding boundaries) and any key", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 150 }), (message, key) => {
        expect(hex(sha256(message))).toBe(createHash('sha256').update(message).digest('hex'));
        expect(hex(hmacSha256(key, message))).toBe(createHmac('sha256', key).update(message).digest('hex'));
      }),
    );
  });
});

describe('hashEquipmentId', () => {
  it('is the first 16 hex digits of the SHA-256 of the id, or of its HMAC with a key (UTF-8, as before the move)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (id, key) => {
        expect(hashEquipmentId(id)).toBe(createHash('sha256').update(id).digest('hex').slice(0, 16));
        expect(hashEquipmentId(id, key)).toBe(createHmac('sha256', key).update(id).digest('hex').slice(0, 16));
      }),
    );
  });
});
