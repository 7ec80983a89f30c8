import { describe, expect, it } from 'vitest';
import {
  createTelegramDecoder,
  EncryptedTelegramDecoder,
  FrameDecoder,
  isP1Error,
  parseFrame,
  parseTelegram,
  parseTelegrams,
  readTelegrams,
  type Telegram,
  TelegramDecoder,
  TelegramStream,
} from './index.js';
import { body, seal } from '../test/helpers.js';

/** Parses data lines wrapped in a DSMR 5 telegram with a correct CRC. */
function parse(lines: string[], header = 'ISk5\\2M550T-1012'): Telegram {
  return parseTelegram(seal(body(header, lines)));
}
const codes = (t: Telegram) => t.issues.map((i) => i.code);

describe('parseTelegram: lines and OBIS codes', () => {
  it('keeps every line, known or unknown, in order with its groups', () => {
    const t = parse(['1-0:1.8.1(000123.456*kWh)', '1-0:94.32.1(400)', '9-9:9.9.9(a)(b*x)']);
    expect(t.objects.map((o) => [o.obis, o.name, o.line])).toEqual([
      ['1-0:1.8.1', 'energyReceivedTariff1', 3],
      ['1-0:94.32.1', null, 4],
      ['9-9:9.9.9', null, 5],
    ]);
    expect(t.objects[2]!.groups).toEqual([
      { raw: 'a', value: 'a', unit: null },
      { raw: 'b*x', value: 'b', unit: 'x' },
    ]);
    expect(t.issues).toEqual([]);
  });

  it('strips an F group sent as *255 or .255 (quirk 21)', () => {
    const t = parse(['1-0:1.8.0*255(00052185.7825309*kWh)', '1-0:31.7.0.255(001*A)']);
    expect(t.objects.map((o) => o.obis)).toEqual(['1-0:1.8.0', '1-0:31.7.0']);
    expect(t.reading.electricity.instantaneous.current.L1).toEqual({ reading: 1, unit: 'A' });
  });

  it('keeps another F group, a stored value, apart: history never takes the current value (Logarex LK13BE)', () => {
    const history = ['1-0:1.8.0*96(00000.0*kWh)', '1-0:1.8.0*97(00000.0*kWh)', '1-0:1.8.0*100(00000.4*kWh)', '1-0:1.8.1.96(1.0*kWh)'];
    for (const lines of [['1-0:1.8.0*255(000000.4392*kWh)', ...history], [...history, '1-0:1.8.0*255(000000.4392*kWh)']]) {
      const t = parse(lines);
      expect(t.reading.electricity.received.total).toEqual({ reading: 0.4392, unit: 'kWh' });
      expect(t.reading.electricity.received.tariff1.reading).toBeNull();
      expect(t.objects.filter((o) => o.name === null).map((o) => o.obis)).toEqual(['1-0:1.8.0*96', '1-0:1.8.0*97', '1-0:1.8.0*100', '1-0:1.8.1*96']);
      expect(t.objects.find((o) => o.obis === '1-0:1.8.0*100')!.groups[0]).toEqual({ raw: '00000.4*kWh', value: '00000.4', unit: 'kWh' });
      expect(t.issues).toEqual([]);
    }
  });

  it('takes a line of spaces for a blank line: no issue, and the next line keeps its number', () => {
    const t = parseTelegram(seal('/MyMeterType\r\n   \r\n1-0:1.8.1(000001.000*kWh)\r\n \r\n1-0:1.8.2(000002.000*kWh)\r\n!'));
    expect(t.issues).toEqual([]);
    expect(t.objects.map((o) => [o.obis, o.line])).toEqual([['1-0:1.8.1', 3], ['1-0:1.8.2', 5]]);
    expect(t.reading.electricity.received.tariff2.reading).toBe(2);
  });

  it('reads spec typos with ":" for "." (1-0:72:32.0, 1-0:99:97.0)', () => {
    const t = parse(['1-0:72:32.0(00002)', '1-0:99:97.0(0)(0-0:96.7.19)']);
    expect(t.reading.electricity.voltageSags.L3).toBe(2);
    expect(t.reading.electricity.longPowerFailureLog).toEqual({ count: 0, log: [] });
  });

  it('keeps a corrupted line as an unparsable object and still reads the rest (quirk 25)', () => {
    const t = parse(['1,0:2.7.0(00.000*kW)', 'garbage without groups', '1-0:1.7.0(01.193*kW)']);
    expect(t.objects.map((o) => o.obis)).toEqual([null, null, '1-0:1.7.0']);
    expect(codes(t)).toEqual(['unparsable-line', 'unparsable-line']);
    expect(t.issues[0]).toMatchObject({ line: 3 });
    expect(t.issues[0]!.message).toContain('1,0:2.7.0');
    expect(t.reading.electricity.received.actual).toEqual({ reading: 1.193, unit: 'kW' });
  });

  it('takes the header as everything up to CRLF (quirk 20)', () => {
    expect(parse([], 'Ene5\\T210-D ESMR5.0').header).toBe('Ene5\\T210-D ESMR5.0');
    expect(parse([], 'GRE5\\\\MS3XX').reading.meterType).toBe('GRE5\\\\MS3XX');
    expect(parse([], 'ADN9 6534').header).toBe('ADN9 6534');
  });

  it('accepts a telegram without the blank line after the header (quirk 1)', () => {
    const t = parseTelegram(seal(body('KMP5 ZABF0015', ['1-0:1.8.1(000001.000*kWh)'], false)));
    expect(t.objects).toHaveLength(1);
    expect(t.objects[0]!.line).toBe(2);
  });
});

describe('parseTelegram: values', () => {
  it('parses numbers of any width and decimals, keeping the exact digits in the groups (quirk 8)', () => {
    const t = parse(['1-0:31.7.0(003.56*A)', '1-0:1.7.0(0000.63*kW)', '1-0:1.8.1(000123.450*kWh)']);
    expect(t.reading.electricity.instantaneous.current.L1).toEqual({ reading: 3.56, unit: 'A' });
    expect(t.reading.electricity.received.actual).toEqual({ reading: 0.63, unit: 'kW' });
    expect(t.reading.electricity.received.tariff1.reading).toBe(123.45);
    expect(t.objects[2]!.groups[0]!.value).toBe('000123.450');
  });

  it('allows negative values (quirk 9)', () => {
    expect(parse(['1-0:1.4.0(-03.618*kW)']).reading.electricity.demand.positiveActiveDemand.currentDemandPeriod)
      .toEqual({ reading: -3.618, unit: 'kW' });
  });

  it('matches units without regard to case and keeps the spelling sent (quirk 23)', () => {
    const t = parse(['1-0:1.8.1(000001.000*kwh)', '1-0:1.8.2(000002.000*KWH)']);
    expect(t.reading.electricity.received.tariff1.unit).toBe('kwh');
    expect(t.reading.electricity.received.tariff2.unit).toBe('KWH');
    expect(t.issues).toEqual([]);
  });

  it("takes Wh and W, an Austrian meter's units, on every active energy and power register, kept as sent", () => {
    const lines = ['1-0:1.8.0(000201282*Wh)', '1-0:1.8.1(000134904*Wh)', '1-0:2.8.2(000000010*Wh)', '1-0:1.7.0(000000000*W)', '1-0:2.7.0(000003996*W)', '1-0:21.7.0(000001200*W)'];
    const t = parse(lines, 'EST5\\253710000_A');
    expect(t.issues).toEqual([]);
    expect(t.reading.electricity.received.tariff1).toEqual({ reading: 134904, unit: 'Wh' });
    expect(t.reading.electricity.delivered.actual).toEqual({ reading: 3996, unit: 'W' });
    expect(t.reading.electricity.instantaneous.power.positive.L1).toEqual({ reading: 1200, unit: 'W' });
  });

  it('flags a unit the standard does not define', () => {
    const t = parse(['1-0:1.8.1(000001.000*m3)']);
    expect(codes(t)).toEqual(['unexpected-unit']);
    expect(t.reading.electricity.received.tariff1).toEqual({ reading: 1, unit: 'm3' });
  });

  it('fills the defined unit when a number comes without one (quirk 11)', () => {
    expect(parse(['1-0:1.8.1(000001.000)']).reading.electricity.received.tariff1).toEqual({ reading: 1, unit: 'kWh' });
  });

  it('turns a non-number into null with an issue, not a failed telegram (quirk 10)', () => {
    const t = parse(['1-0:1.7.0(NaN*kW)', '1-0:2.7.0(00.100*kW)']);
    expect(t.reading.electricity.received.actual).toEqual({ reading: null, unit: null });
    expect(t.reading.electricity.delivered.actual.reading).toBe(0.1);
    expect(t.issues[0]).toMatchObject({ code: 'invalid-number', obis: '1-0:1.7.0' });
  });

  it('reads S and W timestamps as UTC (the seed example: 101209113020W)', () => {
    expect(parse(['0-0:1.0.0(101209113020W)']).reading.timestamp).toBe('2010-12-09T10:30:20.000Z');
    expect(parse(['0-0:1.0.0(230704120000S)']).reading.timestamp).toBe('2023-07-04T10:00:00.000Z');
  });

  it.each(['632525252525W', '632525252525S', '000101000000W', '000101000001W', '700101010000W', '250000000000W'])(
    'turns the placeholder stamp %s into null with an issue (quirk 12)',
    (stamp) => {
      const t = parse([`0-0:1.0.0(${stamp})`]);
      expect(t.reading.timestamp).toBeNull();
      expect(codes(t)).toEqual(['placeholder-timestamp']);
    },
  );

  it('reads the hex COSEM date-time one meter sends as its telegram time', () => {
    // 2024-06-28 10:43:43 local, deviation -120 minutes (CEST) -> 08:43:43Z
    expect(parse(['0-0:1.0.0(07E8061C050A2B2B00FF8880)']).reading.timestamp).toBe('2024-06-28T08:43:43.000Z');
  });

  it('decodes a hex text message where it is printable, and keeps it as sent otherwise (quirk 5)', () => {
    expect(parse(['0-0:96.13.0(48656C6C6F2C2050312E)']).reading.textMessage.message).toBe('Hello, P1.');
    expect(parse(['0-0:96.13.0(test-/-test)']).reading.textMessage.message).toBe('test-/-test');
    expect(parse(['0-0:96.13.0(FFFF)']).reading.textMessage.message).toBe('FFFF');
    const raw = parse(['0-0:96.13.0(\xff\xfeok)']).reading.textMessage.message;
    expect(raw).toBe('\xff\xfeok');
  });

  it('treats empty groups as null (0-0:96.13.0(), 0-1:96.1.0())', () => {
    const t = parse(['0-0:96.13.1()', '0-0:96.13.0()', '0-1:24.1.0()', '0-1:96.1.0()']);
    expect(t.reading.textMessage).toEqual({ codes: null, message: null });
    expect(t.reading.mbus[0]).toMatchObject({ channel: 1, deviceType: null, equipmentId: null, medium: null });
  });

  it('joins a text message broken over lines; the CRC covers the embedded CRLFs (quirk 4)', () => {
    const t = parse(['0-0:96.13.0(48656C6C6F2C', '2050312E)', '1-0:1.8.1(000001.000*kWh)']);
    expect(t.reading.textMessage.message).toBe('Hello, P1.');
    expect(t.objects[0]!.raw).toBe('0-0:96.13.0(48656C6C6F2C\r\n2050312E)');
    expect(t.objects[1]!.line).toBe(5);
  });

  it('keeps nested parentheses inside the value (quirk 22)', () => {
    const t = parse(['1-0:0.2.0((ER11))', '1-0:1.8.1(000001.000*kWh)']);
    expect(t.objects[0]!.value).toBe('(ER11)');
    expect(t.reading.electricity.received.tariff1.reading).toBe(1);
  });

  it('keeps the comma form of a two-value group as an unknown object without breaking (quirk 27)', () => {
    const t = parse(['1-1:31.4.0(100.0*A,-100.0*A)', '1-0:1.8.1(000001.000*kWh)']);
    expect(t.objects[0]!.groups[0]!.raw).toBe('100.0*A,-100.0*A');
    expect(t.reading.electricity.fuseThreshold).toEqual({ value: null, unit: null });
  });

  it('keeps odd-length and binary hex ids as sent (quirk 28)', () => {
    expect(parse(['0-0:96.1.1(205C4D246333034353537383234323121)']).reading.equipmentId).toBe(
      '205C4D246333034353537383234323121',
    );
  });
});

describe('parseTelegram: multi-group objects', () => {
  it('reads the power-failure log with start = end - duration', () => {
    const log = parse(['1-0:99.97.0(2)(0-0:96.7.19)(101208152415W)(0000000240*s)(101208151004W)(0000000301*s)'])
      .reading.electricity.longPowerFailureLog;
    expect(log).toEqual({
      count: 2,
      log: [
        { startOfFailure: '2010-12-08T14:20:15.000Z', endOfFailure: '2010-12-08T14:24:15.000Z', duration: 240, unit: 's' },
        { startOfFailure: '2010-12-08T14:05:03.000Z', endOfFailure: '2010-12-08T14:10:04.000Z', duration: 301, unit: 's' },
      ],
    });
  });

  it.each(['()', '(0)()', '(0)(0-0:96.7.19)'])('reads the empty power-failure log form %s (quirk 13)', (groups) => {
    expect(parse([`1-0:99.97.0${groups}`]).reading.electricity.longPowerFailureLog).toEqual({ count: 0, log: [] });
  });

  it('keeps the log order as sent, oldest first included (quirk 14)', () => {
    const log = parse(['1-0:99.97.0(2)(0-0:96.7.19)(180101000000W)(10*s)(220101000000W)(20*s)']).reading.electricity
      .longPowerFailureLog.log;
    expect(log.map((e) => e.endOfFailure)).toEqual(['2017-12-31T23:00:00.000Z', '2021-12-31T23:00:00.000Z']);
  });

  it('gives a null start, and does not throw, for a duration beyond the dates a Date holds', () => {
    const t = parse(['1-0:99.97.0(2)(0-0:96.7.19)(231102142015W)(99999999999999999999*s)(240101000000W)(-0000000005*s)']);
    expect(t.reading.electricity.longPowerFailureLog.log).toEqual([
      { startOfFailure: null, endOfFailure: '2023-11-02T13:20:15.000Z', duration: 99999999999999999999, unit: 's' },
      { startOfFailure: '2023-12-31T23:00:05.000Z', endOfFailure: '2023-12-31T23:00:00.000Z', duration: -5, unit: 's' },
    ]);
  });

  it('reads a Kaifa placeholder entry and a duration without unit', () => {
    const t = parse(['1-0:99.97.0(2)(0-0:96.7.19)(000101000001W)(2147483647*s)(240101000000W)(0003600)']);
    expect(t.reading.electricity.longPowerFailureLog.log).toEqual([
      { startOfFailure: null, endOfFailure: null, duration: 2147483647, unit: 's' },
      { startOfFailure: '2023-12-31T22:00:00.000Z', endOfFailure: '2023-12-31T23:00:00.000Z', duration: 3600, unit: 's' },
    ]);
    expect(codes(t)).toEqual(['placeholder-timestamp']);
  });

  it('reads the Belgian 13-month demand history, a month without data included', () => {
    const t = parse([
      '0-0:98.1.0(2)(1-0:1.6.0)(1-0:1.6.0)(240401000000S)(240315184500W)(04.139*kW)(240501000000S)(632525252525W)(00.000*kW)',
    ]);
    expect(t.reading.electricity.demand.maximumDemandLastMonths).toEqual({
      count: 2,
      months: [
        { month: '2024-03-31T22:00:00.000Z', timestamp: '2024-03-15T17:45:00.000Z', value: 4.139, unit: 'kW' },
        { month: '2024-04-30T22:00:00.000Z', timestamp: null, value: 0, unit: 'kW' },
      ],
    });
    expect(codes(t)).toEqual(['placeholder-timestamp']);
  });

  it('leaves a 0-0:98.1.0 of another layout (Hungary) undecoded instead of wrong', () => {
    const t = parse(['0-0:98.1.0(240101000000W)(000001.000*kWh)(000002.000*kWh)']);
    expect(t.objects[0]!.value).toBeNull();
    expect(t.reading.electricity.demand.maximumDemandLastMonths).toEqual({ count: null, months: [] });
  });

  it('reads the month peak 1-0:1.6.0 in either group order (quirk 26)', () => {
    const normal = parse(['1-0:1.6.0(240105081500W)(03.412*kW)']).reading.electricity.demand.positiveActiveDemand;
    expect(normal.maximumDemand).toEqual({ timestamp: '2024-01-05T07:15:00.000Z', reading: 3.412, unit: 'kW' });
    const swapped = parse(['1-0:1.6.0(08.796*kW)(260102010000)']).reading.electricity.demand.positiveActiveDemand;
    expect(swapped.maximumDemand).toEqual({ timestamp: '2026-01-02T00:00:00.000Z', reading: 8.796, unit: 'kW' });
  });
});

describe('parseTelegram: M-Bus devices', () => {
  it('classifies devices by type, not channel: gas on channel 2 next to an empty channel 1 (quirks 15-17)', () => {
    const t = parse([
      '0-1:24.1.0(003)',
      '0-1:96.1.0()',
      '0-1:24.2.1(632525252525W)(00000.000)',
      '0-2:24.1.0(003)',
      '0-2:96.1.0(4730303139303330353336383537)',
      '0-2:24.2.1(240105115500W)(01234.567*m3)',
      '0-3:24.1.0(007)',
      '0-3:96.1.0(3757)',
      '0-3:24.2.1(240105115000W)(00012.345*m3)',
    ]);
    expect(t.reading.mbus.map((d) => [d.channel, d.medium, d.reading, d.unit])).toEqual([
      [1, 'gas', 0, null],
      [2, 'gas', 1234.567, 'm3'],
      [3, 'water', 12.345, 'm3'],
    ]);
    expect(t.reading.gas).toEqual({
      deviceType: '003',
      equipmentId: '4730303139303330353336383537',
      timestamp: '2024-01-05T10:55:00.000Z',
      reading: 1234.567,
      unit: 'm3',
      valvePosition: null,
    });
  });

  it('never lets water or heat become gas', () => {
    const t = parse(['0-1:24.1.0(007)', '0-1:96.1.0(3757)', '0-1:24.2.1(240105115000W)(00012.345*m3)', '0-2:24.1.0(004)', '0-2:24.2.1(240105115000W)(00001.234*GJ)']);
    expect(t.reading.gas.reading).toBeNull();
    expect(t.reading.mbus.map((d) => d.medium)).toEqual(['water', 'heat']);
  });

  it('reads Belgian ids (96.1.1) and gas without temperature correction (24.2.3) (quirk 18)', () => {
    const t = parse(['0-1:24.1.0(003)', '0-1:96.1.1(37464C4F32313233)', '0-1:24.4.0(1)', '0-1:24.2.3(240105120000W)(00101.111*m3)'], 'FLU5\\253769484_A');
    expect(t.reading.gas).toEqual({
      deviceType: '003',
      equipmentId: '37464C4F32313233',
      timestamp: '2024-01-05T11:00:00.000Z',
      reading: 101.111,
      unit: 'm3',
      valvePosition: '1',
    });
  });

  it('reads the DSMR 2.2/3.0 gas value from the next line, with a Dutch local stamp (quirk 3)', () => {
    const raw = body('KMP5 ZABF0015', ['0-1:96.1.0(3238303131303031)', '0-1:24.1.0(3)', '0-1:24.3.0(231114150000)(08)(60)(1)(0-1:24.2.1)(m3)', '(02345.678)', '0-1:24.4.0(1)']) + '\r\n';
    const t = parseTelegram(raw);
    expect(t.profile).toBe('dsmr2.2');
    expect(t.crc).toBeNull();
    expect(t.reading.gas).toEqual({
      deviceType: '3',
      equipmentId: '3238303131303031',
      timestamp: '2023-11-14T14:00:00.000Z',
      reading: 2345.678,
      unit: 'm3',
      valvePosition: '1',
    });
    expect(t.objects[2]!.raw).toBe('0-1:24.3.0(231114150000)(08)(60)(1)(0-1:24.2.1)(m3)\r\n(02345.678)');
  });

  it('reads a 12-digit local stamp in summer time and flags the repeated autumn hour', () => {
    const summer = parse(['0-1:24.1.0(3)', '0-1:24.3.0(230704120000)(08)(60)(1)(0-1:24.2.1)(m3)', '(00001.000)']);
    expect(summer.reading.mbus[0]!.timestamp).toBe('2023-07-04T10:00:00.000Z');
    const autumn = parse(['0-1:24.1.0(3)', '0-1:24.3.0(231029023000)(08)(60)(1)(0-1:24.2.1)(m3)', '(00001.000)']);
    expect(autumn.reading.mbus[0]!.timestamp).toBe('2023-10-29T01:30:00.000Z');
    expect(codes(autumn)).toEqual(['ambiguous-local-time']);
  });
});

describe('parseTelegram: input handling', () => {
  it('throws no-telegram when the input has no "/"', () => {
    expect(() => parseTelegram('1-0:1.8.1(1*kWh)\r\n!')).toThrowError(expect.objectContaining({ code: 'no-telegram' }));
  });

  it('throws incomplete when the telegram has no end', () => {
    try {
      parseTelegram('/XYZ5 T\r\n\r\n1-0:1.8.1(1*kWh)\r\n');
      expect.unreachable();
    } catch (error) {
      expect(isP1Error(error) && error.code).toBe('incomplete');
    }
  });

  it('rejects an unknown forced profile', () => {
    expect(() => parseTelegram('/X\r\n!', { profile: 'dsmr9' as 'dsmr5' })).toThrowError(/unknown profile/);
  });

  it('checks the parse options alike at every entry point, when it is called', async () => {
    const text = seal(body('ISk5\\2M550T-1012', ['1-0:1.8.1(000001.000*kWh)']));
    const [result] = new FrameDecoder().push(text);
    const frame = result!.type === 'frame' ? result!.frame : expect.fail('no frame');
    const key = '000102030405060708090A0B0C0D0E0F';
    const entryPoints: [string, (options: object) => unknown][] = [
      ['parseTelegram', (o) => parseTelegram(text, o)],
      ['parseFrame', (o) => parseFrame(frame, o)],
      ['TelegramDecoder', (o) => new TelegramDecoder(o)],
      ['EncryptedTelegramDecoder', (o) => new EncryptedTelegramDecoder({ decryptionKey: key, ...o })],
      ['createTelegramDecoder', (o) => createTelegramDecoder(o)],
      ['TelegramStream', (o) => new TelegramStream(o)],
      ['parseTelegrams', (o) => parseTelegrams(text, o).next()],
    ];
    const bad: [object, RegExp][] = [
      [{ profile: 'bogus' }, /unknown profile "bogus": use one of 'dsmr2\.2', 'dsmr3', 'dsmr4', 'dsmr5', 'emucs'/],
      [{ keepRaw: 'no' }, /keepRaw must be true or false, got "no"/],
      [{ keepObjects: 0 }, /keepObjects must be true or false, got 0/],
      // Another library's options, or a typo: refused rather than ignored (a CRC check meant off stays on otherwise).
      [{ strict: false }, /unknown option "strict": the options are crc, .*\(the CRC check is crc: 'strict' \| 'lenient' \| 'off'\)/],
      [{ checkCrc: false }, /unknown option "checkCrc"/],
      [{ sevenbit: true }, /unknown option "sevenbit"/],
    ];
    for (const [name, call] of entryPoints) {
      for (const [options, message] of bad) {
        let thrown: unknown;
        try {
          call(options);
        } catch (error) {
          thrown = error;
        }
        expect(isP1Error(thrown) && thrown.code, `${name} ${JSON.stringify(options)}`).toBe('invalid-option');
        expect((thrown as Error).message).toMatch(message);
      }
      expect(() => call({ profile: 'dsmr5', keepRaw: false, keepObjects: true })).not.toThrow();
      expect(() => call({ crc: 'lenient', crcAlgorithm: 'arc', maxFrameSize: 4096, sevenBit: false, onError: () => {} })).not.toThrow();
    }
    // readTelegrams checks when it is first pulled (an async generator runs nothing before).
    await expect(readTelegrams((async function* () { yield text; })(), { profile: 'bogus' as 'dsmr5' }).next()).rejects.toThrow(/unknown profile "bogus"/);
  });

  it('accepts bytes and strings alike', () => {
    const text = seal(body('ISk5\\2M550T-1012', ['1-0:1.8.1(000001.000*kWh)']));
    const fromBytes = parseTelegram(Uint8Array.from(text, (c) => c.charCodeAt(0)));
    expect(fromBytes.reading.electricity.received.tariff1.reading).toBe(1);
    expect(fromBytes.toJSON()).toEqual(parseTelegram(text).toJSON());
  });
});
