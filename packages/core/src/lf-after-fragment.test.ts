import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DecodeResult, FrameDecoder, type FrameResult, TelegramDecoder } from './index.js';
import { ascii, body, FIXTURES, seal } from '../test/helpers.js';

// An LF-only telegram (middleware rewrote CR LF to LF) whose '/' arrives while the decoder still holds a telegram
// that never got its end: its CRC, computed over CR LF, must be found from that inner header with CR restored.

const lfOnly = (text: string) => text.replace(/\r\n/g, '\n');

/** Real telegrams (CRC valid over CR LF) from the fixtures, with their line endings rewritten to LF. */
const REAL_LF = [
  'emucs17-fluvius-capacity-13-months',
  'dsmr5-iskra-am550-three-phase',
  'emucs14-siconia-s211-single-phase',
  'dsmr422-kaifa-ma304c-three-phase',
].map((name) => lfOnly(readFileSync(join(FIXTURES, 'telegrams', `${name}.txt`), 'latin1')));

type Result = FrameResult | DecodeResult;
type Decoder = { push(chunk: Uint8Array): Result[]; end(): Result[] };

/** Everything `decoder` makes of `chunks`, its end included. */
function decodeChunks(chunks: string[], decoder: Decoder = new TelegramDecoder()): Result[] {
  return [...chunks.flatMap((c) => decoder.push(ascii(c))), ...decoder.end()];
}

/** `text` cut into chunks of `size` bytes. */
function chunksOf(text: string, size: number): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
  return chunks;
}

/** What a result says, comparable across decoders and chunkings. */
function view(r: Result) {
  if (r.type === 'error') return { error: r.error.code, raw: r.error.raw };
  if (r.type === 'frame') return { raw: r.frame.raw, crc: r.frame.crc, restored: r.frame.lineEndingsRestored };
  return { raw: r.telegram.raw, crc: r.telegram.crc, issues: r.telegram.issues.map((i) => i.code) };
}

describe('an LF-only telegram after a cut-off fragment', () => {
  // The minimal repro: a fragment cut inside a value, then the whole telegram, its CRC 4F47 over CR LF.
  const telegram = lfOnly(seal(body('XYZ5\\EXAMPLE', ['1-0:1.8.1(000123.456*kWh)'])));
  const fragment = '/XYZ5\\EXAMPLE\n\n1-0:1.8.1(0001';

  it('is delivered with CR restored (the minimal repro)', () => {
    expect(telegram).toBe('/XYZ5\\EXAMPLE\n\n1-0:1.8.1(000123.456*kWh)\n!4F47\n');
    const frames = decodeChunks([fragment + telegram], new FrameDecoder()).map(view);
    expect(frames).toEqual([
      { error: 'incomplete', raw: fragment },
      { raw: telegram, crc: { expected: 0x4f47, actual: 0x4f47, valid: true }, restored: true },
    ]);
    const [cut, delivered] = decodeChunks([fragment + telegram]);
    expect(cut).toMatchObject({ type: 'error', error: { code: 'incomplete' } });
    if (delivered?.type !== 'telegram') throw new Error(`expected a telegram, got ${JSON.stringify(view(delivered!))}`);
    expect(delivered.telegram.issues.map((i) => i.code)).toEqual(['line-endings-restored']);
    expect(delivered.telegram.reading.electricity.received.tariff1?.reading).toBe(123.456);
  });

  it('is delivered when the fragment was cut at a line end, so that the new "/" starts a line', () => {
    const atLineEnd = '/XYZ5\\EXAMPLE\n\n1-0:1.8.2(000001.000*kWh)\n';
    expect(decodeChunks([atLineEnd + telegram], new FrameDecoder()).map(view)).toEqual([
      { error: 'incomplete', raw: atLineEnd },
      { raw: telegram, crc: { expected: 0x4f47, actual: 0x4f47, valid: true }, restored: true },
    ]);
  });

  it('is delivered after a fragment that still has its CR LF line ends', () => {
    const crlfFragment = '/XYZ5\\EXAMPLE\r\n\r\n1-0:1.8.1(0001';
    expect(decodeChunks([crlfFragment + telegram], new FrameDecoder()).map(view)).toEqual([
      { error: 'incomplete', raw: crlfFragment },
      { raw: telegram, crc: { expected: 0x4f47, actual: 0x4f47, valid: true }, restored: true },
    ]);
  });

  it('a CR LF telegram after an LF fragment matches as received: no line ends restored', () => {
    const crlf = seal(body('XYZ5\\EXAMPLE', ['1-0:1.8.1(000123.456*kWh)']));
    expect(decodeChunks([fragment + crlf], new FrameDecoder()).map(view)).toEqual([
      { error: 'incomplete', raw: fragment },
      { raw: crlf, crc: { expected: 0x4f47, actual: 0x4f47, valid: true }, restored: false },
    ]);
  });

  it('is still dropped as crc-mismatch when its CRC matches neither as received nor with CR restored', () => {
    const damaged = telegram.replace('123.456', '123.457');
    const results = decodeChunks([fragment + damaged]);
    expect(results.map((r) => (r.type === 'error' ? r.error.code : 'telegram'))).toEqual(['incomplete', 'crc-mismatch']);
    const [, frame] = decodeChunks([fragment + damaged], new FrameDecoder());
    expect(frame).toMatchObject({ type: 'frame', frame: { raw: damaged, lineEndingsRestored: false, crc: { valid: false } } });
  });

  it('in a stream of LF-only telegrams with a cut one in between: the same results whole, in small chunks, byte by byte', () => {
    const [first, second, third, fourth] = REAL_LF as [string, string, string, string];
    expect(third.indexOf('1-0:2.8.1')).toBeGreaterThan(0);
    const cut = third.slice(0, third.indexOf('1-0:2.8.1') + 12); // inside a value: the next '/' does not start a line
    const text = `${first}${second}${cut}${fourth}${first}`;
    const whole = decodeChunks([text]);
    const restored = (raw: string) => ({
      raw,
      crc: expect.objectContaining({ valid: true }),
      issues: expect.arrayContaining(['line-endings-restored']),
    });
    expect(whole.map(view)).toEqual([
      restored(first),
      restored(second),
      { error: 'incomplete', raw: cut },
      restored(fourth),
      restored(first),
    ]);
    for (const size of [1, 2, 3, 7, 16, 61, 64, 500]) {
      expect(decodeChunks(chunksOf(text, size)).map(view), `chunks of ${size}`).toEqual(whole.map(view));
    }
    const frames = new FrameDecoder();
    const restoredFlags = decodeChunks(chunksOf(text, 1), frames).map((r) => r.type === 'frame' && r.frame.lineEndingsRestored);
    expect(restoredFlags).toEqual([true, true, false, true, true]);
    expect(frames.stats).toMatchObject({ frames: 4, incomplete: 1, garbageFrames: 0 });
  });
});
