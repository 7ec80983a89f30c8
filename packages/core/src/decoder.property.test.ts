import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameDecoder, type FrameResult, isP1Error, parseFrame, parseTelegram, TelegramDecoder } from './index.js';
import { ascii, bitwiseCrc16, body, seal } from '../test/helpers.js';

const TELEGRAMS = [
  seal(body('KFM5KAIFA-METER', ['1-3:0.2.8(42)', '0-0:1.0.0(240105120000W)', '1-0:1.8.1(000100.000*kWh)'])),
  seal(body('FLU5\\253769484_A', ['0-0:96.1.4(50217)', '0-0:96.13.0(48656C6C6F)', '1-0:1.4.0(02.351*kW)'])),
  body('KMP5 ZABF001587315111', ['0-1:24.3.0(231114150000)(08)(60)(1)(0-1:24.2.1)(m3)', '(02345.678)']) + '\r\n',
  seal(body('HLY5/D545-METER', ['0-0:96.13.0(a/b)'])),
];
/** The same with their line endings rewritten to LF by middleware: a CRC then matches only with CR restored. */
const LF_ONLY = TELEGRAMS.map((t) => t.replace(/\r\n/g, '\n'));

/** Streams built from pieces that exercise the framer: telegrams, their fragments, and lookalike bytes. */
const piece = fc.oneof(
  fc.constantFrom(...TELEGRAMS),
  fc.constantFrom(...LF_ONLY),
  fc.constantFrom(...TELEGRAMS, ...LF_ONLY).chain((t) => fc.nat(t.length).map((n) => t.slice(0, n))),
  fc.constantFrom('/', '!', '\r\n', '\n', '(', ')', 'ABC5', '\x00', '\xff', '1234', '!0000\r\n', '/XYZ5 x\r\n'),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => String.fromCharCode(...bytes)),
);
const stream = fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join(''));

/** Cuts `text` at the given points into chunks. */
function chunked(text: string, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, text.length]) {
    chunks.push(ascii(text.slice(from, p)));
    from = p;
  }
  return chunks;
}

function run(chunks: Uint8Array[], decoder = new FrameDecoder()): FrameResult[] {
  return [...chunks.flatMap((c) => decoder.push(c)), ...decoder.end()];
}

/** CRC a frame claims valid, recomputed independently from its raw text (with CR put back before each LF when restored). */
function checkClaim(raw: string, restored = false): boolean {
  const m = /!([0-9A-Fa-f]{1,4})[\r\n\x00]*$/.exec(raw);
  if (!m) return false;
  const checked = raw.slice(0, m.index + 1);
  if (restored && checked.includes('\r')) return false;
  return bitwiseCrc16(ascii(restored ? checked.replace(/\n/g, '\r\n') : checked)) === parseInt(m[1]!, 16);
}

describe('decoder properties', () => {
  it('never throws on arbitrary bytes, and never marks a wrong CRC valid', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        for (const r of run([bytes])) {
          if (r.type === 'frame' && r.frame.crc?.valid) expect(checkClaim(r.frame.raw, r.frame.lineEndingsRestored)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never marks a wrong CRC valid in streams of telegram pieces, and parses every frame without throwing', () => {
    fc.assert(
      fc.property(stream, (text) => {
        const decoder = new TelegramDecoder({ crc: 'lenient' });
        const results = [...decoder.push(text), ...decoder.end()];
        for (const r of results) {
          // Reading the content is what runs the (lazy) parser.
          if (r.type === 'telegram') expect(Object.keys(r.telegram.toJSON().reading)).toContain('electricity');
          if (r.type === 'telegram' && r.telegram.crc?.valid) {
            expect(checkClaim(r.telegram.raw, r.telegram.issues.some((i) => i.code === 'line-endings-restored'))).toBe(true);
          }
          if (r.type === 'error') expect(isP1Error(r.error)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('yields the same telegrams and errors for any chunking of a stream', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 30 }), (text, cuts) => {
        const whole = run([ascii(text)]);
        const pieces = run(chunked(text, cuts));
        const view = (rs: FrameResult[]) => rs.map((r) => (r.type === 'frame' ? r.frame : r.error.code + (r.error.raw ?? '')));
        expect(view(pieces)).toEqual(view(whole));
      }),
      { numRuns: 500 },
    );
  });

  it('delivers every valid telegram of a stream cut byte by byte', () => {
    const text = `noise${TELEGRAMS.join('garbage\r\n')}`;
    const results = run(chunked(text, [...Array(text.length).keys()]));
    const frames = results.filter((r) => r.type === 'frame').map((r) => (r.type === 'frame' ? r.frame.raw : ''));
    expect(frames).toEqual(TELEGRAMS);
  });

  it('parses arbitrary telegram-shaped text without throwing', () => {
    const line = fc.stringMatching(/^[0-9:.*()\-A-Za-z/!]{0,40}$/);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
        const raw = `/XYZ5 T\r\n\r\n${lines.join('\r\n')}\r\n!`;
        const telegram = parseFrame({ raw, crc: null, lineEndingsRestored: false });
        expect(telegram.header).toBe('XYZ5 T');
        // A telegram parses its content on first use: read all of it, or the parser never runs.
        const { reading, objects, issues } = telegram.toJSON();
        expect(reading.meterType).toBe('XYZ5 T');
        expect(objects.length).toBeLessThanOrEqual(lines.length);
        for (const issue of issues) expect(issue.code).toMatch(/^[a-z-]+$/);
        try {
          expect(parseTelegram(raw).toJSON().reading).toBeTypeOf('object');
        } catch (error) {
          expect(isP1Error(error)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps its memory under the cap in a garbage flood', () => {
    const maxFrameSize = 4096;
    const decoder = new FrameDecoder({ maxFrameSize });
    const flood = ascii('/ABC5 never ends\r\n1-0:1.8.1(000001.000*kWh)\r\n'.repeat(2000));
    let errors = 0;
    for (let round = 0; round < 50; round++) {
      for (const r of decoder.push(flood)) {
        expect(r.type).toBe('error');
        errors++;
      }
      const internal = decoder as unknown as { buf: Uint8Array; len: number };
      expect(internal.buf.length).toBeLessThanOrEqual(maxFrameSize + 16);
      expect(internal.len).toBeLessThanOrEqual(maxFrameSize);
    }
    // ~4.5 MB of frames without an end: one frame-too-large per cap's worth, never an accumulating backlog.
    expect(errors).toBeGreaterThan(1000);
    expect(errors).toBeLessThan((flood.length * 50) / (maxFrameSize / 2));
    expect(decoder.stats.tooLarge).toBe(errors);
  });
});
