// Issue #12: core delivers only telegrams a meter sent. One test per reproduction of the issue, then the rules
// behind them (which frames without a CRC still count, what a header is, what P1 text is).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DecodeResult, isP1Error, latin1Bytes, type P1Error, parseTelegram, parseTelegrams, TelegramDecoder, type TelegramDecoderOptions } from '../src/index.js';
import { ascii, bitwiseCrc16, body, FIXTURES, loadFixtures, seal } from './helpers.js';

function decode(input: string | Uint8Array, options: TelegramDecoderOptions = {}) {
  const decoder = new TelegramDecoder(options);
  const results = [...decoder.push(input), ...decoder.end()];
  const telegrams = results.flatMap((r) => (r.type === 'telegram' ? [r.telegram] : []));
  const errors = results.flatMap((r: DecodeResult) => (r.type === 'error' ? [r.error] : []));
  return { telegrams, errors, stats: decoder.stats };
}

const fixture = (name: string): string => readFileSync(join(FIXTURES, 'telegrams', `${name}.txt`), 'latin1');
const AM550 = fixture('dsmr5-iskra-am550-three-phase');

/** A small seeded PRNG (mulberry32), so that the random bytes are the same on every run. */
function randomBytes(size: number, seed: number): Uint8Array {
  let a = seed >>> 0;
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return out;
}

describe('issue #12, reproduction 1: a flipped bit does not skip the CRC check', () => {
  const smallest = '/ISK5\\2M550T-1012\r\n\r\n1-3:0.2.8(50)\r\n!\r\n';

  it('rejects a DSMR 5 frame without CRC as crc-missing, counted, in strict and lenient mode alike', () => {
    for (const crc of ['strict', 'lenient'] as const) {
      const { telegrams, errors, stats } = decode(smallest, { crc });
      expect(telegrams).toEqual([]);
      expect(errors.map((e) => e.code)).toEqual(['crc-missing']);
      expect(errors[0]!.message).toMatch(/ISK5\\2M550T-1012.*no CRC.*DSMR 5/);
      expect(errors[0]!.telegram?.profile).toBe('dsmr5');
      expect(stats).toMatchObject({ telegrams: 0, crcErrors: 1, crcMissing: 1 });
    }
  });

  it("still parses it with crc: 'off', which checks nothing", () => {
    const { telegrams, stats } = decode(smallest, { crc: 'off' });
    expect(telegrams).toHaveLength(1);
    expect(telegrams[0]!.crc).toBeNull();
    expect(telegrams[0]!.reading.version).toBe('50');
    expect(stats.crcMissing).toBe(0);
  });

  it("parseTelegram takes the same crc policy: 'off' returns it, 'lenient' (its default) and 'strict' throw", () => {
    const telegram = parseTelegram(smallest, { crc: 'off' });
    expect(telegram.crc).toBeNull();
    expect(telegram.reading.version).toBe('50');
    for (const crc of [undefined, 'lenient', 'strict'] as const) {
      expect(() => parseTelegram(smallest, { crc })).toThrow(expect.objectContaining({ code: 'crc-missing' }));
    }
    expect(() => parseTelegram(smallest, { crc: 'bogus' as 'off' })).toThrow(expect.objectContaining({ code: 'invalid-option' }));
  });

  it("parseTelegram with crc: 'strict' throws crc-mismatch where by default the mismatch shows in crc", () => {
    const sealed = seal(body('ISK5\\2M550T-1012', ['1-3:0.2.8(50)', '1-0:1.8.1(000001.000*kWh)']));
    const wrong = sealed.replace('000001.000', '000001.001'); // the CRC no longer matches
    expect(parseTelegram(wrong).crc?.valid).toBe(false);
    expect(parseTelegram(wrong, { crc: 'lenient' }).crc?.valid).toBe(false);
    const error = (() => {
      try {
        parseTelegram(wrong, { crc: 'strict' });
      } catch (e) {
        return e as P1Error;
      }
    })();
    expect(error).toMatchObject({ code: 'crc-mismatch', expected: parseTelegram(wrong).crc!.expected });
    expect(error?.telegram?.reading.electricity.received.tariff1.reading).toBe(1.001);
    expect(parseTelegram(sealed, { crc: 'strict' }).crc?.valid).toBe(true);
    expect(parseTelegram(wrong, { crc: 'off' }).crc).toBeNull();
  });

  it('asks for a CRC wherever the standard is known from: the version line, the header, the option', () => {
    const belgian = '/FLU5\\253769484_A\r\n\r\n1-0:1.8.1(000001.000*kWh)\r\n!\r\n'; // eMUCs by its header
    expect(decode(belgian).errors.map((e) => e.code)).toEqual(['crc-missing']);
    const forced = '/KFM5KAIFA-METER\r\n\r\n1-0:1.8.1(000001.000*kWh)\r\n!\r\n';
    expect(decode(forced).telegrams).toHaveLength(1); // nothing says DSMR 4+: read as DSMR 2.2
    expect(decode(forced, { profile: 'dsmr4' }).errors.map((e) => e.code)).toEqual(['crc-missing']);
    expect(() => parseTelegram(smallest)).toThrow(expect.objectContaining({ code: 'crc-missing' }));
  });

  it('does not end a real DSMR 5 telegram at a "1" flipped to "!" at a line start: the CRC decides', () => {
    const flipped = AM550.replace('\r\n1-0:1.8.2', '\r\n!-0:1.8.2');
    expect(flipped).not.toBe(AM550);
    const strict = decode(flipped);
    expect(strict.telegrams).toEqual([]);
    expect(strict.errors.map((e) => e.code)).toEqual(['crc-mismatch']);
    expect(strict.stats.crcErrors).toBe(1);
    // Lenient delivers the whole telegram, flagged, with the damaged line kept as an unparsable object.
    const [telegram] = decode(flipped, { crc: 'lenient' }).telegrams;
    expect(telegram!.raw).toBe(flipped);
    expect(telegram!.crc?.valid).toBe(false);
    expect(telegram!.objects).toHaveLength(parseTelegram(AM550).objects.length);
    expect(telegram!.issues.map((i) => i.code)).toContain('unparsable-line');
    expect(telegram!.reading.electricity.received.tariff1.reading).toBe(618.332);
  });

  it('does not take "!" after ")" for an end', () => {
    const text = '/ISk5\\2MT382-1000\r\n\r\n1-0:1.8.1(000001.000*kWh)!x1-0:1.8.2(1)\r\n!1234';
    const { telegrams, errors } = decode(text);
    expect(telegrams).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['crc-mismatch']);
    expect(errors[0]!.raw).toBe(text);
  });
});

describe('issue #12, reproduction 2: noise does not become telegrams', () => {
  const noise = ['/)!', '/\xff\xfe\n!Z', '/\0)!\0', '/garbage\r\n\r\nhello world\r\n!\r\n', '/ab\r\n1-0:1.8.1(000123.456*kWh)\r\n!\r\n'];

  it.each(noise)('delivers nothing from %j, whatever the CRC policy and line settings', (text) => {
    for (const crc of ['strict', 'lenient', 'off'] as const) {
      for (const sevenBit of [false, true]) {
        expect(decode(text, { crc, sevenBit }).telegrams).toEqual([]);
      }
    }
    expect(() => parseTelegram(text)).toThrow(expect.objectContaining({ code: expect.stringMatching(/^(no-telegram|not-p1-text)$/) }));
  });

  it("parseTelegram says what stands where a header should: a test string's \\2 made a control byte", () => {
    const sealed = seal(body('ISk5\x022MT382-1000', ['1-3:0.2.8(50)', '1-0:1.8.1(000001.000*kWh)'])); // its CRC covers the 0x02
    expect(decode(sealed).telegrams).toEqual([]);
    expect(() => parseTelegram(sealed)).toThrow(/no "\/" begins a header; the first, at byte 0, reads "\/ISk5\\u00022MT382-1000\\r\\n.*", and a header is "\/", three letters, a baud-rate character/);
    expect(() => parseTelegram('no slash here')).toThrow(/^no telegram in the input: no "\/" begins a header \(\/XXX5\.\.\.\)$/);
  });

  it('counts a frame of text that is not P1 text, and says so', () => {
    const { errors, stats } = decode('/garbage\r\n\r\nhello world\r\n!\r\n');
    expect(errors.map((e) => e.code)).toEqual(['not-p1-text']);
    expect(errors[0]!.message).toMatch(/not P1 text/);
    expect(stats).toMatchObject({ telegrams: 0, frames: 0, garbageFrames: 1, garbageBytes: 28 });
  });

  it('gets no telegram from 4 MB of random bytes, read at 8N1 or masked to 7 bits (7E1)', () => {
    for (const sevenBit of [false, true]) {
      const decoder = new TelegramDecoder({ crc: 'lenient', sevenBit });
      const bytes = randomBytes(4 << 20, sevenBit ? 7 : 8);
      const kinds = new Set<string>();
      const take = (r: DecodeResult) => kinds.add(r.type === 'telegram' ? 'telegram' : r.error.code);
      for (let i = 0; i < bytes.length; i += 65536) decoder.push(bytes.subarray(i, i + 65536)).forEach(take);
      decoder.end().forEach(take);
      expect(decoder.stats.telegrams).toBe(0);
      // 7-bit noise is mostly printable: a header may pass, then its "telegram" runs to the size limit.
      expect([...kinds].filter((k) => !['frame-too-large', 'not-p1-text', 'incomplete'].includes(k))).toEqual([]);
      if (!sevenBit) expect(decoder.stats.garbageBytes).toBe(bytes.length);
    }
  }, 60_000);

  it('still reads every kind of real telegram without a CRC, and headers with a "/" or odd characters', () => {
    for (const name of ['dsmr22-iskra-mt382', 'quirk-no-blank-line-kamstrup-162', 'quirk-no-crc-bare-bang-eof-iskra-me382', 'quirk-text-not-hex-slash-iskra-mt382']) {
      const { telegrams, errors } = decode(fixture(name));
      expect(errors, name).toEqual([]);
      expect(telegrams[0]!.crc, name).toBeNull();
    }
    for (const header of ['ADN9 6534', 'NWA-WARMTELINK', 'Ene5\\T210-D ESMR5.0', 'GRE5\\\\3XT211-0042', 'HLY5/D545-METER']) {
      expect(decode(seal(body(header, ['1-3:0.2.8(50)', '1-0:1.8.1(000001.000*kWh)']))).telegrams[0]?.header).toBe(header);
    }
  });

  it('takes a header only as "/", three letters, a printable character, then printable text to the line end', () => {
    const line = '1-0:1.8.1(000001.000*kWh)';
    for (const header of ['AB5 x', 'A1C5', 'ABC\x005', 'ABC', 'ABC5 \x01x', `ABC5${'x'.repeat(200)}`]) {
      expect(decode(`/${header}\r\n\r\n${line}\r\n!\r\n`).telegrams, JSON.stringify(header)).toEqual([]);
    }
    expect(decode(`/ABC5\r\n\r\n${line}\r\n!\r\n`).telegrams).toHaveLength(1);
  });

  it('wants at least one COSEM line in a frame without CRC, and printable lines', () => {
    expect(decode('/ISk5\\2MT382-1000\r\n\r\n!\r\n').errors.map((e) => e.code)).toEqual(['not-p1-text']);
    expect(decode('/ISk5\\2MT382-1000\r\n\r\n1-0:1.8.1(000001.000*kWh)\r\n0-0:96.13.0(\x07)\r\n!\r\n').errors.map((e) => e.code)).toEqual(['not-p1-text']);
    expect(decode('/ISk5\\2MT382-1000\r\n\r\n1-0:1.8.1(000001.000*kWh)\r\n!\r\n').telegrams).toHaveLength(1);
  });

  it('lets a matching CRC vouch for bytes that are not printable text (raw 0xFF text of Hungarian meters)', () => {
    const { telegrams } = decode(fixture('quirk-text-raw-ff-bytes-sagemcom-hu'));
    expect(telegrams).toHaveLength(1);
    expect(telegrams[0]!.crc?.valid).toBe(true);
  });
});

describe('issue #12, reproduction 3: a configured gas meter is kept', () => {
  // The shape of dsmr_parser's test_gas_timestamp_invalid: a real id, a placeholder stamp, a value without unit.
  const lines = [
    '1-3:0.2.8(50)',
    '0-0:1.0.0(240105120000W)',
    '1-0:1.8.1(000100.000*kWh)',
    '0-1:24.1.0(003)',
    '0-1:96.1.0(4730303339303031363532303530323136)',
    '0-1:24.2.1(632525252525S)(00000.000)',
  ];

  it('makes a gas device with a real id `gas`: placeholder stamp null with an issue, reading as sent', () => {
    const telegram = parseTelegram(seal(body('ISk5\\2M550T-1012', lines)));
    expect(telegram.reading.gas).toEqual({
      deviceType: '003',
      equipmentId: '4730303339303031363532303530323136',
      timestamp: null,
      reading: 0,
      unit: null,
      valvePosition: null,
    });
    expect(telegram.reading.mbus[0]).toMatchObject({ channel: 1, medium: 'gas', equipmentId: '4730303339303031363532303530323136' });
    expect(telegram.issues).toEqual([expect.objectContaining({ code: 'placeholder-timestamp', obis: '0-1:24.2.1', line: 8 })]);
  });

  it('keeps an unconfigured slot (empty id) out of `gas`, as before', () => {
    const empty = lines.map((l) => (l.startsWith('0-1:96.1.0') ? '0-1:96.1.0()' : l));
    const telegram = parseTelegram(seal(body('ISk5\\2M550T-1012', empty)));
    expect(telegram.reading.gas.deviceType).toBeNull();
    expect(telegram.reading.mbus).toHaveLength(1);
  });
});

describe('issue #12, reproduction 4: no stale issue sticks to a later line or telegram', () => {
  const header = 'GRE5\\\\3XT211-0042';
  const telegram = (clock: string) =>
    seal(body(header, ['1-3:0.2.8(50)', `0-0:1.0.0(${clock})`, '1-1:1.8.1(001595.070*kWh)', '0-0:96.14.0(0001)']));

  it('gives the unknown line after a placeholder clock no issue, and the next telegram none at all', () => {
    const decoder = new TelegramDecoder();
    const [first, second] = [telegram('000101000000W'), telegram('240102183415W')].map((t) => {
      const [result] = decoder.push(t);
      expect(result?.type).toBe('telegram');
      return result!.type === 'telegram' ? result!.telegram : undefined;
    });
    expect(first!.issues).toEqual([expect.objectContaining({ code: 'placeholder-timestamp', obis: '0-0:1.0.0', line: 4 })]);
    expect(first!.objects[2]).toMatchObject({ obis: '1-1:1.8.1', value: null });
    expect(second!.issues).toEqual([]);
    expect(second!.reading.timestamp).toBe('2024-01-02T17:34:15.000Z');
    // And once more with the placeholder, then valid again: the line's memo carries no issue either way.
    const third = parseTelegram(telegram('000101000000W'));
    expect(third.issues.map((i) => i.obis)).toEqual(['0-0:1.0.0']);
    expect(parseTelegram(telegram('240102183416W')).issues).toEqual([]);
  });
});

describe('parseTelegram on a whole capture', () => {
  it('returns the first telegram without decoding the rest', () => {
    const capture = seal(body('KFM5KAIFA-METER', ['1-3:0.2.8(42)', '1-0:1.8.1(000100.000*kWh)'])).repeat(20_000);
    const telegram = parseTelegram(latin1Bytes(capture));
    expect(telegram.reading.electricity.received.tariff1.reading).toBe(100);
    expect(telegram.crc?.valid).toBe(true);
    expect(bitwiseCrc16(ascii(telegram.raw.slice(0, telegram.raw.indexOf('!') + 1)))).toBe(telegram.crc?.expected);
  }, 60_000);

  it('gives every telegram of a capture one at a time with parseTelegrams, as a decoder would, errors to onError', () => {
    const telegrams = loadFixtures().map((f) => String.fromCharCode(...f.bytes));
    const capture = `noise${telegrams.join('\r\n')}/ISK5\\2M550T-1012\r\n\r\n1-3:0.2.8(50)\r\n!\r\n`.repeat(30); // > 64 KiB
    const decoder = new TelegramDecoder({ crc: 'lenient' });
    const expected = [...decoder.push(capture), ...decoder.end()];
    for (const input of [capture, latin1Bytes(capture)]) {
      const errors: string[] = [];
      const got = [...parseTelegrams(input, { crc: 'lenient', onError: (e) => errors.push(e.code) })];
      expect(got.map((t) => t.raw)).toEqual(expected.flatMap((r) => (r.type === 'telegram' ? [r.telegram.raw] : [])));
      expect(errors).toEqual(expected.flatMap((r) => (r.type === 'error' ? [r.error.code] : [])));
      expect(errors).toContain('crc-missing');
    }
  });

  it('reports the first problem when the input holds no telegram', () => {
    const errors: P1Error[] = [];
    try {
      parseTelegram('/ISk5\\2MT382-1000\r\n\r\n1-0:1.8.1(0');
    } catch (error) {
      if (isP1Error(error)) errors.push(error);
    }
    expect(errors.map((e) => e.code)).toEqual(['incomplete']);
  });
});

describe('what the README says of values (issue #12, docs that match)', () => {
  it('keeps a value with an unexpected unit, with the unit as sent', () => {
    const telegram = parseTelegram(seal(body('ISk5\\2M550T-1012', ['1-3:0.2.8(50)', '1-0:1.8.1(000100.000*kvarh)'])));
    expect(telegram.issues.map((i) => i.code)).toEqual(['unexpected-unit']);
    expect(telegram.reading.electricity.received.tariff1).toEqual({ reading: 100, unit: 'kvarh' });
  });

  it("keeps the meter's order of maximumDemandLastMonths, newest first or oldest first", () => {
    const history = '0-0:98.1.0(2)(1-0:1.6.0)(1-0:1.6.0)(231201000000W)(231114174500W)(04.139*kW)(231101000000W)(231018080000S)(03.201*kW)';
    const telegram = parseTelegram(seal(body('FLU5\\253769484_A', ['0-0:96.1.4(50217)', history])));
    expect(telegram.reading.electricity.demand.maximumDemandLastMonths.months.map((m) => m.value)).toEqual([4.139, 3.201]);
  });

  it('gives a number without unit its standard unit, and leaves an M-Bus value without unit at null', () => {
    const lines = ['1-3:0.2.8(50)', '1-0:1.8.1(000100.000)', '0-1:24.1.0(003)', '0-1:96.1.0(4730)', '0-1:24.2.1(240105120000W)(00012.345)'];
    const reading = parseTelegram(seal(body('ISk5\\2M550T-1012', lines))).reading;
    expect(reading.electricity.received.tariff1).toEqual({ reading: 100, unit: 'kWh' });
    expect(reading.gas).toMatchObject({ reading: 12.345, unit: null });
  });
});
