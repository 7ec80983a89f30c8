import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createTelegramDecoder,
  decryptTelegram,
  EncryptedTelegramDecoder,
  isP1Error,
  parseTelegram,
  readTelegrams,
  TelegramDecoder,
  TelegramStream,
  type DecodeResult,
  type EncryptedTelegramDecoderOptions,
  type P1Error,
  type Telegram,
} from './index.js';
import { encryptFrame, randomKey, toHex } from '../test/cipher-frames.js';
import { ascii, body, seal } from '../test/helpers.js';

/** Smarty-like plaintexts: CRC-sealed DSMR 4.2 telegrams whose reading shows which one it was. */
const plaintext = (n: number): string =>
  seal(
    body('Lux5\\253663629_D', [
      '1-3:0.2.8(42)',
      `0-0:1.0.0(2604031754${String(n % 60).padStart(2, '0')}S)`,
      `1-0:1.7.0(${String(n % 100).padStart(2, '0')}.123*kW)`,
      '0-0:96.3.10(1)',
      '1-0:32.7.0(231.0*V)',
    ]),
  );

const key = randomKey();
const options: EncryptedTelegramDecoderOptions = { decryptionKey: toHex(key) };
const frame = (n: number, extra: Partial<Parameters<typeof encryptFrame>[1]> = {}): Uint8Array =>
  encryptFrame(plaintext(n), { key, frameCounter: 1000 + n, ...extra });

function decodeAll(chunks: Uint8Array[], decoder = new EncryptedTelegramDecoder(options)): DecodeResult[] {
  return [...chunks.flatMap((c) => decoder.push(c)), ...decoder.end()];
}
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));
const kinds = (results: DecodeResult[]): string[] => results.map((r) => (r.type === 'telegram' ? `telegram ${r.telegram.decryption?.frameCounter}` : r.error.code));

describe('EncryptedTelegramDecoder', () => {
  it('decrypts a frame made with a key it never saw to the telegram its plaintext gives', () => {
    const results = decodeAll([frame(7)]);
    expect(kinds(results)).toEqual(['telegram 1007']);
    const telegram = (results[0] as { telegram: Telegram }).telegram;
    const plain = parseTelegram(plaintext(7));
    expect(telegram.raw).toBe(plain.raw);
    expect(telegram.reading).toEqual(plain.reading);
    expect(telegram.objects).toEqual(plain.objects);
    expect(telegram.reading.electricity.received.actual).toEqual({ reading: 7.123, unit: 'kW' });
    expect(telegram.decryption).toEqual({ systemTitle: '5341471030700127', frameCounter: 1007, securityControl: 0x30 });
    expect(Object.isFrozen(telegram.decryption)).toBe(true);
  });

  it('says a plain telegram was not decrypted', () => {
    const telegram = parseTelegram(plaintext(1));
    expect(telegram.decryption).toBeUndefined();
    expect('decryption' in telegram).toBe(false);
    expect('decryption' in telegram.toJSON()).toBe(false);
  });

  it('reads the three length forms: one byte, 0x81 + 1 and 0x82 + 2', () => {
    const small = seal(body('Lux5\\X', ['1-0:1.7.0(01.000*kW)']));
    const medium = seal(body('Lux5\\X', ['1-0:1.7.0(01.000*kW)', '1-0:2.7.0(00.000*kW)', '0-0:96.3.10(1)', '1-0:32.7.0(231.0*V)', '1-0:52.7.0(232.0*V)']));
    expect(small.length + 17).toBeLessThan(0x80);
    expect(medium.length + 17).toBeGreaterThan(0x80);
    const frames = [
      encryptFrame(small, { key, frameCounter: 1, lengthForm: 'short' }),
      encryptFrame(medium, { key, frameCounter: 2, lengthForm: 0x81 }),
      encryptFrame(plaintext(3), { key, frameCounter: 3, lengthForm: 0x82 }),
    ];
    expect(kinds(decodeAll(frames))).toEqual(['telegram 1', 'telegram 2', 'telegram 3']);
  });

  it('reports a wrong key as decryption-failed, delivers nothing, and never repeats the key', () => {
    const wrong = randomKey();
    const decoder = new EncryptedTelegramDecoder({ decryptionKey: toHex(wrong) });
    const results = decodeAll([frame(1), frame(2)], decoder);
    expect(kinds(results)).toEqual(['decryption-failed', 'decryption-failed']);
    const error = (results[0] as { error: P1Error }).error;
    expect(isP1Error(error)).toBe(true);
    expect(error.message).toContain('system title 5341471030700127, frame counter 1001');
    expect(error.message).toContain('is decryptionKey the key of this meter');
    expect(error.message).not.toContain(toHex(wrong));
    expect(decoder.stats).toMatchObject({ frames: 2, decrypted: 0, decryptionErrors: 2, telegrams: 0 });
  });

  it('reports a corrupted tag or ciphertext after good frames as noise, and goes on', () => {
    const badTag = frame(2);
    badTag[badTag.length - 1]! ^= 0x01;
    const badText = frame(3);
    badText[40]! ^= 0x20;
    const decoder = new EncryptedTelegramDecoder(options);
    const results = decodeAll([frame(1), badTag, badText, frame(4)], decoder);
    expect(kinds(results)).toEqual(['telegram 1001', 'decryption-failed', 'decryption-failed', 'telegram 1004']);
    expect((results[1] as { error: P1Error }).error.message).toContain('changed on the way');
    expect(decoder.stats).toMatchObject({ frames: 4, decrypted: 2, decryptionErrors: 2, telegrams: 2 });
  });

  it('uses the authentication key it is given (Austrian meters have their own)', () => {
    const ak = 'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
    const f = frame(1, { authenticationKey: ak });
    expect(kinds(decodeAll([f]))).toEqual(['decryption-failed']);
    expect(kinds(decodeAll([f], new EncryptedTelegramDecoder({ ...options, authenticationKey: ak })))).toEqual(['telegram 1001']);
  });

  it('drops a replayed or non-increasing frame counter as frame-counter-replayed, per system title', () => {
    const other = Uint8Array.from([0x4b, 0x46, 0x4d, 1, 2, 3, 4, 5]);
    const decoder = new EncryptedTelegramDecoder(options);
    const results = decodeAll(
      [frame(5), frame(5), frame(4), frame(6), frame(1, { systemTitle: other }), frame(1, { systemTitle: other })],
      decoder,
    );
    expect(kinds(results)).toEqual(['telegram 1005', 'frame-counter-replayed', 'frame-counter-replayed', 'telegram 1006', 'telegram 1001', 'frame-counter-replayed']);
    expect((results[2] as { error: P1Error }).error.message).toContain('not above the last one seen (1005)');
    expect(decoder.stats).toMatchObject({ replayedFrames: 3, telegrams: 3, decrypted: 6 });
  });

  it('lets no forged frame raise the counter: only authentic frames count', () => {
    const forged = frame(9, { frameCounter: 0xfffffff0 });
    forged[forged.length - 3]! ^= 0xff;
    expect(kinds(decodeAll([frame(1), forged, frame(2)]))).toEqual(['telegram 1001', 'decryption-failed', 'telegram 1002']);
  });

  it('reports a security control byte other than 0x30 as unsupported-security and stays in step', () => {
    const encryptedOnly = frame(2, { securityControl: 0x20 });
    const authenticatedOnly = frame(3, { securityControl: 0x10 });
    const decoder = new EncryptedTelegramDecoder(options);
    const results = decodeAll([frame(1), encryptedOnly, authenticatedOnly, frame(4)], decoder);
    expect(kinds(results)).toEqual(['telegram 1001', 'unsupported-security', 'unsupported-security', 'telegram 1004']);
    expect((results[1] as { error: P1Error }).error.message).toContain('security control byte 0x20');
    expect(decoder.stats.unsupportedFrames).toBe(2);
  });

  it('recovers from a frame cut off by lost bytes: reports it incomplete and reads the next', () => {
    const cut = frame(2).subarray(0, frame(2).length - 30);
    const decoder = new EncryptedTelegramDecoder(options);
    const results = decodeAll([frame(1), cut, frame(3), frame(4)], decoder);
    expect(kinds(results)).toEqual(['telegram 1001', 'incomplete', 'telegram 1003', 'telegram 1004']);
    expect(decoder.stats).toMatchObject({ incomplete: 1, decryptionErrors: 0, telegrams: 3 });
  });

  it('recovers when the cut frame swallows the head of the next one only partly', () => {
    const f2 = frame(2);
    const f3 = frame(3);
    // The cut frame ends 5 bytes before its declared end would be reached inside frame 3's head.
    const cut = f2.subarray(0, f2.length - 8);
    expect(kinds(decodeAll([cut, f3, frame(4)]))).toEqual(['incomplete', 'telegram 1003', 'telegram 1004']);
  });

  it('reports a frame the input cuts off at its end as incomplete, a lone 0xDB as garbage', () => {
    expect(kinds(decodeAll([frame(1), frame(2).subarray(0, 100)]))).toEqual(['telegram 1001', 'incomplete']);
    const decoder = new EncryptedTelegramDecoder(options);
    expect(kinds(decodeAll([frame(1), Uint8Array.of(0xdb)], decoder))).toEqual(['telegram 1001']);
    expect(decoder.stats.garbageBytes).toBe(1);
  });

  it('skips garbage around frames, lookalike heads included, and counts it', () => {
    const lookalikes = Uint8Array.of(0xdb, 0xdb, 0x08, 0x41, 0xdb, 0x08, 1, 2, 3, 4, 5, 6, 7, 8, 0x83, 0x2f, 0x21, 0x0d, 0x0a);
    const decoder = new EncryptedTelegramDecoder(options);
    const results = decodeAll([ascii('noise/!\r\n'), frame(1), lookalikes, frame(2), ascii('!0000\r\n')], decoder);
    expect(kinds(results)).toEqual(['telegram 1001', 'telegram 1002']);
    expect(decoder.stats.garbageBytes).toBe(9 + lookalikes.length + 7);
  });

  it('passes the plaintext\'s own errors on, marked as decrypted: a CRC mismatch carries its telegram', () => {
    const broken = plaintext(1).replace('231.0', '232.0');
    const results = decodeAll([encryptFrame(broken, { key, frameCounter: 1 })]);
    expect(kinds(results)).toEqual(['crc-mismatch']);
    const error = (results[0] as { error: P1Error }).error;
    expect(error.telegram?.decryption?.frameCounter).toBe(1);
    const lenient = decodeAll([encryptFrame(broken, { key, frameCounter: 1 })], new EncryptedTelegramDecoder({ ...options, crc: 'lenient' }));
    expect(kinds(lenient)).toEqual(['telegram 1']);
  });

  it('reports a plain telegram between frames as unencrypted-telegram and delivers it not (a key for the wrong meter)', () => {
    const decoder = new EncryptedTelegramDecoder(options);
    const results = decodeAll([frame(1), ascii(`xx${plaintext(2)}`), frame(3), ascii(plaintext(4).slice(0, 40))], decoder);
    expect(kinds(results)).toEqual(['telegram 1001', 'unencrypted-telegram', 'telegram 1003']);
    const error = (results[1] as { error: P1Error }).error;
    expect(error.message).toContain('a plain telegram from "Lux5\\253663629_D" while decryptionKey is set');
    expect(error.raw).toBe(plaintext(2));
    expect(decoder.stats).toMatchObject({ unencryptedTelegrams: 1, telegrams: 2 });
    const plainOnly = new EncryptedTelegramDecoder(options);
    expect(kinds(decodeAll([ascii(plaintext(1) + plaintext(2))], plainOnly))).toEqual(['unencrypted-telegram', 'unencrypted-telegram']);
  });

  it('reports an authentic frame without a telegram inside as no-telegram', () => {
    expect(kinds(decodeAll([encryptFrame('no telegram here', { key, frameCounter: 1 })]))).toEqual(['no-telegram']);
  });

  it('caps a frame at maxFrameSize: a longer length is not a frame', () => {
    const decoder = new EncryptedTelegramDecoder({ ...options, maxFrameSize: 64 });
    expect(kinds(decodeAll([frame(1)], decoder))).toEqual([]);
    expect(decoder.stats.garbageBytes).toBe(frame(1).length);
  });

  it('checks its options and names the one that is wrong, never its value', () => {
    const attempt = (o: Partial<EncryptedTelegramDecoderOptions>) => () => new EncryptedTelegramDecoder({ ...options, ...o });
    expect(attempt({ decryptionKey: 'ABCD' })).toThrow(/decryptionKey must be 32 hex digits .*it has 4 hex digits/);
    expect(attempt({ decryptionKey: 'Z'.repeat(32) })).toThrow(/not hex digits/);
    expect(attempt({ decryptionKey: 'Z'.repeat(32) })).not.toThrow(/ZZZZ/);
    expect(attempt({ decryptionKey: '' })).toThrow(/decryptionKey is required/);
    expect(attempt({ authenticationKey: new Uint8Array(15) })).toThrow(/authenticationKey must be 16 bytes/);
    expect(attempt({ sevenBit: true })).toThrow(/sevenBit cannot be used/);
    expect(() => createTelegramDecoder({ authenticationKey: '00'.repeat(16) })).toThrow(/without decryptionKey/);
    const grouped = toHex(key).match(/.{4}/g)!.join(' ');
    expect(kinds(decodeAll([frame(1)], new EncryptedTelegramDecoder({ decryptionKey: grouped })))).toEqual(['telegram 1001']);
    expect(kinds(decodeAll([frame(1)], new EncryptedTelegramDecoder({ decryptionKey: key })))).toEqual(['telegram 1001']);
  });

  it('is what createTelegramDecoder makes when a decryptionKey is given', () => {
    expect(createTelegramDecoder(options)).toBeInstanceOf(EncryptedTelegramDecoder);
    expect(createTelegramDecoder({ crc: 'lenient' })).toBeInstanceOf(TelegramDecoder);
    expect(createTelegramDecoder({ decryptionKey: '' })).toBeInstanceOf(TelegramDecoder);
  });

  describe('on any input', () => {
    const frames = [frame(1), frame(2), frame(3)];
    const piece = fc.oneof(
      fc.constantFrom(...frames),
      fc.constantFrom(...frames).chain((f) => fc.nat(f.length).map((n) => f.subarray(0, n))),
      fc.constantFrom(Uint8Array.of(0xdb), Uint8Array.of(0xdb, 0x08), Uint8Array.of(0x82, 0x01, 0x00), Uint8Array.of(0x30)),
      fc.uint8Array({ maxLength: 40 }),
    );
    const stream = fc.array(piece, { maxLength: 10 }).map((pieces) => concat(...pieces));

    it('never throws, and delivers only authentic telegrams, each one of the frames', () => {
      fc.assert(
        fc.property(stream, (bytes) => {
          const results = decodeAll([bytes]);
          for (const r of results) {
            if (r.type === 'error') expect(isP1Error(r.error)).toBe(true);
            else expect(r.telegram.raw).toBe(plaintext(r.telegram.decryption!.frameCounter - 1000));
          }
        }),
        { numRuns: 300 },
      );
    });

    it('gives the same results however the stream is cut into chunks', () => {
      fc.assert(
        fc.property(stream, fc.array(fc.nat(), { maxLength: 12 }), (bytes, cuts) => {
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const chunks: Uint8Array[] = [];
          let from = 0;
          for (const p of [...points, bytes.length]) {
            chunks.push(bytes.subarray(from, p));
            from = p;
          }
          const summary = (rs: DecodeResult[]) => rs.map((r) => (r.type === 'telegram' ? r.telegram.raw : `${r.error.code}:${r.error.raw?.length}`));
          expect(summary(decodeAll(chunks))).toEqual(summary(decodeAll([bytes])));
        }),
        { numRuns: 300 },
      );
    });

    it('finds every whole frame that follows garbage without a 0xDB', () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.uint8Array({ maxLength: 30 }).map((g) => g.filter((b) => b !== 0xdb)), fc.constantFrom(0, 1, 2)), { maxLength: 6 }), (parts) => {
          // Counters must rise: number the frames in order.
          const bytes = concat(...parts.flatMap(([garbage, i], n) => [garbage, encryptFrame(plaintext(i), { key, frameCounter: 1000 + n })]));
          const results = decodeAll([bytes]);
          expect(kinds(results)).toEqual(parts.map((_, n) => `telegram ${1000 + n}`));
        }),
        { numRuns: 100 },
      );
    });
  });
});

describe('decryptTelegram', () => {
  it('decrypts one frame to its telegram, and throws what went wrong otherwise', () => {
    const telegram = decryptTelegram(frame(5), options);
    expect(telegram.raw).toBe(plaintext(5));
    expect(telegram.decryption?.frameCounter).toBe(1005);
    expect(() => decryptTelegram(frame(5), { decryptionKey: toHex(randomKey()) })).toThrow(expect.objectContaining({ code: 'decryption-failed' }));
    expect(() => decryptTelegram(frame(5).subarray(0, 60), options)).toThrow(expect.objectContaining({ code: 'incomplete' }));
    expect(() => decryptTelegram(ascii('nothing here'), options)).toThrow(expect.objectContaining({ code: 'no-telegram' }));
  });
});

describe('readTelegrams and TelegramStream with decryptionKey', () => {
  const bytes = concat(ascii('xx'), frame(1), frame(2).subarray(0, 50), frame(3));

  it('readTelegrams decrypts and hands errors to onError', async () => {
    async function* source() {
      for (let i = 0; i < bytes.length; i += 64) yield bytes.subarray(i, i + 64);
    }
    const errors: string[] = [];
    const got: Telegram[] = [];
    for await (const t of readTelegrams(source(), { ...options, onError: (e) => errors.push(e.code) })) got.push(t);
    expect(got.map((t) => t.decryption?.frameCounter)).toEqual([1001, 1003]);
    expect(errors).toEqual(['incomplete']);
  });

  it('TelegramStream decrypts as a web stream', async () => {
    const errors: string[] = [];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 700));
        controller.enqueue(bytes.subarray(700));
        controller.close();
      },
    }).pipeThrough(new TelegramStream({ ...options, onError: (e) => errors.push(e.code) }));
    const got: Telegram[] = [];
    for await (const t of stream as unknown as AsyncIterable<Telegram>) got.push(t);
    expect(got.map((t) => t.reading.electricity.received.actual.reading)).toEqual([1.123, 3.123]);
    expect(errors).toEqual(['incomplete']);
  });

  it('without a key, an encrypted stream gives no telegram', async () => {
    async function* source() {
      yield bytes;
    }
    const got: Telegram[] = [];
    for await (const t of readTelegrams(source())) got.push(t);
    expect(got).toEqual([]);
  });
});
