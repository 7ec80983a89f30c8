import { createCipheriv, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Aes128Gcm } from './aes-128-gcm.js';

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

// The AES-128 test cases of the GCM specification (McGrew & Viega, test cases 1-4), which NIST publishes in its
// GCM validation material; 96-bit IVs, as DLMS uses.
const K3 = 'feffe9928665731c6d6a8f9467308308';
const P3 =
  'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255';
const C3 =
  '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985';
const VECTORS = [
  { name: 'test case 1: empty', key: '00000000000000000000000000000000', iv: '000000000000000000000000', pt: '', aad: '', ct: '', tag: '58e2fccefa7e3061367f1d57a4e7455a' },
  {
    name: 'test case 2: one zero block',
    key: '00000000000000000000000000000000',
    iv: '000000000000000000000000',
    pt: '00000000000000000000000000000000',
    aad: '',
    ct: '0388dace60b6a392f328c2b971b2fe78',
    tag: 'ab6e47d42cec13bdf53a67b21257bddf',
  },
  { name: 'test case 3: four blocks', key: K3, iv: 'cafebabefacedbaddecaf888', pt: P3, aad: '', ct: C3, tag: '4d5c2af327cd64a62cf35abd2ba6fab4' },
  {
    name: 'test case 4: partial block and AAD',
    key: K3,
    iv: 'cafebabefacedbaddecaf888',
    pt: P3.slice(0, 120),
    aad: 'feedfacedeadbeeffeedfacedeadbeefabaddad2',
    ct: C3.slice(0, 120),
    tag: '5bc94fbc3221a5db94fae95ae7121a47',
  },
];

describe('Aes128Gcm', () => {
  describe.each(VECTORS)('$name', (v) => {
    it('encrypts to the published ciphertext and tag (and so does Node)', () => {
      const { ciphertext, tag } = new Aes128Gcm(hex(v.key)).encrypt(hex(v.iv), hex(v.pt), hex(v.aad));
      expect(toHex(ciphertext)).toBe(v.ct);
      expect(toHex(tag)).toBe(v.tag);
      const node = createCipheriv('aes-128-gcm', hex(v.key), hex(v.iv));
      node.setAAD(hex(v.aad));
      expect(Buffer.concat([node.update(hex(v.pt)), node.final()]).toString('hex')).toBe(v.ct);
      expect(node.getAuthTag().toString('hex')).toBe(v.tag);
    });

    it('decrypts with the full and the 96-bit tag, and refuses a changed tag, byte or AAD', () => {
      const gcm = new Aes128Gcm(hex(v.key));
      expect(toHex(gcm.decrypt(hex(v.iv), hex(v.ct), hex(v.aad), hex(v.tag))!)).toBe(v.pt);
      expect(toHex(gcm.decrypt(hex(v.iv), hex(v.ct), hex(v.aad), hex(v.tag).subarray(0, 12))!)).toBe(v.pt);
      const tag = hex(v.tag);
      tag[11]! ^= 1;
      expect(gcm.decrypt(hex(v.iv), hex(v.ct), hex(v.aad), tag)).toBeNull();
      if (v.ct !== '') {
        const ct = hex(v.ct);
        ct[ct.length - 1]! ^= 0x80;
        expect(gcm.decrypt(hex(v.iv), ct, hex(v.aad), hex(v.tag))).toBeNull();
      }
      expect(gcm.decrypt(hex(v.iv), hex(v.ct), Uint8Array.of(...hex(v.aad), 0), hex(v.tag))).toBeNull();
    });
  });

  it('agrees with Node on random keys, IVs, lengths and AAD (both ways)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 40 }), (plaintext, aad) => {
        const key = randomBytes(16);
        const iv = randomBytes(12);
        const node = createCipheriv('aes-128-gcm', key, iv, { authTagLength: 12 });
        node.setAAD(aad);
        const ct = Buffer.concat([node.update(plaintext), node.final()]);
        const tag = node.getAuthTag();
        const gcm = new Aes128Gcm(key);
        const mine = gcm.encrypt(iv, plaintext, aad, 12);
        expect(toHex(mine.ciphertext)).toBe(ct.toString('hex'));
        expect(toHex(mine.tag)).toBe(tag.toString('hex'));
        expect(toHex(gcm.decrypt(iv, ct, aad, tag)!)).toBe(toHex(plaintext));
      }),
      { numRuns: 500 },
    );
  });

  it('rejects keys, IVs and tags of the wrong size', () => {
    expect(() => new Aes128Gcm(new Uint8Array(15))).toThrow(RangeError);
    const gcm = new Aes128Gcm(new Uint8Array(16));
    expect(() => gcm.decrypt(new Uint8Array(16), new Uint8Array(1), new Uint8Array(0), new Uint8Array(12))).toThrow(RangeError);
    expect(() => gcm.decrypt(new Uint8Array(12), new Uint8Array(1), new Uint8Array(0), new Uint8Array(8))).toThrow(RangeError);
  });
});
