// AES-128-GCM (NIST SP 800-38D) in plain TypeScript, synchronous, for the Smarty decryption stage: WebCrypto's
// AES-GCM is async and the decoders are sync (see README, "Encrypted meters"). Verified against the NIST GCM test
// vectors and against Node's crypto on random inputs (test/aes-128-gcm.test.ts).
//
// Table-driven (32-bit T-tables for AES, Shoup's 8-bit tables for GHASH), like most software AES: the memory
// accesses depend on the key, so the code is not constant-time against a program that shares the CPU cache and
// times it. That is acceptable for this use (the key protects readings a meter sends over a cable to its owner);
// the tag comparison, the one place where timing would help a remote forger, is constant-time.

/** The AES S-box, computed from its definition (multiplicative inverse in GF(2^8), then the affine map). */
const SBOX = new Uint8Array(256);
/** T-tables: SubBytes, ShiftRows and MixColumns of one byte position in one 32-bit lookup each. */
const T0 = new Uint32Array(256);
const T1 = new Uint32Array(256);
const T2 = new Uint32Array(256);
const T3 = new Uint32Array(256);

(function buildTables(): void {
  // Walk the field with the generator 3: pow[i] = 3^i, log[3^i] = i.
  const pow = new Uint8Array(255);
  const log = new Uint8Array(256);
  for (let i = 0, x = 1; i < 255; i++) {
    pow[i] = x;
    log[x] = i;
    x ^= xtime(x); // x * 3
  }
  for (let a = 0; a < 256; a++) {
    const inverse = a === 0 ? 0 : pow[(255 - log[a]!) % 255]!;
    let s = inverse;
    for (let r = 1; r <= 4; r++) s ^= ((inverse << r) | (inverse >>> (8 - r))) & 0xff;
    SBOX[a] = s ^ 0x63;
  }
  for (let a = 0; a < 256; a++) {
    const s = SBOX[a]!;
    const s2 = xtime(s);
    const s3 = s2 ^ s;
    const t = ((s2 << 24) | (s << 16) | (s << 8) | s3) >>> 0;
    T0[a] = t;
    T1[a] = ((t >>> 8) | (t << 24)) >>> 0;
    T2[a] = ((t >>> 16) | (t << 16)) >>> 0;
    T3[a] = ((t >>> 24) | (t << 8)) >>> 0;
  }
})();

function xtime(x: number): number {
  return ((x << 1) ^ (x & 0x80 ? 0x1b : 0)) & 0xff;
}

/** The 44 round-key words of AES-128. */
function expandKey(key: Uint8Array): Uint32Array {
  const w = new Uint32Array(44);
  for (let i = 0; i < 4; i++) w[i] = ((key[4 * i]! << 24) | (key[4 * i + 1]! << 16) | (key[4 * i + 2]! << 8) | key[4 * i + 3]!) >>> 0;
  let rcon = 1;
  for (let i = 4; i < 44; i++) {
    let t = w[i - 1]!;
    if (i % 4 === 0) {
      t = ((SBOX[(t >>> 16) & 0xff]! << 24) | (SBOX[(t >>> 8) & 0xff]! << 16) | (SBOX[t & 0xff]! << 8) | SBOX[t >>> 24]!) ^ (rcon << 24);
      rcon = xtime(rcon);
    }
    w[i] = (w[i - 4]! ^ t) >>> 0;
  }
  return w;
}

/** Encrypts the block `s0..s3` (big-endian words) with the round keys `w`; writes the result to `out`. */
function encryptBlock(w: Uint32Array, s0: number, s1: number, s2: number, s3: number, out: Uint32Array): void {
  s0 ^= w[0]!;
  s1 ^= w[1]!;
  s2 ^= w[2]!;
  s3 ^= w[3]!;
  let k = 4;
  for (let round = 1; round < 10; round++, k += 4) {
    const t0 = T0[s0 >>> 24]! ^ T1[(s1 >>> 16) & 0xff]! ^ T2[(s2 >>> 8) & 0xff]! ^ T3[s3 & 0xff]! ^ w[k]!;
    const t1 = T0[s1 >>> 24]! ^ T1[(s2 >>> 16) & 0xff]! ^ T2[(s3 >>> 8) & 0xff]! ^ T3[s0 & 0xff]! ^ w[k + 1]!;
    const t2 = T0[s2 >>> 24]! ^ T1[(s3 >>> 16) & 0xff]! ^ T2[(s0 >>> 8) & 0xff]! ^ T3[s1 & 0xff]! ^ w[k + 2]!;
    const t3 = T0[s3 >>> 24]! ^ T1[(s0 >>> 16) & 0xff]! ^ T2[(s1 >>> 8) & 0xff]! ^ T3[s2 & 0xff]! ^ w[k + 3]!;
    s0 = t0;
    s1 = t1;
    s2 = t2;
    s3 = t3;
  }
  // The last round has no MixColumns: S-box bytes only.
  out[0] = (((SBOX[s0 >>> 24]! << 24) | (SBOX[(s1 >>> 16) & 0xff]! << 16) | (SBOX[(s2 >>> 8) & 0xff]! << 8) | SBOX[s3 & 0xff]!) ^ w[40]!) >>> 0;
  out[1] = (((SBOX[s1 >>> 24]! << 24) | (SBOX[(s2 >>> 16) & 0xff]! << 16) | (SBOX[(s3 >>> 8) & 0xff]! << 8) | SBOX[s0 & 0xff]!) ^ w[41]!) >>> 0;
  out[2] = (((SBOX[s2 >>> 24]! << 24) | (SBOX[(s3 >>> 16) & 0xff]! << 16) | (SBOX[(s0 >>> 8) & 0xff]! << 8) | SBOX[s1 & 0xff]!) ^ w[42]!) >>> 0;
  out[3] = (((SBOX[s3 >>> 24]! << 24) | (SBOX[(s0 >>> 16) & 0xff]! << 16) | (SBOX[(s1 >>> 8) & 0xff]! << 8) | SBOX[s2 & 0xff]!) ^ w[43]!) >>> 0;
}

/**
 * GHASH's reduction for an 8-bit step: the 8 bits shifted out of z, times the GCM polynomial, as they land in the
 * top word. Computed, one bit at a time, from the definition (a 1 leaving on the right adds 0xE1 at the top).
 */
const LAST8 = new Uint32Array(256);
for (let r = 0; r < 256; r++) {
  let top = 0;
  let low = r;
  for (let bit = 0; bit < 8; bit++) {
    const out = low & 1;
    low >>>= 1;
    top = (top >>> 1) ^ (out ? 0xe1000000 : 0);
  }
  LAST8[r] = top >>> 0;
}

/** Shoup's 8-bit table for H: entry b (a byte, its high bit first) is b * H in GCM's bit order, 4 words each. */
function ghashTable(h: Uint32Array): Uint32Array {
  const t = new Uint32Array(256 * 4);
  t.set(h, 128 * 4);
  for (let i = 64; i > 0; i >>= 1) {
    // t[i] = t[2i] * x: one bit to the right, reduced by the polynomial when a bit falls off the end.
    const s = 8 * i;
    const carry = t[s + 3]! & 1;
    t[4 * i + 3] = (t[s + 3]! >>> 1) | (t[s + 2]! << 31);
    t[4 * i + 2] = (t[s + 2]! >>> 1) | (t[s + 1]! << 31);
    t[4 * i + 1] = (t[s + 1]! >>> 1) | (t[s]! << 31);
    t[4 * i] = (t[s]! >>> 1) ^ (carry ? 0xe1000000 : 0);
  }
  for (let i = 2; i <= 128; i <<= 1) {
    for (let j = 1; j < i; j++) for (let k = 0; k < 4; k++) t[4 * (i + j) + k] = t[4 * i + k]! ^ t[4 * j + k]!;
  }
  return t;
}

/** A key ready for AES-128-GCM with 96-bit IVs. Decryption checks the tag before it writes any plaintext. */
export class Aes128Gcm {
  readonly #roundKeys: Uint32Array;
  readonly #table: Uint32Array;
  // Scratch state, reused: one GCM operation at a time (JS is single-threaded and nothing here awaits).
  readonly #block = new Uint32Array(4);
  readonly #hash = new Uint32Array(4);

  /** `key`: 16 bytes. */
  constructor(key: Uint8Array) {
    if (key.length !== 16) throw new RangeError(`an AES-128 key has 16 bytes, got ${key.length}`);
    this.#roundKeys = expandKey(key);
    const h = new Uint32Array(4);
    encryptBlock(this.#roundKeys, 0, 0, 0, 0, h);
    this.#table = ghashTable(h);
  }

  /** The ciphertext of `plaintext` and its tag (`tagLength` bytes, 12 for DLMS). */
  encrypt(iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, tagLength = 16): { ciphertext: Uint8Array; tag: Uint8Array } {
    checkIv(iv);
    const ciphertext = new Uint8Array(plaintext.length);
    this.#ctr(iv, plaintext, ciphertext);
    return { ciphertext, tag: this.#tag(iv, aad, ciphertext).subarray(0, tagLength) };
  }

  /** The plaintext, or null when the tag does not match (wrong key, wrong AAD, changed bytes). */
  decrypt(iv: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array, tag: Uint8Array): Uint8Array | null {
    checkIv(iv);
    if (tag.length < 12 || tag.length > 16) throw new RangeError(`a GCM tag here has 12-16 bytes, got ${tag.length}`);
    const expected = this.#tag(iv, aad, ciphertext);
    let diff = 0;
    for (let i = 0; i < tag.length; i++) diff |= expected[i]! ^ tag[i]!;
    if (diff !== 0) return null;
    const plaintext = new Uint8Array(ciphertext.length);
    this.#ctr(iv, ciphertext, plaintext);
    return plaintext;
  }

  /** Counter mode from inc32(J0), J0 = IV || 00000001. */
  #ctr(iv: Uint8Array, input: Uint8Array, output: Uint8Array): void {
    const c0 = word(iv, 0);
    const c1 = word(iv, 4);
    const c2 = word(iv, 8);
    const block = this.#block;
    let counter = 2;
    for (let at = 0; at < input.length; at += 16, counter = (counter + 1) >>> 0) {
      encryptBlock(this.#roundKeys, c0, c1, c2, counter, block);
      if (at + 16 <= input.length) {
        for (let w = 0; w < 4; w++) {
          const k = block[w]!;
          const o = at + 4 * w;
          output[o] = input[o]! ^ (k >>> 24);
          output[o + 1] = input[o + 1]! ^ ((k >>> 16) & 0xff);
          output[o + 2] = input[o + 2]! ^ ((k >>> 8) & 0xff);
          output[o + 3] = input[o + 3]! ^ (k & 0xff);
        }
        continue;
      }
      for (let i = 0; at + i < input.length; i++) output[at + i] = input[at + i]! ^ ((block[i >> 2]! >>> (24 - 8 * (i & 3))) & 0xff);
    }
  }

  /** The full 16-byte tag: E(K, J0) xor GHASH(AAD, C, lengths). */
  #tag(iv: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Uint8Array {
    const z = this.#hash;
    z.fill(0);
    this.#absorb(aad);
    this.#absorb(ciphertext);
    // The lengths block: the bit lengths of AAD and ciphertext, 64 bits each.
    this.#mixLengths(aad.length * 8, ciphertext.length * 8);
    const block = this.#block;
    encryptBlock(this.#roundKeys, word(iv, 0), word(iv, 4), word(iv, 8), 1, block);
    const tag = new Uint8Array(16);
    for (let i = 0; i < 4; i++) {
      const v = (block[i]! ^ z[i]!) >>> 0;
      tag[4 * i] = v >>> 24;
      tag[4 * i + 1] = (v >>> 16) & 0xff;
      tag[4 * i + 2] = (v >>> 8) & 0xff;
      tag[4 * i + 3] = v & 0xff;
    }
    return tag;
  }

  #mixLengths(aadBits: number, textBits: number): void {
    const z = this.#hash;
    z[0] = z[0]! ^ Math.floor(aadBits / 0x100000000);
    z[1] = z[1]! ^ aadBits;
    z[2] = z[2]! ^ Math.floor(textBits / 0x100000000);
    z[3] = z[3]! ^ textBits;
    this.#multiply();
  }

  /** GHASH over `data`, zero-padded to whole blocks. */
  #absorb(data: Uint8Array): void {
    const z = this.#hash;
    const full = data.length - (data.length % 16);
    for (let at = 0; at < full; at += 16) {
      z[0] = z[0]! ^ word(data, at);
      z[1] = z[1]! ^ word(data, at + 4);
      z[2] = z[2]! ^ word(data, at + 8);
      z[3] = z[3]! ^ word(data, at + 12);
      this.#multiply();
    }
    if (full < data.length) {
      for (let i = full; i < data.length; i++) {
        const k = (i - full) >> 2;
        z[k] = z[k]! ^ (data[i]! << (24 - 8 * ((i - full) & 3)));
      }
      this.#multiply();
    }
  }

  /**
   * z = z * H, eight bits at a time from the last byte to the first (Shoup): in 32-bit words that is each word's
   * bytes from the least significant up, the last word first.
   */
  #multiply(): void {
    const z = this.#hash;
    const t = this.#table;
    let e = 4 * (z[3]! & 0xff);
    let z0 = t[e]!;
    let z1 = t[e + 1]!;
    let z2 = t[e + 2]!;
    let z3 = t[e + 3]!;
    for (let j = 3; j >= 0; j--) {
      const x = z[j]!;
      for (let shift = j === 3 ? 8 : 0; shift < 32; shift += 8) {
        const rem = z3 & 0xff;
        z3 = (z3 >>> 8) | (z2 << 24);
        z2 = (z2 >>> 8) | (z1 << 24);
        z1 = (z1 >>> 8) | (z0 << 24);
        z0 = (z0 >>> 8) ^ LAST8[rem]!;
        e = 4 * ((x >>> shift) & 0xff);
        z0 ^= t[e]!;
        z1 ^= t[e + 1]!;
        z2 ^= t[e + 2]!;
        z3 ^= t[e + 3]!;
      }
    }
    z[0] = z0;
    z[1] = z1;
    z[2] = z2;
    z[3] = z3;
  }
}

function checkIv(iv: Uint8Array): void {
  if (iv.length !== 12) throw new RangeError(`the IV has 12 bytes here (system title + frame counter), got ${iv.length}`);
}

function word(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}
