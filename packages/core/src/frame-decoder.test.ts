import { describe, expect, it } from 'vitest';
import { FrameDecoder, type FrameResult, TelegramDecoder, type DecodeResult } from './index.js';
import { ascii, body, seal, sealX25 } from '../test/helpers.js';

const A = seal(body('KFM5KAIFA-METER', ['1-3:0.2.8(42)', '0-0:1.0.0(240105120000W)', '1-0:1.8.1(000100.000*kWh)']));
const B = seal(body('ISk5\\2M550T-1012', ['1-3:0.2.8(50)', '0-0:1.0.0(240105120001W)', '1-0:1.8.1(000200.000*kWh)']));
const NO_CRC = body('KMP5 ZABF001587315111', ['0-0:96.1.1(205C4D246333034353537383234323121)', '1-0:1.8.1(00123.456*kWh)']) + '\r\n';

function decodeAll(input: string | Uint8Array, decoder = new FrameDecoder()): FrameResult[] {
  return [...decoder.push(input), ...decoder.end()];
}

function summary(results: Array<FrameResult | DecodeResult>): string[] {
  return results.map((r) => {
    if (r.type === 'error') return `error:${r.error.code}`;
    const { raw, crc } = r.type === 'frame' ? r.frame : r.telegram;
    return `${raw.slice(1, raw.search(/\r?\n/))}:${crc === null ? 'no-crc' : crc.valid ? 'ok' : 'bad'}`;
  });
}

describe('FrameDecoder', () => {
  it('skips garbage before and between telegrams, counting it', () => {
    const decoder = new FrameDecoder();
    const results = decodeAll(`\x00\xff noise ${A}junk\r\n${B}`, decoder);
    expect(summary(results)).toEqual(['KFM5KAIFA-METER:ok', 'ISk5\\2M550T-1012:ok']);
    expect(decoder.stats.garbageBytes).toBe(9 + 6);
    expect(decoder.stats.frames).toBe(2);
  });

  it('treats the tail of a telegram whose start was missed as garbage, not as an error', () => {
    const tail = A.slice(A.indexOf('1-0:1.8.1'));
    expect(summary(decodeAll(tail + B))).toEqual(['ISk5\\2M550T-1012:ok']);
  });

  it('keeps the raw telegram byte for byte, final CRLF included', () => {
    const [result] = decodeAll(A);
    expect(result).toMatchObject({ type: 'frame', frame: { raw: A } });
  });

  it('restarts at a new identification line after a line that lost its end', () => {
    // Bytes lost in the middle of A: the new '/' follows a partial line with no CRLF.
    const broken = A.slice(0, A.indexOf('1-0:1.8.1') + 14);
    expect(summary(decodeAll(broken + B))).toEqual(['error:incomplete', 'ISk5\\2M550T-1012:ok']);
  });

  it('restarts at a new identification line at the start of a line', () => {
    const broken = A.slice(0, A.indexOf('1-0:1.8.1'));
    const results = decodeAll(broken + B);
    expect(summary(results)).toEqual(['error:incomplete', 'ISk5\\2M550T-1012:ok']);
    expect(results[0]!.type === 'error' && results[0]!.error.raw).toBe(broken);
  });

  it('names the line that looked like the end but was not one, however the bytes are chunked', () => {
    // A test bench's telegram: its CRC line carries a comment, so no '!' line ends the frame.
    const commented = A.replace(/!([0-9A-F]{4})\r\n$/, '!$1 sendp1_short_crlf.sh record\r\n');
    const why = /its line "!\w{4} sendp1_short_crlf\.sh record" is no end line \("!", at most 4 hex digits, then CR LF\)/;
    for (const size of [1, 7, 64, commented.length]) {
      const decoder = new FrameDecoder();
      const results: FrameResult[] = [];
      for (let i = 0; i < commented.length; i += size) results.push(...decoder.push(commented.slice(i, i + size)));
      results.push(...decoder.end());
      expect(results.map((r) => r.type === 'error' && r.error.code)).toEqual(['incomplete']);
      expect(results[0]!.type === 'error' && results[0]!.error.message).toMatch(/the input ended before its "!" end line; /);
      expect(results[0]!.type === 'error' && results[0]!.error.message).toMatch(why);
    }
    const [cut] = decodeAll(commented + B);
    expect(cut!.type === 'error' && cut!.error.message).toMatch(/a new telegram began before its "!" end line; .*sendp1/);
    const [plain] = decodeAll(A.slice(0, A.indexOf('1-0:1.8.1')));
    expect(plain!.type === 'error' && plain!.error.message).not.toMatch(/is no end line/);
  });

  it('restarts on a new header in a telegram without CRC too', () => {
    const broken = NO_CRC.slice(0, 60);
    expect(summary(decodeAll(broken + NO_CRC))).toEqual(['error:incomplete', 'KMP5 ZABF001587315111:no-crc']);
  });

  it('does not take a "/" inside a text message for a new telegram', () => {
    const text = seal(body('ISk5\\2MT382-1000', ['0-0:96.13.0(test-/-test)', '1-0:1.8.1(000001.000*kWh)']));
    expect(summary(decodeAll(text))).toEqual(['ISk5\\2MT382-1000:ok']);
    const plain = body('ISk5\\2MT382-1000', ['0-0:96.13.0(test-/-test)']) + '\r\n';
    expect(summary(decodeAll(plain))).toEqual(['ISk5\\2MT382-1000:no-crc']);
  });

  it('lets the CRC decide when a text message line starts with what looks like a header', () => {
    // A text message split over lines whose second line begins "/ABC5": structurally a restart, but the CRC
    // over the whole telegram matches, so it is one telegram.
    const text = seal(body('XMX5LGBBFFB231215493', ['0-0:96.13.0(Hello', '/ABC5 world)', '1-0:1.8.1(000001.000*kWh)']));
    expect(summary(decodeAll(text))).toEqual(['XMX5LGBBFFB231215493:ok']);
  });

  it('keeps a Holley header with a "/" inside whole', () => {
    const holley = seal(body('HLY5/D545-METER', ['1-0:1.8.1(000001.000*kWh)']));
    expect(summary(decodeAll(holley))).toEqual(['HLY5/D545-METER:ok']);
  });

  it('checks CRC-16/X-25 when told the meter uses it (Holley DTSD545), and only then', () => {
    const holley = sealX25(body('HLY5/D545-METER', ['1-0:1.8.1(000001.000*kWh)', '0-0:96.13.0(a/b)']));
    expect(summary(decodeAll(holley, new FrameDecoder({ crcAlgorithm: 'x25' })))).toEqual(['HLY5/D545-METER:ok']);
    expect(summary(decodeAll(holley))).toEqual(['HLY5/D545-METER:bad']);
    expect(summary(decodeAll(A, new FrameDecoder({ crcAlgorithm: 'x25' })))).toEqual(['KFM5KAIFA-METER:bad']);
    // The CRC still decides where a telegram starts after lost bytes.
    const cut = holley.slice(0, 30);
    expect(summary(decodeAll(cut + holley, new FrameDecoder({ crcAlgorithm: 'x25' })))).toEqual(['error:incomplete', 'HLY5/D545-METER:ok']);
    const decoder = new TelegramDecoder({ crcAlgorithm: 'x25' });
    const [result] = [...decoder.push(holley), ...decoder.end()];
    expect(result?.type === 'telegram' && result.telegram.reading.electricity.received.tariff1.reading).toBe(1);
    expect(() => new FrameDecoder({ crcAlgorithm: 'ccitt' as 'x25' })).toThrowError(expect.objectContaining({ code: 'invalid-option' }));
  });

  it('compares a 3-digit CRC as a number (!B9F is 0x0B9F)', () => {
    // Find a telegram whose CRC is below 0x1000, then drop its leading zero.
    let text = '';
    for (let i = 0; ; i++) {
      text = seal(body('NWA-WARMTELINK', [`0-1:24.2.1(240101000000W)(${String(i).padStart(8, '0')}*GJ)`]));
      if (text.charAt(text.length - 6) === '0') break;
    }
    const unpadded = text.slice(0, -6) + text.slice(-5);
    expect(summary(decodeAll(unpadded))).toEqual(['NWA-WARMTELINK:ok']);
  });

  it('accepts a lower-case CRC', () => {
    const lower = A.slice(0, -6) + A.slice(-6).toLowerCase();
    expect(summary(decodeAll(lower))).toEqual(['KFM5KAIFA-METER:ok']);
  });

  it('reports no CRC as absent, not invalid (DSMR 2.2/3.0 "!" CRLF)', () => {
    expect(summary(decodeAll(NO_CRC))).toEqual(['KMP5 ZABF001587315111:no-crc']);
  });

  it('tolerates a NUL after the CRC', () => {
    const withNul = A.slice(0, -2) + '\x00\r\n';
    const results = decodeAll(withNul + B);
    expect(summary(results)).toEqual(['KFM5KAIFA-METER:ok', 'ISk5\\2M550T-1012:ok']);
  });

  it('completes a telegram without its final CRLF at the end of the input', () => {
    expect(summary(decodeAll(A.slice(0, -2)))).toEqual(['KFM5KAIFA-METER:ok']);
    expect(summary(decodeAll(NO_CRC.slice(0, -2)))).toEqual(['KMP5 ZABF001587315111:no-crc']);
  });

  it('ignores data a gateway appends after the CRC', () => {
    const q3d = body('ESY5Q3DB1024 V3.04', ['1-0:1.8.0*255(00052185.7825309*kWh)']) + '\r\n';
    const results = decodeAll(q3d + '12345\r\n\xff\xff\xff' + B);
    expect(summary(results)).toEqual(['ESY5Q3DB1024 V3.04:no-crc', 'ISk5\\2M550T-1012:ok']);
  });

  it('waits for more bytes when a chunk ends right after "!" or inside the CRC', () => {
    const decoder = new FrameDecoder();
    const cut = A.indexOf('!') + 1;
    expect(decoder.push(A.slice(0, cut))).toEqual([]);
    expect(decoder.push(A.slice(cut, cut + 2))).toEqual([]);
    expect(summary(decoder.push(A.slice(cut + 2)))).toEqual(['KFM5KAIFA-METER:ok']);
  });

  it('sees a "!" in a value or right after ")" as data, ending only at a line start', () => {
    const bang = seal(body('ISk5\\2MT382-1000', ['0-0:96.13.0(Wow!)', '1-0:1.8.1(000001.000*kWh)']));
    expect(summary(decodeAll(bang))).toEqual(['ISk5\\2MT382-1000:ok']);
    // Not an end where the standard puts none: the frame runs on to the real end line, whose CRC decides.
    const early = '/ISk5\\2MT382-1000\r\n\r\n1-0:1.8.1(000001.000*kWh)!x1-0:1.8.2(1)\r\n';
    expect(summary(decodeAll(seal(`${early}!`)))).toEqual(['ISk5\\2MT382-1000:ok']);
  });

  it('drops a frame past maxFrameSize with frame-too-large and resynchronises', () => {
    const decoder = new FrameDecoder({ maxFrameSize: 256 });
    const huge = `/XXX5 HUGE\r\n\r\n0-0:96.13.0(${'41'.repeat(400)})\r\n`;
    const results = decodeAll(huge + A, decoder);
    expect(summary(results)).toEqual(['error:frame-too-large', 'KFM5KAIFA-METER:ok']);
    expect(decoder.stats.tooLarge).toBe(1);
  });

  it('keeps a telegram that began inside the dropped bytes of an oversized frame', () => {
    // A lost '!' joins a broken telegram, noise lines and A into one frame that outgrows the cap inside A.
    const broken = `/XXX5 BROKEN\r\n${'1-0:99.99.0(1)\r\n'.repeat(28)}`;
    expect(broken.length).toBeLessThan(512);
    expect(broken.length + A.length).toBeGreaterThan(512);
    const decoder = new FrameDecoder({ maxFrameSize: 512 });
    expect(summary(decodeAll(broken + A, decoder))).toEqual(['error:frame-too-large', 'KFM5KAIFA-METER:ok']);
  });

  it('reports a shorter broken frame as incomplete and still delivers the next telegram', () => {
    const broken = `/XXX5 BROKEN\r\n${'1-0:99.99.0(1)\r\n'.repeat(20)}`;
    const decoder = new FrameDecoder({ maxFrameSize: 512 });
    expect(summary(decodeAll(broken + A, decoder))).toEqual(['error:incomplete', 'KFM5KAIFA-METER:ok']);
  });

  it('accepts the 2.8 kB maximum-length text message with the default cap', () => {
    const message = '41'.repeat(1024);
    const big = seal(body('ISk5\\2M550T-1012', ['1-3:0.2.8(50)', `0-0:96.13.0(${message})`]));
    expect(summary(decodeAll(big))).toEqual(['ISk5\\2M550T-1012:ok']);
  });

  it('masks bit 7 for a 7E1 meter read at 8N1', () => {
    const withParity = Uint8Array.from(ascii(NO_CRC), (b) => (evenParity(b) ? b : b | 0x80));
    expect(summary(decodeAll(withParity))).toEqual([]);
    expect(summary(decodeAll(withParity, new FrameDecoder({ sevenBit: true })))).toEqual([
      'KMP5 ZABF001587315111:no-crc',
    ]);
  });

  it('reports an incomplete telegram at the end of the input', () => {
    const decoder = new FrameDecoder();
    const results = decodeAll(A.slice(0, 40), decoder);
    expect(summary(results)).toEqual(['error:incomplete']);
    expect(decoder.stats.incomplete).toBe(1);
  });

  it('restores CR before bare LF when only that makes the CRC match, and says so', () => {
    const lfOnly = A.replace(/\r\n/g, '\n');
    const [result] = decodeAll(lfOnly);
    expect(result).toMatchObject({ type: 'frame', frame: { raw: lfOnly, lineEndingsRestored: true, crc: { valid: true } } });
  });

  it('rejects a maxFrameSize it cannot work with', () => {
    expect(() => new FrameDecoder({ maxFrameSize: 0 })).toThrowError(expect.objectContaining({ code: 'invalid-option' }));
  });
});

describe('TelegramDecoder CRC policy', () => {
  const corrupt = A.replace('000100.000', '000100.001');

  it('strict (default): a mismatch is an error carrying expected, actual, raw and the parsed telegram', () => {
    const decoder = new TelegramDecoder();
    const results = [...decoder.push(corrupt + B), ...decoder.end()];
    expect(summary(results)).toEqual(['error:crc-mismatch', 'ISk5\\2M550T-1012:ok']);
    const error = results[0]!.type === 'error' ? results[0]!.error : undefined;
    expect(error?.expected).toBe(parseInt(A.slice(-6, -2), 16));
    expect(error?.actual).not.toBe(error?.expected);
    expect(error?.raw).toBe(corrupt);
    expect(error?.message).toContain('KFM5KAIFA-METER');
    expect((error?.telegram as { reading: { electricity: { received: { tariff1: { reading: number } } } } }).reading
      .electricity.received.tariff1.reading).toBe(100.001);
    expect(decoder.stats).toMatchObject({ telegrams: 1, crcErrors: 1 });
  });

  it('lenient: delivers the telegram marked invalid', () => {
    const decoder = new TelegramDecoder({ crc: 'lenient' });
    expect(summary([...decoder.push(corrupt), ...decoder.end()])).toEqual(['KFM5KAIFA-METER:bad']);
  });

  it('off: computes no CRC (for meters with another checksum)', () => {
    const decoder = new TelegramDecoder({ crc: 'off' });
    expect(summary([...decoder.push(corrupt), ...decoder.end()])).toEqual(['KFM5KAIFA-METER:no-crc']);
  });

  it('rejects an unknown policy', () => {
    expect(() => new TelegramDecoder({ crc: 'maybe' as 'strict' })).toThrowError(/crc must be/);
  });
});

function evenParity(b: number): boolean {
  let ones = 0;
  for (let x = b; x; x >>= 1) ones += x & 1;
  return ones % 2 === 0;
}
