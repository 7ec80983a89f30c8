import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FrameDecoderOptions, FrameDecoder, framingOf } from './frame-decoder.js';
import { intactFrame } from './intact-frame.js';
import { ascii, body, seal, sealX25 } from '../test/helpers.js';

const TELEGRAMS = [
  seal(body('KFM5KAIFA-METER', ['1-3:0.2.8(42)', '0-0:1.0.0(240105120000W)', '1-0:1.8.1(000100.000*kWh)'])),
  seal(body('ISk5\\2M550T-1012', ['1-3:0.2.8(50)', '0-0:96.13.0(48656C6C6F)', '0-1:24.2.1(240105120000W)(01234.567*m3)']), false),
  seal(body('HLY5/D545-METER', ['0-0:96.13.0(a/b)'])).replace('\r\n!', '\n!'),
  sealX25(body('HLY5\\2D545', ['1-0:1.8.0(000123.456*kWh)'])),
  body('KMP5 ZABF001587315111', ['0-1:24.3.0(231114150000)(08)(60)(1)(0-1:24.2.1)(m3)', '(02345.678)']) + '\r\n',
  seal('/ABC5 x\r\n!'),
];

/** A telegram, then damaged or not: bytes changed, cut, noise before or after it. */
const damaged = fc
  .tuple(
    fc.constantFrom(...TELEGRAMS),
    fc.oneof(
      { arbitrary: fc.constant([]), weight: 2 },
      { arbitrary: fc.array(fc.tuple(fc.nat(), fc.constantFrom(0x2f, 0x21, 0x0d, 0x0a, 0x00, 0x30, 0x41, 0xff, 0xaf)), { maxLength: 3 }), weight: 3 },
    ),
    fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: fc.nat(), weight: 1 }),
    fc.constantFrom('', 'x', '\r\n', '/', '!', '/ABC5'),
    fc.constantFrom('', '\r\n', '/KFM5 next\r\n', '0', '\x00', 'A\r\n'),
  )
  .map(([telegram, changes, cut, before, after]) => {
    const bytes = ascii(before + telegram + after);
    for (const [at, byte] of changes) bytes[at % bytes.length] = byte;
    return cut === undefined ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
  });
const options = fc.record({
  maxFrameSize: fc.constantFrom(undefined, undefined, 16, 40, 70, 100, 16384),
  crcAlgorithm: fc.constantFrom(undefined, 'arc' as const, 'x25' as const),
  sevenBit: fc.boolean(),
});

/** What a `FrameDecoder` cuts from `bytes`, given in one push or as the first bytes of more. */
function decoded(bytes: Uint8Array, decoderOptions: FrameDecoderOptions, more?: Uint8Array) {
  const decoder = new FrameDecoder(decoderOptions);
  return [...decoder.push(bytes), ...(more ? decoder.push(more) : []), ...decoder.end()];
}

function cut(bytes: Uint8Array, decoderOptions: FrameDecoderOptions, whole = true) {
  const framing = framingOf(decoderOptions);
  const seen = framing.sevenBit ? bytes.map((b) => b & 0x7f) : bytes;
  return intactFrame(seen, whole, framing);
}

describe('intactFrame', () => {
  it('cuts exactly the frame a FrameDecoder cuts first, whenever it cuts one', () => {
    let cuts = 0;
    fc.assert(
      fc.property(damaged, options, (bytes, decoderOptions) => {
        const frame = cut(bytes, decoderOptions);
        if (frame === undefined) return;
        cuts++;
        expect(decoded(bytes, decoderOptions)[0]).toEqual({ type: 'frame', frame });
      }),
      { numRuns: 5000 },
    );
    expect(cuts).toBeGreaterThan(150); // the property held for frames it did cut, not only for refusals
  });

  it('cuts from the first piece of a longer input only a frame that what follows cannot change', () => {
    fc.assert(
      fc.property(damaged, fc.constantFrom('', '\r\n', '\n', '0', 'A', '\x00', '\r', '/ABC5 x\r\n!'), (bytes, next) => {
        const frame = cut(bytes, {}, false);
        if (frame !== undefined) expect(decoded(bytes, {}, ascii(next))[0]).toEqual({ type: 'frame', frame });
      }),
      { numRuns: 3000 },
    );
  });

  it('cuts an intact telegram ending in CR LF, in LF, or at the end of the whole input', () => {
    const telegram = TELEGRAMS[0]!;
    const bare = telegram.slice(0, -2);
    for (const [text, raw] of [
      [telegram, telegram],
      [`${bare}\n`, `${bare}\n`],
      [bare, bare],
      [`noise${telegram}/KFM5 next`, telegram],
    ]) {
      const frame = cut(ascii(text!), {});
      expect(frame?.raw).toBe(raw);
      expect(frame?.crc?.valid).toBe(true);
    }
    expect(cut(ascii(TELEGRAMS[3]!), { crcAlgorithm: 'x25' })?.crc?.valid).toBe(true);
  });

  it.each([
    ['a CRC that does not match', TELEGRAMS[0]!.replace('000100', '000101')],
    ['no CRC', TELEGRAMS[4]!],
    ['a fifth CRC digit', TELEGRAMS[0]!.replace(/\r\n$/, '0\r\n')],
    ['a NUL after the CRC', TELEGRAMS[0]!.replace(/\r\n$/, '\x00\r\n')],
    ['a header that is not one', TELEGRAMS[0]!.replace('KFM5', 'K M5')],
    ['no end line', TELEGRAMS[0]!.slice(0, TELEGRAMS[0]!.indexOf('!'))],
  ])('leaves a frame with %s to the decoder', (_, text) => {
    expect(cut(ascii(text), {})).toBeUndefined();
  });

  it('leaves a frame that may go on in the next piece, or is too large, to the decoder', () => {
    const telegram = TELEGRAMS[1]!; // ends right after its CRC
    expect(cut(ascii(telegram), {}, false)).toBeUndefined();
    expect(cut(ascii(telegram), { maxFrameSize: telegram.length - 5 })).toBeUndefined();
    expect(cut(ascii(telegram), { maxFrameSize: telegram.length - 4 })?.raw).toBe(telegram);
  });
});
