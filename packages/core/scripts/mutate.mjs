// Mutations of real telegrams, for the fuzz test (test/fuzz.property.test.ts) and the fuzz script (fuzz.mjs): the
// damage a serial line, a gateway or a wrong setting does. Plain JS over byte arrays, so that both can use it.

/** mulberry32: a small seeded PRNG, returning floats in [0, 1). */
export function createRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `size` random bytes. */
export function randomBytes(random, size) {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (random() * 256) | 0;
  return out;
}

/** The characters that frame and structure a telegram: the likeliest to do harm where they do not belong. */
const FRAMING = [0x21, 0x2f, 0x0d, 0x0a, 0x28, 0x29, 0x2a, 0x00, 0x30, 0x31, 0x41, 0xff];

const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** One mutation each: a name (for the figures) and what it does to `bytes`. */
export const MUTATIONS = [
  ['flip a bit', (r, b) => { const out = b.slice(); const i = (r() * b.length) | 0; out[i] ^= 1 << ((r() * 8) | 0); return out; }],
  ['replace a byte', (r, b) => { const out = b.slice(); out[(r() * b.length) | 0] = (r() * 256) | 0; return out; }],
  ['put a framing character', (r, b) => { const out = b.slice(); out[(r() * b.length) | 0] = FRAMING[(r() * FRAMING.length) | 0]; return out; }],
  ['drop bytes', (r, b) => { const i = (r() * b.length) | 0; return concat(b.subarray(0, i), b.subarray(Math.min(b.length, i + 1 + ((r() * 40) | 0)))); }],
  ['insert random bytes', (r, b) => { const i = (r() * b.length) | 0; return concat(b.subarray(0, i), randomBytes(r, 1 + ((r() * 20) | 0)), b.subarray(i)); }],
  ['repeat a slice', (r, b) => { const i = (r() * b.length) | 0; const j = Math.min(b.length, i + ((r() * 200) | 0)); return concat(b.subarray(0, j), b.subarray(i, j), b.subarray(j)); }],
  ['cut the end', (r, b) => b.subarray(0, (r() * b.length) | 0)],
  ['LF line endings', (_r, b) => Uint8Array.from([...b].filter((x) => x !== 0x0d))],
];

/** `bytes` with 1 to 3 mutations; returns the bytes and the names of what was done. */
export function mutate(random, bytes) {
  let out = bytes;
  const names = [];
  const count = 1 + ((random() * 3) | 0);
  for (let k = 0; k < count && out.length > 0; k++) {
    const [name, apply] = MUTATIONS[(random() * MUTATIONS.length) | 0];
    out = apply(random, out);
    names.push(name);
  }
  return { bytes: out, names };
}

/** `bytes` cut into chunks at random points (1 to 40 bytes apart, or a few large pieces). */
export function randomChunks(random, bytes) {
  const chunks = [];
  const small = random() < 0.5;
  for (let i = 0; i < bytes.length; ) {
    const size = small ? 1 + ((random() * 40) | 0) : 1 + ((random() * bytes.length) | 0);
    chunks.push(bytes.subarray(i, i + size));
    i += size;
  }
  return chunks;
}

// The invariants, checked independently of the decoder: a bitwise CRC and regular expressions.

/** Bitwise CRC-16/ARC (spec digest §2.2). */
export function bitwiseCrc16(bytes, start = 0, end = bytes.length) {
  let crc = 0;
  for (let i = start; i < end; i++) {
    crc ^= bytes[i];
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

const HEADER = /^\/[A-Za-z]{3}[\x21-\x7e][\x20-\x7e]*\r?\n/;
const COSEM_LINE = /(^|\n)\d{1,3}-\d{1,3}:\d{1,3}[.:]\d{1,3}[.:]\d{1,3}([.*]\d{1,3})?\(.*\)\r?\n/;
const CONTROL = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]/;

/**
 * What is wrong with a telegram the decoder delivered, in words, or null. `crcProfile`: whether its standard has a
 * CRC. Delivered means: a CRC profile's telegram carries a CRC that matches its bytes (checked here, bitwise), or
 * one without a CRC is P1 text: a header, printable lines, at least one COSEM line.
 */
export function deliveredProblem(telegram, crcProfile, { lenient = false } = {}) {
  const raw = telegram.raw;
  const bang = raw.lastIndexOf('!');
  const bytes = Uint8Array.from(raw, (c) => c.charCodeAt(0));
  const carried = /^!([0-9A-Fa-f]{1,4})/.exec(raw.slice(bang));
  if (!HEADER.test(raw)) return 'no header';
  if (bang < 1 || raw[bang - 1] !== '\n') return 'no end line';
  if (telegram.crc === null) {
    if (crcProfile) return `no CRC in a ${telegram.profile} telegram`;
    if (carried !== null) return 'a CRC that was not checked';
  } else {
    if (carried === null || parseInt(carried[1], 16) !== telegram.crc.expected) return 'a CRC other than the one it carries';
    // A telegram whose line endings were restored must match with CR put back before each LF of an LF-only body.
    const restored = telegram.issues.some((i) => i.code === 'line-endings-restored');
    const checked = restored ? withCrBeforeLf(bytes.subarray(0, bang + 1)) : bytes.subarray(0, bang + 1);
    const valid = checked !== null && bitwiseCrc16(checked) === telegram.crc.expected;
    if (telegram.crc.valid && !valid) return restored ? 'a wrong CRC marked valid with CR restored' : 'a wrong CRC marked valid';
    if (!telegram.crc.valid && !lenient) return 'a wrong CRC delivered in strict mode';
    if (telegram.crc.valid) return null; // the CRC vouches for the rest
  }
  const lines = raw.slice(0, bang);
  if (CONTROL.test(lines)) return 'control bytes in an unverified telegram';
  if (!COSEM_LINE.test(lines)) return 'no COSEM line in an unverified telegram';
  return null;
}

/** `bytes` with CR put back before each LF, or null when they hold a CR already (not an LF-only telegram). */
function withCrBeforeLf(bytes) {
  if (bytes.includes(0x0d)) return null;
  return Uint8Array.from([...bytes].flatMap((b) => (b === 0x0a ? [0x0d, 0x0a] : [b])));
}
