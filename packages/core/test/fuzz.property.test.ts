// Issue #12's invariants under fast-check, in bounded time (scripts/fuzz.mjs runs the same checks at scale): a
// delivered telegram of a CRC standard has a valid CRC; random bytes never yield a telegram; any chunking yields
// the same results. A fixed number of runs each, with time limits sized for a loaded Raspberry Pi.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DecodeResult, PROFILES, TelegramDecoder, type TelegramDecoderOptions } from '../src/index.js';
// @ts-expect-error: a plain JS module shared with the fuzz script, without type declarations
import { createRandom, deliveredProblem, mutate, randomChunks } from '../scripts/mutate.mjs';
import { loadFixtures } from './helpers.js';

const TELEGRAMS = loadFixtures().map((f) => f.bytes);

function decodeChunks(chunks: Uint8Array[], options: TelegramDecoderOptions): DecodeResult[] {
  const decoder = new TelegramDecoder(options);
  return [...chunks.flatMap((c) => decoder.push(c)), ...decoder.end()];
}

const view = (results: DecodeResult[]) =>
  results.map((r) => (r.type === 'telegram' ? ['telegram', r.telegram.raw, r.telegram.crc, r.telegram.issues] : ['error', r.error.code, r.error.raw]));

/** A stream of one to three real telegrams (fixtures), each mutated 1-3 times, from a seed. */
const mutatedStream = fc.tuple(fc.array(fc.nat(TELEGRAMS.length - 1), { minLength: 1, maxLength: 3 }), fc.integer()).map(([picks, seed]) => {
  const random = createRandom(seed);
  const parts = picks.map((i) => (random() < 0.8 ? mutate(random, TELEGRAMS[i]!).bytes : TELEGRAMS[i]!)) as Uint8Array[];
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);
  return { bytes, chunks: randomChunks(random, bytes) as Uint8Array[] };
});

describe('fuzz invariants (issue #12)', () => {
  it('delivers, from mutated real telegrams, only telegrams with a valid CRC where their standard has one', () => {
    fc.assert(
      fc.property(mutatedStream, ({ bytes }) => {
        for (const crc of ['strict', 'lenient'] as const) {
          for (const r of decodeChunks([bytes], { crc })) {
            if (r.type !== 'telegram') continue;
            expect(deliveredProblem(r.telegram, PROFILES[r.telegram.profile].hasCrc, { lenient: crc === 'lenient' })).toBeNull();
          }
        }
      }),
      { numRuns: 1000 },
    );
  }, 120_000);

  it('gets the same telegrams and errors from a mutated stream however it is cut', () => {
    fc.assert(
      fc.property(mutatedStream, ({ bytes, chunks }) => {
        expect(view(decodeChunks(chunks, { crc: 'lenient' }))).toEqual(view(decodeChunks([bytes], { crc: 'lenient' })));
      }),
      { numRuns: 500 },
    );
  }, 120_000);

  it('never makes a telegram of random bytes, at 8N1 or masked to 7 bits, whatever the CRC policy', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 16384 }), fc.boolean(), fc.constantFrom('strict', 'lenient', 'off'), (bytes, sevenBit, crc) => {
        const results = decodeChunks([bytes], { sevenBit, crc: crc as TelegramDecoderOptions['crc'] });
        expect(results.filter((r) => r.type === 'telegram')).toEqual([]);
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  it('never makes a telegram of random printable text with "/", "!" and line ends mixed in', () => {
    const noise = fc.array(fc.oneof(fc.constantFrom('/', '!', '\r\n', '\n', '(', ')', '/ABC5 x\r\n', '1-0:1.8.1'), fc.string({ maxLength: 12 })), { maxLength: 60 });
    fc.assert(
      fc.property(noise, fc.boolean(), (parts, sevenBit) => {
        for (const r of decodeChunks([Uint8Array.from(parts.join(''), (c) => c.charCodeAt(0) & 0xff)], { crc: 'lenient', sevenBit })) {
          if (r.type === 'telegram') expect(deliveredProblem(r.telegram, PROFILES[r.telegram.profile].hasCrc, { lenient: true })).toBeNull();
        }
      }),
      { numRuns: 500 },
    );
  }, 120_000);
});
